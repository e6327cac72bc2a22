/**
 * Exported MP4s played by a real browser: Debian's Chromium loads each file through a `<video>`
 * from a local HTTP server that answers range requests (as a browser fetches media), plays it
 * to the `ended` event and reports its duration. A third reader, besides ffmpeg's decoder and
 * mp4box.js in test/export/join-formats.test.ts, that shares no code with the export.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import rangeParser from 'range-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseFormat, Shot, Take } from '../../shared/domain';
import { fpsOf } from '../../shared/frame-rate';
import { exportSequence } from '../../main/export/export-sequence';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { FONT, houseTakeIn, shotFor, sourceClip, tools } from '../export/export-fixtures';
import { launchChromium } from './chromium';

let browser: Browser | undefined;
let server: http.Server | undefined;
let base = '';
const served = new Map<string, string>();

/** Serves the registered files with byte ranges (206 Partial Content), as media elements need. */
function serve(): Promise<void> {
  server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    if (name === '' || name === 'index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>playback</title><body></body>');
      return;
    }
    const file = served.get(name);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const ranges = req.headers.range ? rangeParser(size, req.headers.range, { combine: true }) : null;
    if (ranges === -1 || ranges === -2) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const range = ranges?.[0] ?? { start: 0, end: size - 1 };
    res.writeHead(ranges ? 206 : 200, {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'content-length': range.end - range.start + 1,
      ...(ranges ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    fs.createReadStream(file, { start: range.start, end: range.end }).pipe(res);
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => {
    base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    resolve();
  }));
}

/** Plays `file` in Chromium (muted, fast) to its end; the element's duration and how it ended. */
async function playInChromium(file: string): Promise<{ duration: number; ended: boolean; error: string | null; currentTime: number }> {
  const name = path.basename(file);
  served.set(name, file);
  const page = await browser!.newPage();
  try {
    await page.goto(`${base}/index.html`);
    return await page.evaluate(
      (src) =>
        new Promise<{ duration: number; ended: boolean; error: string | null; currentTime: number }>((resolve) => {
          const video = document.createElement('video');
          video.muted = true;
          video.preload = 'auto';
          const done = (error: string | null) => resolve({ duration: video.duration, ended: video.ended, error, currentTime: video.currentTime });
          video.addEventListener('ended', () => done(null));
          video.addEventListener('error', () => done(`media error ${video.error?.code}: ${video.error?.message}`));
          video.addEventListener('loadedmetadata', () => {
            // Fast, so a 10 s film takes about 2.5 s; `ended` fires the same at any rate.
            video.playbackRate = 4;
            void video.play().catch((e: unknown) => done(`play() refused: ${String(e)}`));
          });
          setTimeout(() => done('timed out before ended'), 60_000);
          video.src = src;
          document.body.append(video);
        }),
      `${base}/${encodeURIComponent(name)}`,
    );
  } finally {
    await page.close();
  }
}

interface Case {
  name: string;
  format: HouseFormat;
  shots: Array<{ take: string; fields?: Partial<Shot> }>;
  transition?: Shot['transition'];
  /** Frames each dissolve overlaps, and frames trimmed off in all. */
  overlap?: number;
  trimmed?: number;
}

let project: string;
let out: string;
const takes = new Map<string, Take>();

