/**
 * Export on real takes (made and normalised here) with the real ffmpeg: frame counts,
 * which shot each frame belongs to, bit-identical copied stretches, blended dissolves,
 * frame-exact trims, continuous audio, and every refusal leaving nothing behind.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Take } from '../../shared/domain';
import { exportSequence } from '../../main/export/export-sequence';
import { selfTestTools } from '../../main/media/ffmpeg-self-test';
import { cleanupTempDirs, makeTempDir, truncateFile } from '../helpers/make-media';
import {
  FONT, audioSamples, colourClip, frameCount, frameHashes, houseTake, leftColours, listDir, lumaClip, lumas, rms, sequenceOf, shotFor, toneHz, tools,
} from './export-fixtures';
import { parseWithMp4box } from './independent-readers';

let project: string;
let out: string;
let red: Take;
let green: Take;
let blue: Take;
let luma: Take;
const env = () => ({ tools, fontFile: FONT });
const norm = (t: Take) => path.join(project, ...t.files.normalised!.split('/'));

beforeAll(async () => {
  project = makeTempDir('export project');
  out = makeTempDir('export out');
  const src = makeTempDir('export src');
  [red, green, blue, luma] = await Promise.all([
    colourClip(path.join(src, 'red.mp4'), 'red', 2, 440).then((f) => houseTake(project, f, 'red')),
    colourClip(path.join(src, 'green.mp4'), 'lime', 3, 660).then((f) => houseTake(project, f, 'green')),
    colourClip(path.join(src, 'blue.mp4'), 'blue', 2, 880).then((f) => houseTake(project, f, 'blue')),
    lumaClip(path.join(src, 'luma.mp4'), 48).then((f) => houseTake(project, f, 'luma')),
  ]);
}, 120_000);

afterAll(() => cleanupTempDirs());

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;
const isGreen = ([r, g, b]: number[]) => g! > 180 && r! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 80 && g! < 80;

describe('export with cuts', () => {
  it('joins trimmed shots frame-exactly, copies whole GOPs bit for bit, and keeps the sound continuous', async () => {
    const outPath = path.join(out, 'cuts.mp4');
    // green: trimmed in by 5 frames (between keyframes: a partial GOP is re-encoded); blue: out at 1.5 s.
    const shots = [shotFor(red), shotFor(green, { trimIn: 5 / 24 }), shotFor(blue, { trimOut: 1.5 })];
    const result = await exportSequence(sequenceOf(project, shots, [red, green, blue]), env(), { outPath });
    const expected = 48 + (72 - 5) + 36;
    expect(result.plan.totalFrames).toBe(expected);
    expect(await frameCount(outPath)).toBe(expected);
    expect(result.plan.copyFrames).toBeGreaterThan(result.plan.renderFrames);
    // Takes and the re-encoded partial GOP share one codec setup: joined without ffmpeg.
    expect(result.joiner).toBe('direct');
    // Index in front, and the tracks interleaved second by second (so players can stream it):
    // the sound of second 1 lies before the picture of second 2.
    // (Read by mp4box.js, which shares no code with the writer.)
    const movie = await parseWithMp4box(outPath);
    expect(movie.moovOffset).toBeLessThan(movie.mdatOffset);
    expect(movie.video.samples[0]!.offset).toBeLessThan(fs.statSync(outPath).size / 10);
    expect(movie.audio.samples[48]!.offset).toBeLessThan(movie.video.samples[48]!.offset);

    const [lastRed, firstGreen, lastGreen, firstBlue, lastBlue] = await leftColours(outPath, [47, 48, 48 + 66, 48 + 67, expected - 1]);
    expect(isRed(lastRed!)).toBe(true);
    expect(isGreen(firstGreen!)).toBe(true);
    expect(isGreen(lastGreen!)).toBe(true);
    expect(isBlue(firstBlue!)).toBe(true);
    expect(isBlue(lastBlue!)).toBe(true);

    // Copied stretches are the normalised takes' own frames: red whole, green from its 2nd keyframe.
    expect(await frameHashes(outPath, 0, 48)).toEqual(await frameHashes(norm(red), 0, 48));
    expect(await frameHashes(outPath, 48 + 19, 48 + 67)).toEqual(await frameHashes(norm(green), 24, 72));
    // ...and the re-encoded partial GOP is not (the check above can fail).
    expect(await frameHashes(outPath, 48, 49)).not.toEqual(await frameHashes(norm(green), 0, 1));

    const samples = await audioSamples(outPath);
    expect(Math.abs(samples.length - expected * 2000)).toBeLessThanOrEqual(2000);
    // No gap at the joins (cuts and the edge of the re-encoded partial GOP): in 5 ms windows
    // around each, sound never drops for 10 ms or more. The tones measure ~2000; the one
    // transitional AAC packet at a join may dip briefly, a real gap measured < 10 for 15 ms.
    for (const cut of [48, 67, 48 + 67]) {
      let quiet = 0;
      for (let at = cut * 2000 - 2400; at < cut * 2000 + 2400; at += 240) {
        quiet = rms(samples, at, at + 240) < 300 ? quiet + 1 : 0;
        expect(quiet, `sound drops for ${quiet * 5} ms at the join after frame ${cut}`).toBeLessThan(2);
      }
    }
    // In sync: each shot's own tone (red 440 Hz, green 660 Hz, blue 880 Hz) plays up to 35 ms
    // before its cut and from 12.5 ms after it (a join sits within half an AAC packet of the
    // cut, and the outgoing shot gives one packet to the blend): a track one packet (21 ms) late
    // fails here.
    for (const [cut, before, after] of [[48, 440, 660], [48 + 67, 660, 880]] as const) {
      const at = cut * 2000;
      expect(Math.abs(toneHz(samples, at - 2400, at - 1680) - before), `tone before the cut after frame ${cut}`).toBeLessThan(60);
      expect(Math.abs(toneHz(samples, at + 600, at + 1320) - after), `tone after the cut after frame ${cut}`).toBeLessThan(60);
    }
    expect(listDir(out)).toEqual(['cuts.mp4']);
  });

  it('fills shots without a take with a black slate, or reports them by number first', async () => {
    const shots = [shotFor(red), shotFor(null, { title: 'Night sea', seconds: 1 }), shotFor(blue), shotFor(null, { seconds: 1 })];
    const outPath = path.join(out, 'missing.mp4');
    await expect(exportSequence(sequenceOf(project, shots, [red, blue]), env(), { outPath })).rejects.toThrow(/Shots 2, 4 have no ready take.*fill missing/);
    expect(fs.existsSync(outPath)).toBe(false);
    await exportSequence(sequenceOf(project, shots, [red, blue]), env(), { outPath, fillMissing: true });
    expect(await frameCount(outPath)).toBe(48 + 24 + 48 + 24);
    const [slate] = await leftColours(outPath, [60]);
    expect(Math.max(...slate!)).toBeLessThan(40);
    fs.rmSync(outPath);
  });
});

describe('export with dissolves and dips', () => {
  it('overlaps shots by the dissolve, blends the middle frame, and copies everything outside the windows', async () => {
    const outPath = path.join(out, 'dissolve.mp4');
    const shots = [shotFor(red), shotFor(green), shotFor(blue)];
    const result = await exportSequence(sequenceOf(project, shots, [red, green, blue]), env(), { outPath, transition: { kind: 'dissolve', seconds: 0.5 } });
    const expected = 48 + 72 + 48 - 2 * 12;
    expect(await frameCount(outPath)).toBe(expected);
    // Dissolve red->green covers output frames 36..47: its middle is half red, half green.
    const [mid, before, after] = await leftColours(outPath, [42, 35, 48]);
    expect(mid![0]).toBeGreaterThan(90);
    expect(mid![0]).toBeLessThan(170);
    expect(mid![1]).toBeGreaterThan(90);
    expect(mid![1]).toBeLessThan(170);
    expect(isRed(before!)).toBe(true);
    expect(isGreen(after!)).toBe(true);
    // Half-second GOPs (12 frames): each 0.5 s dissolve re-encodes exactly its own 12 frames, and
    // everything else is copied: red 0..35, green 12..59 (at 48..95), blue 12..47 (at 108..143).
    expect(await frameHashes(outPath, 0, 36)).toEqual(await frameHashes(norm(red), 0, 36));
    expect(await frameHashes(outPath, 48, 96)).toEqual(await frameHashes(norm(green), 12, 60));
    expect(await frameHashes(outPath, 108, 144)).toEqual(await frameHashes(norm(blue), 12, 48));
    expect(result.plan.renderFrames).toBe(2 * 12);
    expect(result.joiner).toBe('direct');
    const samples = await audioSamples(outPath);
    expect(Math.abs(samples.length - expected * 2000)).toBeLessThanOrEqual(2000);
  });

  it('dips to black without shortening the sequence', async () => {
    const outPath = path.join(out, 'dip.mp4');
    const shots = [shotFor(red, { transition: { kind: 'dip', seconds: 0.5 } }), shotFor(blue)];
    await exportSequence(sequenceOf(project, shots, [red, blue]), env(), { outPath });
    expect(await frameCount(outPath)).toBe(96);
    const [fading, black, red0, blue1] = await leftColours(outPath, [44, 48, 10, 60]);
    expect(fading![0]).toBeGreaterThan(60);
    expect(fading![0]).toBeLessThan(200);
    expect(Math.max(...black!)).toBeLessThan(20);
    expect(isRed(red0!)).toBe(true);
    expect(isBlue(blue1!)).toBe(true);
  });
});

describe('a take in another codec setup', () => {
  it('re-encodes only that take, so the copied takes and it still join into one clean stream', async () => {
    // Green at the house size, rate and timescale, but H.264 Baseline (no B-frames): its decoder
    // setup differs from the other takes', so copying it next to them would garble the picture.
    const odd: Take = { ...green, id: 'odd', files: { ...green.files, normalised: 'media/takes/odd/normalised.mp4' } };
    fs.mkdirSync(path.join(project, 'media/takes/odd'), { recursive: true });
    await promisify(execFile)('ffmpeg', [
      '-v', 'error', '-y', '-i', norm(green), '-c:v', 'libx264', '-profile:v', 'baseline', '-g', '24', '-keyint_min', '24', '-sc_threshold', '0',
      '-video_track_timescale', '90000', '-c:a', 'copy', norm(odd),
    ]);
    const outPath = path.join(out, 'odd.mp4');
    const result = await exportSequence(sequenceOf(project, [shotFor(red), shotFor(odd), shotFor(blue)], [red, odd, blue]), env(), { outPath });
    expect(result.joiner).toBe('direct');
    expect(result.plan.renderFrames).toBe(72);
    expect(await frameCount(outPath)).toBe(48 + 72 + 48);
    const { stderr } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', outPath, '-f', 'null', '-']);
    expect(stderr).toBe('');
    const [lastRed, oddMiddle, firstBlue] = await leftColours(outPath, [47, 84, 120]);
    expect(isRed(lastRed!)).toBe(true);
    expect(isGreen(oddMiddle!)).toBe(true);
    expect(isBlue(firstBlue!)).toBe(true);
    expect(await frameHashes(outPath, 0, 48)).toEqual(await frameHashes(norm(red), 0, 48));
    fs.rmSync(outPath);
  });
});

describe('trims', () => {
  it('keeps exactly the requested frames at arbitrary frame positions', async () => {
    const outPath = path.join(out, 'trim.mp4');
    const shots = [shotFor(luma, { trimIn: 5 / 24, trimOut: 43 / 24 }), shotFor(luma, { trimIn: 13 / 24, trimOut: 14 / 24 })];
    await exportSequence(sequenceOf(project, shots, [luma]), env(), { outPath });
    expect(await frameCount(outPath)).toBe(38 + 1);
    const got = await lumas(outPath, [0, 1, 36, 37, 38]);
    const source = await lumas(norm(luma), [5, 6, 41, 42, 13]);
    // Brightness steps by ~4.6 per frame, so a frame off by one would be caught.
    got.forEach((value, i) => expect(Math.abs(value - source[i]!)).toBeLessThanOrEqual(1));
    expect(Math.abs(source[1]! - source[0]!)).toBeGreaterThanOrEqual(3);
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses a deleted or truncated take before writing anything', async () => {
    const dir = makeTempDir('export bad');
    const broken: Take = { ...blue, id: 'broken', files: { ...blue.files, normalised: 'media/takes/broken.mp4' } };
    await truncateFile(norm(blue), path.join(project, 'media/takes/broken.mp4'), 0.5);
    const gone: Take = { ...red, id: 'gone', files: { ...red.files, normalised: 'media/takes/gone.mp4' } };
    const outPath = path.join(dir, 'bad.mp4');
    await expect(exportSequence(sequenceOf(project, [shotFor(red), shotFor(broken)], [red, broken]), env(), { outPath })).rejects.toThrow(
      /shot 2 "Shot broken": broken\.mp4 cannot be read \(it is cut short/,
    );
    await expect(exportSequence(sequenceOf(project, [shotFor(gone)], [gone]), env(), { outPath })).rejects.toThrow(/shot 1 .*gone\.mp4 cannot be read \(the file is missing\)/);
    expect(listDir(dir)).toEqual([]);
  });

  it('reads the output back with ffprobe and keeps nothing when ffprobe disagrees with the plan', async () => {
    const dir = makeTempDir('export probe');
    // An ffprobe that reports the container 2 s longer than it is.
    const script = `#!/bin/sh\nffprobe "$@" | sed 's/^duration=\\([0-9]\\)/duration=9\\1/'\n`;
    fs.writeFileSync(path.join(dir, 'ffprobe'), script, { mode: 0o755 });
    const outPath = path.join(dir, 'probe.mp4');
    await expect(
      exportSequence(sequenceOf(project, [shotFor(red)], [red]), { ...env(), tools: { ...tools, ffprobe: path.join(dir, 'ffprobe') } }, { outPath }),
    ).rejects.toThrow(/came out wrong \(ffprobe reads 9\d*\.\d+ s instead of/);
    expect(listDir(dir)).toEqual(['ffprobe']);
  });

  it('refuses when the disk has too little space, with the sizes', async () => {
    const dir = makeTempDir('export full');
    const outPath = path.join(dir, 'full.mp4');
    await expect(
      exportSequence(sequenceOf(project, [shotFor(red)], [red]), { ...env(), freeBytes: async () => 1024 * 1024 }, { outPath }),
    ).rejects.toThrow(/Not enough free space in .*needs about \d+ MB and 1 MB are free/);
    expect(listDir(dir)).toEqual([]);
  });

  it('names xfade when the ffmpeg in use lacks it, before starting a dissolve', async () => {
    const dir = makeTempDir('export fake');
    const filters = (await import('node:child_process')).execFileSync('ffmpeg', ['-hide_banner', '-filters'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'filters.txt'), filters.split('\n').filter((l) => !/\sxfade\s/.test(l)).join('\n'));
    const script = `#!/bin/sh\ncase "$*" in\n  *-filters*) cat "$(dirname "$0")/filters.txt" ;;\n  *) exec ffmpeg "$@" ;;\nesac\n`;
    fs.writeFileSync(path.join(dir, 'ffmpeg'), script, { mode: 0o755 });
    const selfTest = await selfTestTools({ ffmpeg: path.join(dir, 'ffmpeg'), ffprobe: 'ffprobe', source: 'setting' });
    const outPath = path.join(dir, 'x.mp4');
    const run = (transition: { kind: 'dissolve' | 'cut'; seconds: number }) =>
      exportSequence(sequenceOf(project, [shotFor(red), shotFor(blue)], [red, blue]), { ...env(), selfTest }, { outPath, transition });
    await expect(run({ kind: 'dissolve', seconds: 0.5 })).rejects.toThrow(/filter "xfade".*lacks/);
    expect(fs.existsSync(outPath)).toBe(false);
    // Cuts need no xfade: the same ffmpeg exports them.
    await run({ kind: 'cut', seconds: 0 });
    expect(fs.existsSync(outPath)).toBe(true);
  });
});
