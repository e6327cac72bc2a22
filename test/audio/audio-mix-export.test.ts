/**
 * The MP4 export with a sound track, measured on the output with ffmpeg's astats: a music bed
 * (1500 Hz) from the start and a voice-over (3200 Hz) attached to the second shot, over takes
 * that carry their own 440 Hz tone. Each source is measured through a steep band-pass at its
 * frequency, in windows of the sequence: the voice sounds exactly where it is placed, the music
 * follows its clip gain and its export level, ducking lowers music and takes under the voice
 * only, the takes' sound is still there, the picture is the stitched one byte for byte, and the
 * sound is exactly as long as the picture.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import type { AudioClip, ExportJob, Shot } from '../../shared/domain';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';
import { colourClip, houseTake } from '../export/export-fixtures';

const run = promisify(execFile);
const TAKES_HZ = 440;
const MUSIC_HZ = 1500;
const VOICE_HZ = 3200;

let t: TestApp;
let out: string;
let music: AudioClip;
let voice: AudioClip;
let second: Shot;

/** RMS level (dB FS) of the band around `hz` between `from` and `to` seconds of `file`'s sound. */
async function bandDb(file: string, from: number, to: number, hz: number): Promise<number> {
  const band = Array.from({ length: 4 }, () => `bandpass=f=${hz}:width_type=q:w=4`).join(',');
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', `atrim=start=${from}:end=${to},${band},astats=measure_perchannel=none`, '-f', 'null', '-']);
  const m = /RMS level dB:\s*(-?[\d.]+|-inf)/.exec(stderr);
  if (!m) throw new Error(`no astats in ${stderr.slice(-500)}`);
  return m[1] === '-inf' ? -200 : Number(m[1]);
}