beforeAll(async () => {
  browser = await launchChromium();
  await serve();
  project = makeTempDir('playback project');
  out = makeTempDir('playback out');
  const src = makeTempDir('playback src');
  // B-frames in the sources, 44.1 and 48 kHz, no sound, odd lengths.
  const made = await Promise.all([
    sourceClip(path.join(src, 'a.mp4'), { fps: 30, seconds: 2.37, sampleRate: 44100, bframes: true }).then((f) => houseTakeIn(project, f, 'a25', f25)),
    sourceClip(path.join(src, 'b.mp4'), { fps: 25, seconds: 2, sampleRate: 48000, bframes: true, hue: 120 }).then((f) => houseTakeIn(project, f, 'b25', f25)),
    sourceClip(path.join(src, 'c.mp4'), { fps: 24, seconds: 1.5, sampleRate: null, hue: 240 }).then((f) => houseTakeIn(project, f, 'c25', f25)),
    sourceClip(path.join(src, 'd.mp4'), { fps: 60, seconds: 2.37, sampleRate: 48000, bframes: true }).then((f) => houseTakeIn(project, f, 'd60', f60)),
    sourceClip(path.join(src, 'e.mp4'), { fps: 24, seconds: 1.5, sampleRate: null, hue: 200 }).then((f) => houseTakeIn(project, f, 'e60', f60)),
    sourceClip(path.join(src, 'f.mp4'), { fps: 30, seconds: 2.37, sampleRate: 44100, bframes: true, hue: 90 }).then((f) => houseTakeIn(project, f, 'f23976', f23976)),
    sourceClip(path.join(src, 'g.mp4'), { fps: 24, seconds: 1.9, sampleRate: null, hue: 300 }).then((f) => houseTakeIn(project, f, 'g23976', f23976)),
    sourceClip(path.join(src, 'h.mp4'), { fps: '30000/1001', seconds: 2.37, sampleRate: 48000, bframes: true, hue: 30 }).then((f) => houseTakeIn(project, f, 'h2997', f2997)),
    sourceClip(path.join(src, 'i.mp4'), { fps: 25, seconds: 2, sampleRate: 44100, hue: 150 }).then((f) => houseTakeIn(project, f, 'i2997', f2997)),
  ]);
  for (const t of made) takes.set(t.id, t);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  cleanupTempDirs();
});

const f25: HouseFormat = { width: 320, height: 180, fps: { num: 25, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };
const f60: HouseFormat = { ...f25, fps: { num: 60, den: 1 } };
const f23976: HouseFormat = { ...f25, fps: { num: 24000, den: 1001 } };
const f2997: HouseFormat = { ...f25, fps: { num: 30000, den: 1001 } };
const framesOf = (id: string, format: HouseFormat) => Math.round(takes.get(id)!.durationSeconds! * fpsOf(format.fps));
const cases: Case[] = [
  { name: 'cuts-25', format: f25, shots: [{ take: 'a25' }, { take: 'b25' }, { take: 'c25' }, { take: 'a25' }] },
  { name: 'dissolves-25', format: f25, shots: [{ take: 'a25' }, { take: 'b25' }, { take: 'c25' }], transition: { kind: 'dissolve', seconds: 0.4 }, overlap: 10 },
  { name: 'cuts-23976', format: f23976, shots: [{ take: 'f23976' }, { take: 'g23976' }, { take: 'f23976' }] },
  { name: 'dissolves-2997', format: f2997, shots: [{ take: 'h2997' }, { take: 'i2997' }, { take: 'h2997' }], transition: { kind: 'dissolve', seconds: 0.5 }, overlap: 15 },
  { name: 'cuts-60', format: f60, shots: [{ take: 'd60' }, { take: 'e60', fields: { trimIn: 0.25 } }, { take: 'd60' }], trimmed: 15 },
];

describe('exported files play to the end in Chromium', () => {
  for (const c of cases) {
    it(`${c.name}: plays to ended, with the planned duration`, async () => {
      const shots = c.shots.map((s) => shotFor(takes.get(s.take)!, s.fields));
      const outPath = path.join(out, `${c.name}.mp4`);
      const result = await exportSequence(
        { format: c.format, shots, takeOf: (shot) => takes.get(shot.selectedTakeId!) ?? null, resolve: (rel) => path.join(project, ...rel.split('/')) },
        { tools, fontFile: FONT },
        { outPath, transition: c.transition },
      );
      const frames = c.shots.reduce((n, s) => n + framesOf(s.take, c.format), 0) - (c.shots.length - 1) * (c.overlap ?? 0) - (c.trimmed ?? 0);
      expect(result.plan.totalFrames).toBe(frames);
      expect(result.joiner).toBe('direct');
      const played = await playInChromium(outPath);
      expect(played.error).toBeNull();
      expect(played.ended).toBe(true);
      const seconds = (frames * c.format.fps.den) / c.format.fps.num;
      // The element's duration is the longer track's; the sound ends within a frame of the picture.
      expect(Math.abs(played.duration - seconds)).toBeLessThanOrEqual(c.format.fps.den / c.format.fps.num + 0.001);
      expect(Math.abs(played.currentTime - played.duration)).toBeLessThan(0.05);
    });
  }
});
