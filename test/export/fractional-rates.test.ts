/**
 * 23.976 (24000/1001) and 29.97 (30000/1001) projects end to end: shots rendered by the real
 * animatic renderer, normalised by the real ingest, exported with cuts and with dissolves.
 * The output holds exactly the planned frames (duration x rate, in whole frames), its picture
 * lasts frames x 1001 / num seconds to the tick, its sound ends within a frame of the picture,
 * and ffmpeg, mp4box.js and ffprobe read it cleanly. (Chromium plays such files in
 * test/e2e/export-playback.test.ts.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseFormat, Shot, Take } from '../../shared/domain';
import { ffmpegRate, type FrameRate } from '../../shared/frame-rate';
import { secondsToFrames } from '../../shared/timecode';
import { exportSequence } from '../../main/export/export-sequence';
import { houseVideoTimescale } from '../../main/media/house-format';
import { renderAnimatic } from '../../main/media/animatic-render';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { FONT, frameCount, houseTakeIn, shotFor, tools } from './export-fixtures';
import { decodeErrors, displayFrames, parseWithMp4box } from './independent-readers';

const BOLD = path.resolve('assets/fonts/DejaVuSans-Bold.ttf');
const RATES: FrameRate[] = [
  { num: 24000, den: 1001 },
  { num: 30000, den: 1001 },
];
/** Shot lengths in seconds: odd ones, so frame counts are not round. */
const SECONDS = [2.37, 1.9, 2.5];

let project: string;
let out: string;
const takes = new Map<string, Take[]>();
const formatAt = (fps: FrameRate): HouseFormat => ({ width: 320, height: 180, fps, audio: { sampleRate: 48000, channels: 2 } });

beforeAll(async () => {
  project = makeTempDir('fractional rates');
  out = makeTempDir('fractional rates out');
  for (const rate of RATES) {
    const format = formatAt(rate);
    const made = await Promise.all(
      SECONDS.map(async (seconds, i) => {
        const rendered = path.join(project, `animatic-${rate.num}-${i}.mp4`);
        await renderAnimatic(
          tools,
          { width: 320, height: 180, fps: rate, seconds, cameraMove: ['push in', 'pan left', 'static'][i]!, card: { title: `Shot ${i + 1}`, text: `at ${ffmpegRate(rate)}` } },
          rendered,
          { jobDir: makeTempDir('animatic job'), fonts: { regular: FONT, bold: BOLD } },
        );
        // The animatic itself: round(seconds x rate) frames.
        expect(await frameCount(rendered)).toBe(secondsToFrames(seconds, rate));
        return houseTakeIn(project, rendered, `t${rate.num}-${i}`, format);
      }),
    );
    takes.set(ffmpegRate(rate), made);
  }
}, 240_000);

afterAll(() => cleanupTempDirs());

async function exportAt(rate: FrameRate, name: string, transition: Shot['transition']) {
  const list = takes.get(ffmpegRate(rate))!;
  const outPath = path.join(out, `${name}.mp4`);
  const result = await exportSequence(
    { format: formatAt(rate), shots: list.map((t) => shotFor(t)), takeOf: (shot) => list.find((t) => t.id === shot.selectedTakeId) ?? null, resolve: (rel) => path.join(project, ...rel.split('/')) },
    { tools, fontFile: FONT },
    { outPath, transition },
  );
  return { outPath, result };
}

describe.each(RATES)('a $num/$den project', (rate) => {
  const fps = rate.num / rate.den;
  const takeFrames = SECONDS.map((s) => secondsToFrames(s, rate));

  it('normalises takes to whole frames in a timescale that holds a frame exactly', async () => {
    const list = takes.get(ffmpegRate(rate))!;
    for (const [i, take] of list.entries()) {
      expect(take.durationSeconds! * rate.num).toBeCloseTo(takeFrames[i]! * rate.den, 6);
      const movie = await parseWithMp4box(path.join(project, ...take.files.normalised!.split('/')));
      expect(movie.video.track.timescale).toBe(houseVideoTimescale(rate));
      expect(movie.video.samples.every((s) => s.duration === (movie.video.track.timescale * rate.den) / rate.num)).toBe(true);
      expect(movie.video.samples.length).toBe(takeFrames[i]);
    }
  });

  for (const [kind, seconds] of [['cut', 0], ['dissolve', 0.5]] as const) {
    it(`exports with ${kind}s: exactly the planned frames, sound within a frame, clean for every reader`, async () => {
      const { outPath, result } = await exportAt(rate, `${kind}-${rate.num}`, { kind, seconds });
      const overlap = kind === 'dissolve' ? secondsToFrames(0.5, rate) : 0;
      const frames = takeFrames.reduce((a, b) => a + b, 0) - (takeFrames.length - 1) * overlap;
      expect(result.plan.totalFrames).toBe(frames);
      expect(result.joiner).toBe('direct');
      if (kind === 'dissolve') expect(result.plan.copyFrames).toBeGreaterThan(0);
      expect(result.durationSeconds * rate.num).toBeCloseTo(frames * rate.den, 6);

      expect(await decodeErrors(outPath)).toBe('');
      expect(await frameCount(outPath)).toBe(frames);
      const movie = await parseWithMp4box(outPath);
      const { video, audio } = movie;
      expect(video.samples.length).toBe(frames);
      // Picture: frames x den / num seconds, to the tick.
      expect(video.track.timescale % rate.num === 0 || (video.track.timescale * rate.den) % rate.num === 0).toBe(true);
      expect(video.track.samples_duration * rate.num).toBe(frames * rate.den * video.track.timescale);
      expect([...displayFrames(video, fps)].sort((a, b) => a - b)).toEqual(Array.from({ length: frames }, (_, k) => k));
      // Sound within one frame of the picture.
      const soundSeconds = (audio.samples.length * 1024 - audio.mediaTime) / audio.track.timescale;
      expect(Math.abs(soundSeconds - (frames * rate.den) / rate.num)).toBeLessThanOrEqual(rate.den / rate.num);
    });
  }
});