/** ebur128's integrated loudness of the whole file (LUFS). */
async function integratedLufs(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', 'ebur128', '-f', 'null', '-']);
  return Number(/I:\s*(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary')))![1]);
}

async function streams(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,duration,nb_read_frames', '-of', 'json', file]);
  return (JSON.parse(stdout) as { streams: Array<{ codec_type: string; duration: string; nb_read_frames: string }> }).streams;
}

async function videoMd5(file: string): Promise<string> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-']);
  return stdout.trim();
}

async function exportWith(name: string, options: Record<string, unknown> = {}): Promise<string> {
  const outPath = path.join(out, `${name}.mp4`);
  const job = ok<ExportJob>(await t.call('export.start', { outPath, options }));
  const done = await t.project.exports.wait(job.id);
  if (done.status !== 'done') throw new Error(`export ${name} ${done.status}: ${done.message}`);
  return outPath;
}

const apply = async (command: EditCommand) => ok<EditResult>(await t.call('edits.apply', { command }));
const upload = (file: string) => ({ name: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') });

async function sine(file: string, hz: number, seconds: number): Promise<string> {
  await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', `sine=f=${hz}:r=44100:d=${seconds}`, '-ac', '2', '-c:a', 'pcm_s16le', file]);
  return file;
}

let plain: string;
let mixed: string;

beforeAll(async () => {
  t = makeTestApp();
  out = makeTempDir('mix out');
  const src = makeTempDir('mix src');
  const { store } = await t.app.workspace.create({ parentDir: t.root, name: 'Mixing', size: '320x180', fps: { num: 24, den: 1 } });
  const a = store.shots.add(null, { title: 'Dock', seconds: 2 });
  second = store.shots.add(a.id, { title: 'Lamp', seconds: 2 });
  for (const [shot, color] of [[a, 'orange'], [second, 'purple']] as const) {
    const take = await houseTake(store.dir, await colourClip(path.join(src, `${color}.mp4`), color, 2, TAKES_HZ), crypto.randomUUID(), shot.id);
    store.takes.insert(take);
    store.shots.update(shot.id, { selectedTakeId: take.id });
  }
  plain = await exportWith('plain');
  music = ok<AudioClip>(await t.call('audio.import', { file: upload(await sine(path.join(src, 'bed.wav'), MUSIC_HZ, 6)), track: 'music' }));
  voice = ok<AudioClip>(
    await t.call('audio.import', { file: upload(await sine(path.join(src, 'line.wav'), VOICE_HZ, 1)), track: 'voice', placement: { kind: 'shot', shotId: second.id, offsetSeconds: 0.5 } }),
  );
  mixed = await exportWith('mixed');
}, 180_000);

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('MP4 export with a sound track', () => {
  it('puts the voice-over at its place, keeps the takes and the music, and the picture and length of the plain export', async () => {
    // Voice attached to shot 2 (starts at 2 s) + 0.5 s, 1 s long: 2.5..3.5 s.
    expect(await bandDb(mixed, 2.6, 3.4, VOICE_HZ)).toBeGreaterThan(-30);
    expect(await bandDb(mixed, 0.2, 2.35, VOICE_HZ)).toBeLessThan(-60);
    expect(await bandDb(mixed, 3.65, 4, VOICE_HZ)).toBeLessThan(-60);
    expect(await bandDb(plain, 2.6, 3.4, VOICE_HZ)).toBeLessThan(-60);
    // The music bed runs under everything; the takes' own tone is there as loud as without the mix.
    expect(await bandDb(mixed, 0.5, 1.5, MUSIC_HZ)).toBeGreaterThan(-30);
    expect(await bandDb(plain, 0.5, 1.5, MUSIC_HZ)).toBeLessThan(-60);
    const takesPlain = await bandDb(plain, 0.5, 1.5, TAKES_HZ);
    expect(takesPlain).toBeGreaterThan(-30);
    expect(Math.abs((await bandDb(mixed, 0.5, 1.5, TAKES_HZ)) - takesPlain)).toBeLessThan(0.5);
    expect(Math.abs((await bandDb(mixed, 2.6, 3.4, TAKES_HZ)) - takesPlain)).toBeLessThan(0.5);
    // More sources, more loudness (ebur128 over the whole file).
    expect(await integratedLufs(mixed)).toBeGreaterThan((await integratedLufs(plain)) + 1);

    // The picture is the stitched one, copied; the sound exactly as long as it (96 frames at 24 fps).
    expect(await videoMd5(mixed)).toBe(await videoMd5(plain));
    const s = await streams(mixed);
    const v = s.find((x) => x.codec_type === 'video')!;
    const a = s.find((x) => x.codec_type === 'audio')!;
    expect(Number(v.nb_read_frames)).toBe(96);
    expect(Math.abs(Number(a.duration) - 4)).toBeLessThan(1 / 24);
    expect(fs.readdirSync(out).sort()).toEqual(['mixed.mp4', 'plain.mp4']);
  });

  it("follows the music clip's gain and the export's music level", async () => {
    const base = await bandDb(mixed, 0.5, 1.5, MUSIC_HZ);
    await apply({ kind: 'audio.update', id: music.id, patch: { gainDb: -6 } });
    try {
      const quieter = await exportWith('music-6', { musicDb: -4 });
      expect((await bandDb(quieter, 0.5, 1.5, MUSIC_HZ)) - base).toBeCloseTo(-10, 0);
      // The voice kept its level.
      expect((await bandDb(quieter, 2.6, 3.4, VOICE_HZ)) - (await bandDb(mixed, 2.6, 3.4, VOICE_HZ))).toBeCloseTo(0, 0);
    } finally {
      await apply({ kind: 'audio.update', id: music.id, patch: { gainDb: 0 } });
    }
  });

  it('ducks the music and the takes under the voice-over only', async () => {
    const ducked = await exportWith('ducked', { duck: true, duckDb: -12 });
    for (const hz of [MUSIC_HZ, TAKES_HZ]) {
      // Under the voice (inside its ramps): 12 dB down.
      expect((await bandDb(ducked, 2.7, 3.3, hz)) - (await bandDb(mixed, 2.7, 3.3, hz))).toBeCloseTo(-12, 0);
      // Away from it: untouched.
      expect((await bandDb(ducked, 0.5, 2.2, hz)) - (await bandDb(mixed, 0.5, 2.2, hz))).toBeCloseTo(0, 0);
    }
    expect((await bandDb(ducked, 2.7, 3.3, VOICE_HZ)) - (await bandDb(mixed, 2.7, 3.3, VOICE_HZ))).toBeCloseTo(0, 0);
    expect(voice.track).toBe('voice');
  });

  it('moves an attached voice-over with its shot when a dissolve shortens the sequence, and draws the fades', async () => {
    await apply({ kind: 'audio.update', id: music.id, patch: { fadeInSeconds: 1, fadeOutSeconds: 0.5 } });
    try {
      // A 0.5 s dissolve: shot 2 starts at 1.5 s, its voice-over at 2.0..3.0 s; 84 frames in all.
      const file = await exportWith('dissolved', { transition: 'dissolve', transitionSeconds: 0.5 });
      expect(await bandDb(file, 2.1, 2.9, VOICE_HZ)).toBeGreaterThan(-30);
      expect(await bandDb(file, 3.15, 3.5, VOICE_HZ)).toBeLessThan(-60);
      expect(await bandDb(file, 0.2, 1.85, VOICE_HZ)).toBeLessThan(-60);
      const a = (await streams(file)).find((x) => x.codec_type === 'audio')!;
      expect(Math.abs(Number(a.duration) - 3.5)).toBeLessThan(1 / 24);
      // The fade in: the first tenth of a second far quieter than after the fade.
      expect((await bandDb(file, 0, 0.1, MUSIC_HZ)) - (await bandDb(file, 1.2, 1.8, MUSIC_HZ))).toBeLessThan(-12);
      expect(Math.abs((await bandDb(file, 1.2, 1.8, MUSIC_HZ)) - (await bandDb(mixed, 1.2, 1.8, MUSIC_HZ)))).toBeLessThan(0.5);
    } finally {
      await apply({ kind: 'audio.update', id: music.id, patch: { fadeInSeconds: 0, fadeOutSeconds: 0 } });
    }
  });

  it('normalises the loudness of the whole mix when asked', async () => {
    const loud = await exportWith('loudnorm', { loudnorm: true });
    expect(Math.abs((await integratedLufs(loud)) + 16)).toBeLessThan(1.5);
    expect(await bandDb(loud, 2.6, 3.4, VOICE_HZ)).toBeGreaterThan(-35);
  });

  it("lowers the takes' own sound by the takes level", async () => {
    const quiet = await exportWith('takes-20', { takesDb: -20 });
    expect((await bandDb(quiet, 0.5, 1.5, TAKES_HZ)) - (await bandDb(mixed, 0.5, 1.5, TAKES_HZ))).toBeCloseTo(-20, 0);
  });
});
