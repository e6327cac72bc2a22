/**
 * The copy join across house formats, checked by readers that share no code with Shotline's
 * MP4 writer: ffmpeg decodes every frame (`-xerror`, nothing on stderr), mp4box.js parses the
 * boxes (one avc1 and one mp4a track, the planned sample counts, exact durations, every frame
 * shown once, index in front, tracks interleaved), and ffprobe counts the decoded frames.
 * Sources cover B-frames, 44.1 and 48 kHz sound, no sound, and odd lengths; takes go through
 * the real ingest first. (Chromium plays the same kinds of files in test/e2e/export-playback.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseFormat, Shot, Take } from '../../shared/domain';
import { fpsOf } from '../../shared/frame-rate';
import { secondsToFrames } from '../../shared/timecode';
import { exportSequence, type SequenceExportResult } from '../../main/export/export-sequence';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { FONT, frameCount, frameHashes, houseTakeIn, shotFor, sourceClip, tools } from './export-fixtures';
import { decodeErrors, displayFrames, parseWithMp4box } from './independent-readers';

const run = promisify(execFile);
const f25: HouseFormat = { width: 320, height: 180, fps: { num: 25, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };
const f60: HouseFormat = { ...f25, fps: { num: 60, den: 1 } };

let project: string;
let out: string;
const takes = new Map<string, Take>();
const framesOf = (id: string, format: HouseFormat) => Math.round(takes.get(id)!.durationSeconds! * fpsOf(format.fps));

beforeAll(async () => {
  project = makeTempDir('join formats');
  out = makeTempDir('join formats out');
  const src = makeTempDir('join formats src');
  const made = await Promise.all([
    sourceClip(path.join(src, 'a.mp4'), { fps: 30, seconds: 2.37, sampleRate: 44100, bframes: true }).then((f) => houseTakeIn(project, f, 'a25', f25)),
    sourceClip(path.join(src, 'b.mp4'), { fps: 25, seconds: 2, sampleRate: 48000, bframes: true, hue: 120 }).then((f) => houseTakeIn(project, f, 'b25', f25)),
    sourceClip(path.join(src, 'c.mp4'), { fps: 24, seconds: 1.5, sampleRate: null, hue: 240 }).then((f) => houseTakeIn(project, f, 'c25', f25)),
    sourceClip(path.join(src, 'd.mp4'), { fps: 60, seconds: 2.37, sampleRate: 48000, bframes: true, hue: 60 }).then((f) => houseTakeIn(project, f, 'd60', f60)),
    sourceClip(path.join(src, 'e.mp4'), { fps: 24, seconds: 1.5, sampleRate: null, hue: 200 }).then((f) => houseTakeIn(project, f, 'e60', f60)),
  ]);
  for (const t of made) takes.set(t.id, t);
}, 180_000);

afterAll(() => cleanupTempDirs());

async function exportOf(name: string, format: HouseFormat, shots: Shot[], transition?: Shot['transition'], log?: string[]): Promise<{ file: string; result: SequenceExportResult }> {
  const file = path.join(out, `${name}.mp4`);
  const result = await exportSequence(
    { format, shots, takeOf: (shot) => takes.get(shot.selectedTakeId!) ?? null, resolve: (rel) => path.join(project, ...rel.split('/')) },
    { tools, fontFile: FONT, log: (line) => log?.push(line) },
    { outPath: file, transition },
  );
  return { file, result };
}

/** Everything the three readers must agree on for an export of `frames` frames at `format`. */
async function expectReadersAgree(file: string, frames: number, format: HouseFormat): Promise<void> {
  const fps = fpsOf(format.fps);
  // (a) ffmpeg decodes every frame and packet without a word.
  expect(await decodeErrors(file)).toBe('');
  // (b) mp4box.js: the boxes.
  const movie = await parseWithMp4box(file);
  expect(movie.moovOffset).toBeGreaterThanOrEqual(0);
  expect(movie.moovOffset, 'index in front of the media data').toBeLessThan(movie.mdatOffset);
  const { video, audio } = movie;
  expect(video.track.codec).toMatch(/^avc1\./);
  expect(audio.track.codec).toBe('mp4a.40.2');
  expect(video.track.video).toEqual({ width: format.width, height: format.height });
  expect(audio.track.audio?.sample_rate).toBe(format.audio.sampleRate);
  expect(audio.track.audio?.channel_count).toBe(format.audio.channels);
  expect(video.samples.length).toBe(frames);
  // Exact picture length: the frames' durations add up to frames / fps, in whole ticks.
  expect(video.track.samples_duration * format.fps.num).toBe(frames * video.track.timescale * format.fps.den);
  expect(Math.abs(video.presentedSeconds - frames / fps)).toBeLessThan(0.001);
  // Every frame is shown exactly once, in order, starting with a keyframe.
  expect(video.samples[0]!.is_sync).toBe(true);
  expect([...displayFrames(video, fps)].sort((x, y) => x - y)).toEqual(Array.from({ length: frames }, (_, i) => i));
  // Sound: 1024-sample packets, the priming hidden by the edit list, within a frame of the picture.
  const soundSeconds = (audio.samples.length * 1024 - audio.mediaTime) / audio.track.timescale;
  expect(Math.abs(soundSeconds - frames / fps)).toBeLessThanOrEqual(1 / fps);
  expect(Math.abs(audio.presentedSeconds - soundSeconds)).toBeLessThan(0.001);
  // Interleaved: the sound of the first second lies before the picture of the last second.
  const firstSecondSound = audio.samples.findIndex((s) => s.dts / s.timescale >= 1);
  if (frames / fps > 1.5 && firstSecondSound > 0) expect(audio.samples[firstSecondSound - 1]!.offset).toBeLessThan(video.samples[frames - 1]!.offset);
  // (c) ffprobe counts the decoded frames.
  expect(await frameCount(file)).toBe(frames);
}

