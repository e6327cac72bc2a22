/**
 * Ten minutes at 29.97 without drift, for real: one 60 s take (tiny picture, so it is cheap) with
 * a beep at exactly 30 s, used ten times and exported with cuts. Each shot starts on its frame
 * (k x 1798 frames x 1001 / 30000 s) and its beep is heard within a frame of that + 30 s, the
 * tenth as well as the first; the picture holds exactly 17980 frames and lasts 17980 x 1001 /
 * 30000 s to the tick, and the sound ends within a frame of it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseFormat, Take } from '../../shared/domain';
import { secondsToFrames } from '../../shared/timecode';
import { exportSequence } from '../../main/export/export-sequence';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { FONT, houseTakeIn, shotFor, tools } from './export-fixtures';
import { decodeErrors, parseWithMp4box } from './independent-readers';

const run = promisify(execFile);
const RATE = { num: 30000, den: 1001 };
const FORMAT: HouseFormat = { width: 96, height: 54, fps: RATE, audio: { sampleRate: 48000, channels: 2 } };
const SHOTS = 10;

let project: string;
let take: Take;

beforeAll(async () => {
  project = makeTempDir('long sequence');
  const source = path.join(project, 'beep.mp4');
  // 60 s of picture at 29.97 and sound that is silent but for a 1 kHz beep from 30.0 s to 30.2 s.
  await run('ffmpeg', [
    '-y', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc2=s=96x54:r=30000/1001:d=60`,
    '-f', 'lavfi', '-i', `aevalsrc='0.5*sin(2*PI*1000*t)*between(t\\,30\\,30.2)':s=48000:d=60`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-t', '60', source,
  ]);
  take = await houseTakeIn(project, source, 'beep', FORMAT);
}, 180_000);

afterAll(() => cleanupTempDirs());

/** First sample at or after `from` whose level passes `threshold` (mono 16-bit at 48 kHz). */
function onset(samples: Int16Array, from: number, threshold = 3000): number {
  for (let i = Math.max(0, from); i < samples.length; i++) if (Math.abs(samples[i]!) > threshold) return i;
  return -1;
}

describe('a ten-minute 29.97 sequence', () => {
  it('keeps every shot and its sound on the frame it belongs to, the tenth as well as the first', async () => {
    const takeFrames = secondsToFrames(60, RATE);
    expect(Math.round(take.durationSeconds! * 30000 / 1001)).toBe(takeFrames);
    const outPath = path.join(project, 'ten-minutes.mp4');
    const result = await exportSequence(
      { format: FORMAT, shots: Array.from({ length: SHOTS }, () => shotFor(take)), takeOf: () => take, resolve: (rel) => path.join(project, ...rel.split('/')) },
      { tools, fontFile: FONT },
      { outPath },
    );
    const frames = SHOTS * takeFrames;
    expect(result.plan.totalFrames).toBe(frames);
    expect(result.joiner).toBe('direct');

    const movie = await parseWithMp4box(outPath);
    expect(movie.video.samples.length).toBe(frames);
    expect(movie.video.track.samples_duration * RATE.num).toBe(frames * RATE.den * movie.video.track.timescale);
    const seconds = (frames * RATE.den) / RATE.num;
    const soundSeconds = (movie.audio.samples.length * 1024 - movie.audio.mediaTime) / 48000;
    expect(Math.abs(soundSeconds - seconds)).toBeLessThanOrEqual(RATE.den / RATE.num);

    // Where the beeps are heard, decoded by ffmpeg.
    const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', outPath, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 1 << 27 });
    const pcm = new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
    const beepIn = onset(new Int16Array(await decodeTake()), 0) / 48000;
    expect(beepIn).toBeGreaterThan(29.9);
    for (let k = 0; k < SHOTS; k++) {
      const shotStart = (k * takeFrames * RATE.den) / RATE.num;
      const expected = shotStart + beepIn;
      const heard = onset(pcm, Math.round((expected - 0.5) * 48000)) / 48000;
      expect(Math.abs(heard - expected), `beep of shot ${k + 1}`).toBeLessThanOrEqual(RATE.den / RATE.num);
    }
    expect(await decodeErrors(outPath)).toBe('');
  }, 180_000);
});

/** The take's own sound, decoded the same way (where its beep starts). */
async function decodeTake(): Promise<ArrayBuffer> {
  const file = path.join(project, ...take.files.normalised!.split('/'));
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 1 << 26 });
  return stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length) as ArrayBuffer;
}
