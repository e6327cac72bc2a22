import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseFormat } from '../../shared/domain';
import { UserError } from '../../main/errors';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { ingestTake, type IngestResult } from '../../main/media/ingest-take';
import { cleanupTempDirs, makeClip, makeTempDir, truncateFile } from '../helpers/make-media';

afterAll(cleanupTempDirs);
const tools = locateFfmpeg(processLocatorInputs(null));
const house: HouseFormat = { width: 320, height: 180, fps: { num: 25, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };

interface StreamInfo {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
  time_base?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  sample_aspect_ratio?: string;
  duration?: string;
  nb_frames?: string;
}

function ffprobeJson(file: string, args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args, file], { encoding: 'utf8' })) as Record<string, unknown>;
}

function streams(file: string): StreamInfo[] {
  return (ffprobeJson(file, ['-show_streams']) as { streams: StreamInfo[] }).streams;
}

/** Frame numbers of the keyframes. */
function keyframeIndexes(file: string): number[] {
  const frames = (ffprobeJson(file, ['-select_streams', 'v', '-show_entries', 'frame=key_frame']) as { frames: { key_frame: number }[] }).frames;
  return frames.flatMap((f, i) => (f.key_frame === 1 ? [i] : []));
}

/** RGB of one pixel of the frame at `seconds`. */
function pixelAt(file: string, seconds: number, x: number, y: number): number[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  const width = Number(streams(file)[0]?.width);
  const at = (y * width + x) * 3;
  return [raw[at] ?? -1, raw[at + 1] ?? -1, raw[at + 2] ?? -1];
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe('ingestTake', () => {
  const sources: Record<string, string> = {};
  const results: Record<string, IngestResult> = {};
  let project = '';
  let inbox = '';

  beforeAll(async () => {
    project = path.join(makeTempDir('ingest'), 'Mon film.shotline');
    inbox = makeTempDir('inbox');
    fs.mkdirSync(project);
    // Different sizes, frame rates, codecs, containers, with and without audio.
    sources.h264 = await makeClip(path.join(inbox, 'prise 1.mp4'), { width: 160, height: 120, fps: 24, seconds: 2.2, sampleRate: 44100 });
    sources.mpeg4 = await makeClip(path.join(inbox, 'muet – 2.mkv'), { width: 200, height: 200, fps: 30, seconds: 2.2, audio: false, codec: 'mpeg4' });
    sources.vp9 = await makeClip(path.join(inbox, 'vp9 ünïcode.webm'), { width: 320, height: 240, fps: 25, seconds: 2.2, codec: 'vp9' });
    sources.portrait = await makeClip(path.join(inbox, 'portrait.mp4'), { width: 90, height: 160, fps: 30, seconds: 2.2, audio: false, colors: ['red'] });
    for (const [name, file] of Object.entries(sources)) {
      results[name] = await ingestTake(tools, { projectDir: project, source: file, outDir: `media/takes/${name}`, format: house, original: 'copy' });
    }
  }, 120_000);

  it('normalises every source to the house format, with identical stream parameters', () => {
    const signatures = new Set<string>();
    for (const [name, result] of Object.entries(results)) {
      const file = path.join(project, result.files.normalised ?? '');
      const [video, audio, ...rest] = streams(file);
      expect(rest, name).toEqual([]);
      expect(video, name).toMatchObject({
        codec_type: 'video',
        codec_name: 'h264',
        pix_fmt: 'yuv420p',
        width: 320,
        height: 180,
        r_frame_rate: '25/1',
        time_base: '1/90000',
        sample_aspect_ratio: '1:1',
      });
      expect(audio, name).toMatchObject({ codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, channel_layout: 'stereo' });
      // 2.2 s at 25 fps = 55 frames; audio ends with the video (within one AAC frame).
      expect(Number(video?.nb_frames), name).toBe(55);
      expect(result.durationSeconds).toBeCloseTo(2.2, 5);
      expect(Math.abs(Number(audio?.duration) - 2.2), name).toBeLessThan(1024 / 48000);
      // A keyframe every half second (houseGopFrames: 13 frames at 25 fps), none between.
      expect(keyframeIndexes(file), name).toEqual([0, 13, 26, 39, 52]);
      signatures.add(JSON.stringify([video?.profile, video?.time_base, audio?.time_base, audio?.channel_layout, audio?.sample_rate]));
    }
    expect(signatures.size).toBe(1);
  });

  it('makes takes the concat demuxer can join by stream copy', () => {
    const list = path.join(project, 'list.txt');
    const order = ['h264', 'mpeg4', 'vp9', 'portrait'];
    fs.writeFileSync(list, order.map((n) => `file '${path.join(project, results[n]?.files.normalised ?? '').replace(/'/g, "'\\''")}'`).join('\n'));
    const out = path.join(project, 'joined.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', out]);
    const [video, audio] = streams(out);
    expect(Number(video?.nb_frames)).toBe(4 * 55);
    expect(Number(audio?.duration)).toBeCloseTo(8.8, 1);
  });

  it('keeps the aspect ratio: a portrait clip is pillarboxed, not stretched', () => {
    const file = path.join(project, results.portrait?.files.normalised ?? '');
    const [r, g, b] = pixelAt(file, 1, 160, 90);
    expect(r).toBeGreaterThan(200);
    expect(g! + b!).toBeLessThan(80);
    // 90x160 fitted into 180 high is ~101 wide: x = 20 is in the black bar.
    expect(pixelAt(file, 1, 20, 90).every((c) => c < 30)).toBe(true);
  });

  it('keeps the original as it came and leaves the user file alone; poster and filmstrip are JPEGs', () => {
    for (const [name, result] of Object.entries(results)) {
      const original = path.join(project, result.files.original);
      expect(fs.readFileSync(original).equals(fs.readFileSync(sources[name]!)), name).toBe(true);
      expect(fs.existsSync(sources[name]!)).toBe(true);
      const poster = streams(path.join(project, result.files.poster ?? ''))[0];
      expect(poster).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 180 });
      const strip = streams(path.join(project, result.files.filmstrip ?? ''))[0];
      expect(strip).toMatchObject({ codec_name: 'mjpeg', width: 8 * 160, height: 90 });
      expect(fs.readdirSync(path.join(project, 'media', 'takes', name)).sort()).toEqual(
        ['filmstrip.jpg', 'normalised.mp4', path.basename(result.files.original), 'poster.jpg'].sort(),
      );
    }
    expect(results.vp9?.source).toMatchObject({ videoCodec: 'vp9', hasAudio: true, width: 320, height: 240, fps: 25 });
    expect(results.mpeg4?.source).toMatchObject({ videoCodec: 'mpeg4', hasAudio: false, fps: 30 });
  });

  it('refuses broken files with a message and leaves nothing behind', async () => {
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['empty', async () => { const f = path.join(inbox, 'vide.mp4'); fs.writeFileSync(f, ''); return f; }, /"vide\.mp4" is empty \(0 bytes\)/],
      ['text', async () => { const f = path.join(inbox, 'notes.mp4'); fs.writeFileSync(f, 'hello, not a video\n'.repeat(50)); return f; }, /"notes\.mp4" is not a video Shotline can read \(.*Invalid data/],
      // Index at the end (no faststart): the cut loses it.
      ['cut-index', () => truncateFile(sources.h264!, path.join(inbox, 'coupé.mp4'), 0.6), /"coupé\.mp4" is incomplete .*moov atom not found/],
      ['audio-only', async () => {
        const f = path.join(inbox, 'son.m4a');
        execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', f]);
        return f;
      }, /"son\.m4a" has no video stream \(audio aac\)/],
    ];
    for (const [name, make, message] of cases) {
      const source = await make();
      const before = fs.readFileSync(source);
      const text = await refusal(ingestTake(tools, { projectDir: project, source, outDir: `media/takes/bad-${name}`, format: house, original: 'copy' }));
      expect(text, name).toMatch(message);
      expect(fs.existsSync(path.join(project, 'media', 'takes', `bad-${name}`)), name).toBe(false);
      expect(fs.readFileSync(source).equals(before), name).toBe(true);
    }
  });

  it('refuses a faststart download cut short (its index still claims the full length)', async () => {
    const whole = path.join(inbox, 'faststart.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', sources.h264!, '-c', 'copy', '-movflags', '+faststart', whole]);
    const takeDir = path.join(project, 'media', 'takes', 'dl');
    fs.mkdirSync(takeDir, { recursive: true });
    const download = await truncateFile(whole, path.join(takeDir, 'original.mp4'), 0.45);
    const text = await refusal(
      ingestTake(tools, { projectDir: project, source: download, outDir: 'media/takes/dl', format: house, original: 'in-place' }),
    );
    expect(text).toMatch(/is incomplete: it claims 2\.2\d s but only \d\.\d\d s of pictures/);
    // The download stays (the queue decides what to do with it); nothing else was made.
    expect(fs.readdirSync(takeDir)).toEqual(['original.mp4']);
  });

  it('stops when cancelled and removes what it made', async () => {
    const controller = new AbortController();
    const source = await makeClip(path.join(inbox, 'long.mp4'), { width: 320, height: 180, fps: 25, seconds: 20, audio: false });
    const run = ingestTake(tools, {
      projectDir: project,
      source,
      outDir: 'media/takes/cancelled',
      format: { ...house, width: 1280, height: 720 },
      original: 'copy',
      signal: controller.signal,
      onProgress: (p) => { if (p > 0) controller.abort(); },
    });
    const text = await refusal(run);
    expect(text).toMatch(/cancelled/);
    expect(fs.existsSync(path.join(project, 'media', 'takes', 'cancelled'))).toBe(false);
  });
});
