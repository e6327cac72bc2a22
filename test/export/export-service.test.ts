/**
 * Exports through the real dispatcher and a real project (SQLite in a temp folder): the
 * background job, its exports row, progress events, cancel leaving nothing behind, outPath
 * validation, and the contact sheet.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/contract/define';
import type { ExportJob, Shot } from '../../shared/domain';
import type { Dispatch } from '../../main/ipc/dispatch';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { colourClip, houseTake } from './export-fixtures';

let root: string;
let t: TestApp;
let dispatch: Dispatch;
let shots: Shot[];
const events: ExportJob[] = [];

async function call<R>(name: string, input: unknown): Promise<R> {
  const envelope = (await dispatch(name, input)) as Envelope<R>;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

beforeAll(async () => {
  root = makeTempDir('export service');
  t = makeTestApp({ settingsDir: path.join(root, 'settings'), version: 'test' });
  dispatch = t.dispatch;
  t.app.events.subscribe((name, payload) => {
    if (name === 'export.progress') events.push(payload as ExportJob);
  });
  const { store } = await t.app.workspace.create({ parentDir: root, name: 'Exporting', size: '320x180', fps: { num: 24, den: 1 } });
  const a = store.shots.add(null, { title: 'Harbour', prompt: 'Wide shot: the harbour at dawn\nsecond line', seconds: 2 });
  const b = store.shots.add(a.id, { title: 'Gulls', seconds: 2 });
  store.shots.add(b.id, { title: 'Not made yet', seconds: 1 });
  const src = makeTempDir('export service src');
  for (const [shot, color, f] of [[a, 'orange', 300], [b, 'purple', 500]] as const) {
    const take = await houseTake(store.dir, await colourClip(path.join(src, `${color}.mp4`), color, 2, f), crypto.randomUUID(), shot.id);
    store.takes.insert(take);
    store.shots.update(shot.id, { selectedTakeId: take.id });
  }
  shots = store.shots.list();
}, 120_000);

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('export.start / status / cancel', () => {
  it('runs in the background, pushes progress up to done, and records the exports row', async () => {
    const out = makeTempDir('export service out');
    const outPath = path.join(out, 'Exporting cut.mp4');
    events.length = 0;
    const job = await call<ExportJob>('export.start', { outPath, options: { fillMissing: true, transition: 'dissolve', transitionSeconds: 0.25 } });
    expect(job).toMatchObject({ format: 'mp4', status: 'running', outputPath: outPath });
    const done = await t.project.exports.wait(job.id);
    expect(done.status).toBe('done');
    expect(done.message).toMatch(/Exported 4\.50 s/);
    expect(fs.readdirSync(out)).toEqual(['Exporting cut.mp4']);
    const mine = events.filter((e) => e.id === job.id);
    expect(mine.at(-1)).toMatchObject({ status: 'done', progress: 1 });
    const progress = mine.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    const [row] = await call<ExportJob[]>('export.status', { id: job.id });
    expect(row).toMatchObject({ id: job.id, status: 'done', outputPath: outPath, progress: 1 });
  });

  it('reports the shots without a take by number when not filling them', async () => {
    const out = makeTempDir('export service missing');
    const job = await call<ExportJob>('export.start', { outPath: path.join(out, 'x.mp4') });
    const done = await t.project.exports.wait(job.id);
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(/Shot 1C has no ready take/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('cancel kills ffmpeg and leaves no output, no .partial and no temp folder', async () => {
    const out = makeTempDir('export service cancel');
    const outPath = path.join(out, 'cancelled.mp4');
    let cancelled: Promise<unknown> | null = null;
    const job = await call<ExportJob>('export.start', { outPath, options: { fillMissing: true, loudnorm: true, burnIn: true } });
    const stop = t.app.events.subscribe((name, payload) => {
      const e = payload as ExportJob;
      if (name === 'export.progress' && e.id === job.id && e.progress > 0 && !cancelled) cancelled = call('export.cancel', { id: job.id });
    });
    const done = await t.project.exports.wait(job.id);
    stop();
    expect(cancelled).not.toBeNull();
    expect(done.status).toBe('cancelled');
    expect(fs.readdirSync(out)).toEqual([]);
    const [row] = await call<ExportJob[]>('export.status', { id: job.id });
    expect(row!.status).toBe('cancelled');
  });

  it('refuses a relative path, a wrong extension or a missing folder before starting', async () => {
    const bad = async (input: unknown) => {
      const envelope = (await dispatch('export.start', input)) as Envelope<unknown>;
      expect(envelope.ok).toBe(false);
      return envelope.ok ? '' : envelope.error.message;
    };
    expect(await bad({ outPath: 'relative.mp4' })).toMatch(/absolute/);
    expect(await bad({ outPath: path.join(root, 'x.mov') })).toMatch(/\.mp4/);
    expect(await bad({ outPath: path.join(root, 'no such folder', 'x.mp4') })).toMatch(/does not exist/);
    expect(await bad({ outPath: path.join(root, 'x.mp4'), options: { transition: 'dissolve', transitionSeconds: 60 } })).toMatch(/options\.transitionSeconds/);
    expect(await bad({ outPath: path.join(root, 'x.mp4'), options: { transition: 'wipe' } })).toMatch(/options\.transition/);
    expect(await bad({ outPath: path.join(root, 'x.mp4'), options: { bogus: true } })).toMatch(/bogus/);
    expect(await bad({ format: 'tiff', outPath: path.join(root, 'x.tiff') })).toMatch(/no export format "tiff"; use one of mp4, contact-sheet/);
    expect(await bad({ format: 'contact-sheet', outPath: path.join(root, 'x.mp4') })).toMatch(/\.png/);
  });
});

describe('the contact sheet format', () => {
  it('runs as an export job and draws one captioned cell per shot: poster, or grey when there is none', async () => {
    const out = makeTempDir('export sheet');
    const outPath = path.join(out, 'sheet.png');
    const job = await call<ExportJob>('export.start', { format: 'contact-sheet', outPath });
    expect(job).toMatchObject({ format: 'contact-sheet', status: 'running' });
    const done = await t.project.exports.wait(job.id);
    expect(done.status, done.message).toBe('done');
    expect(done.message).toMatch(new RegExp(`Wrote .*sheet\\.png \\(${shots.length} shots, \\d+x\\d+\\)`));
    const meta = await sharp(outPath).metadata();
    expect(meta.format).toBe('png');
    expect(done.message).toContain(`${meta.width}x${meta.height}`);
    // Cut the region out first: stats() describes the whole input, not the extracted part.
    const region = async (left: number, top: number, width: number, height: number) =>
      sharp(await sharp(outPath).extract({ left, top, width, height }).png().toBuffer()).stats();
    const cell = (i: number) => region(8 + i * (320 + 8) + 10, 8 + 40, 120, 100);
    const [first, third] = await Promise.all([cell(0), cell(2)]);
    // Shot 1's poster is orange on the left (red high, blue low); shot 3 has no take: grey.
    expect(first.channels[0]!.mean).toBeGreaterThan(first.channels[2]!.mean + 40);
    for (const c of third.channels.slice(0, 3)) expect(Math.abs(c.mean - 128)).toBeLessThan(6);
    // The caption strip holds dark text on white.
    const caption = await region(8, 8 + 180, 320, 64);
    expect(caption.channels[0]!.min).toBeLessThan(60);
    expect(fs.readdirSync(out)).toEqual(['sheet.png']);
  });
});