describe('copy join of house formats, read by ffmpeg, mp4box.js and ffprobe', () => {
  it('25 fps: cuts of B-frame sources at 44.1 and 48 kHz, a silent take and odd lengths', async () => {
    const ids = ['a25', 'b25', 'c25', 'a25'];
    const { file, result } = await exportOf('cuts-25', f25, ids.map((id) => shotFor(takes.get(id)!)));
    const frames = ids.reduce((n, id) => n + framesOf(id, f25), 0);
    expect(result.plan.totalFrames).toBe(frames);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, frames, f25);
  });

  it('25 fps: dissolves and a trim between keyframes (re-encoded windows copied in)', async () => {
    const shots = [shotFor(takes.get('a25')!), shotFor(takes.get('b25')!, { trimIn: 0.28 }), shotFor(takes.get('c25')!)];
    const { file, result } = await exportOf('dissolves-25', f25, shots, { kind: 'dissolve', seconds: 0.4 });
    const frames = framesOf('a25', f25) + (framesOf('b25', f25) - 7) + framesOf('c25', f25) - 2 * 10;
    expect(result.plan.totalFrames).toBe(frames);
    expect(result.plan.renderFrames).toBeGreaterThan(0);
    expect(result.plan.copyFrames).toBeGreaterThan(0);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, frames, f25);
  });

  it('60 fps: cuts and a dip, with a trimmed silent take', async () => {
    const shots = [shotFor(takes.get('d60')!, { transition: { kind: 'dip', seconds: 0.5 } }), shotFor(takes.get('e60')!, { trimIn: 0.25 }), shotFor(takes.get('d60')!)];
    const { file, result } = await exportOf('mixed-60', f60, shots);
    const frames = framesOf('d60', f60) + framesOf('e60', f60) - 15 + framesOf('d60', f60);
    expect(result.plan.totalFrames).toBe(frames);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, frames, f60);
  });

  it('renders many windows a few to an ffmpeg process and copies each out of its batch file', async () => {
    // Six shots, five dissolves: two processes of two and three windows.
    const ids = ['a25', 'b25', 'a25', 'b25', 'a25', 'b25'];
    const { file, result } = await exportOf('many-25', f25, ids.map((id) => shotFor(takes.get(id)!)), { kind: 'dissolve', seconds: 0.4 });
    const frames = ids.reduce((n, id) => n + framesOf(id, f25), 0) - 5 * 10;
    expect(result.plan.items.filter((i) => i.kind === 'render')).toHaveLength(5);
    expect(result.plan.copyFrames).toBeGreaterThan(result.plan.renderFrames);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, frames, f25);
    // The copied stretches after the second and the last windows are the takes' own frames at
    // the planned places: each window filled exactly its frames, from the right batch file.
    const copies = result.plan.items.flatMap((i) => (i.kind === 'copy' ? [i] : []));
    for (const item of [copies[2]!, copies[copies.length - 1]!]) {
      const take = path.join(project, ...takes.get(ids[item.shot]!)!.files.normalised!.split('/'));
      expect(await frameHashes(file, item.outStart, item.outStart + item.frames)).toEqual(await frameHashes(take, item.from, item.to));
    }
  });

  it('copies a take kept in another time base (the writer times every frame afresh)', async () => {
    const odd = remuxed('b25', 'b25-odd', ['-c', 'copy', '-video_track_timescale', '12800']);
    await odd.ready;
    const { file, result } = await exportOf('timebase-25', f25, [shotFor(takes.get('a25')!), shotFor(odd.take), shotFor(takes.get('c25')!)]);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, framesOf('a25', f25) + framesOf('b25', f25) + framesOf('c25', f25), f25);
  });

  it('re-encodes the whole sequence when the takes are encoded otherwise than the pieces, and says so', async () => {
    // Takes as another build or an older house format would have made them (H.264 Main): the
    // dissolve windows, encoded now in High, cannot sit in one track with them.
    const encode = ['-c:v', 'libx264', '-profile:v', 'main', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-flags', '+cgop', '-video_track_timescale', '90000', '-c:a', 'copy'];
    const main = [remuxed('a25', 'a25-main', encode), remuxed('b25', 'b25-main', encode)];
    await Promise.all(main.map((m) => m.ready));
    const log: string[] = [];
    const { file, result } = await exportOf('setup-25', f25, main.map((m) => shotFor(m.take)), { kind: 'dissolve', seconds: 0.4 }, log);
    expect(log.join('\n')).toMatch(/Re-encoding the whole sequence .*another video codec setup/);
    expect(result.plan.copyFrames).toBe(0);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, framesOf('a25', f25) + framesOf('b25', f25) - 10, f25);
  });
});

/** A copy of take `id` made with other ffmpeg output arguments, registered as take `name`. */
function remuxed(id: string, name: string, args: string[]): { take: Take; ready: Promise<unknown> } {
  const base = takes.get(id)!;
  const take: Take = { ...base, id: name, files: { ...base.files, normalised: `media/takes/${name}/normalised.mp4` } };
  fs.mkdirSync(path.join(project, `media/takes/${name}`), { recursive: true });
  takes.set(name, take);
  const ready = run('ffmpeg', ['-v', 'error', '-y', '-i', path.join(project, base.files.normalised!), ...args, path.join(project, take.files.normalised!)]);
  return { take, ready };
}

describe('every house rate: exact frames and durations at 24, 50, 59.94, 120 and whole rates 90 kHz cannot hold', () => {
  const rates = [{ num: 24, den: 1 }, { num: 50, den: 1 }, { num: 60000, den: 1001 }, { num: 120, den: 1 }, { num: 7, den: 1 }, { num: 13, den: 1 }];
  it.each(rates)('$num/$den: cuts and a dissolve', async (rate) => {
    const format: HouseFormat = { width: 160, height: 90, fps: rate, audio: { sampleRate: 48000, channels: 2 } };
    const src = makeTempDir('join rates src');
    const [x, y] = await Promise.all([
      sourceClip(path.join(src, 'x.mp4'), { width: 160, height: 90, fps: 30, seconds: 2.3, sampleRate: 44100, bframes: true }).then((f) => houseTakeIn(project, f, `x${rate.num}`, format)),
      sourceClip(path.join(src, 'y.mp4'), { width: 160, height: 90, fps: 25, seconds: 1.7, sampleRate: null, hue: 100 }).then((f) => houseTakeIn(project, f, `y${rate.num}`, format)),
    ]);
    takes.set(x.id, x);
    takes.set(y.id, y);
    const fx = framesOf(x.id, format);
    const fy = framesOf(y.id, format);
    const cuts = await exportOf(`rate-${rate.num}-cuts`, format, [shotFor(x), shotFor(y), shotFor(x)]);
    expect(cuts.result.joiner).toBe('direct');
    await expectReadersAgree(cuts.file, 2 * fx + fy, format);
    const overlap = secondsToFrames(0.5, rate);
    const dissolves = await exportOf(`rate-${rate.num}-dissolves`, format, [shotFor(x), shotFor(y)], { kind: 'dissolve', seconds: 0.5 });
    expect(dissolves.result.joiner).toBe('direct');
    // The window was copied in beside the takes: encoded in their decoder setup at this rate.
    expect(dissolves.result.plan.copyFrames).toBeGreaterThan(0);
    await expectReadersAgree(dissolves.file, fx + fy - overlap, format);
  }, 60_000);

  it('copies takes normalised at 90 kHz before whole rates got a timescale of their own (7 fps)', async () => {
    const format: HouseFormat = { width: 160, height: 90, fps: { num: 7, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };
    const old = remuxed('x7', 'x7-90k', ['-c', 'copy', '-video_track_timescale', '90000']);
    await old.ready;
    const { file, result } = await exportOf('rate-7-old', format, [shotFor(old.take), shotFor(takes.get('y7')!)]);
    expect(result.joiner).toBe('direct');
    await expectReadersAgree(file, framesOf('x7', format) + framesOf('y7', format), format);
  });
});
