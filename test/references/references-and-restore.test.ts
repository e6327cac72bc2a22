/**
 * The editor's main-side calls through the real dispatcher and a real project folder:
 * references.* (uploaded bytes, all-or-nothing, reorder, fit, fitted preview), takes.import with
 * real ffmpeg, shots.duplicate, and shots.restore / elements.restore as undo uses them.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceOwner } from '../../shared/contract/references';
import type { Envelope } from '../../shared/contract/define';
import type { Element, Shot, Take } from '../../shared/domain';
import type { Dispatch } from '../../main/ipc/dispatch';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { cleanupTempDirs, makeClip, makeImage, makeSplitImage, makeTempDir } from '../helpers/make-media';

let root: string;
let projectDir: string;
let t: TestApp;
let dispatch: Dispatch;
const b64 = (file: string) => fs.readFileSync(file).toString('base64');

async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = (await dispatch(name, input)) as Envelope<T>;
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}
async function refused(name: string, input: unknown) {
  const result = await dispatch(name, input);
  expect(result.ok, `${name} should be refused`).toBe(false);
  return (result as { ok: false; error: { code: string; message: string } }).error;
}
const filesUnder = (sub: string) => {
  const dir = path.join(projectDir, sub);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

let red: string;
let blue: string;
let split: string;
let notImage: string;

beforeAll(async () => {
  root = makeTempDir('references');
  t = makeTestApp({ settingsDir: path.join(root, 'settings'), version: 'test' });
  dispatch = t.dispatch;
  const snap = await ok<{ path: string }>('projects.create', { name: 'Refs', parentDir: root, size: '320x180', fps: 24 });
  projectDir = snap.path;
  red = await makeImage(path.join(root, 'red.png'), { width: 64, height: 48, color: '#ff0000' });
  blue = await makeImage(path.join(root, 'blue.jpg'), { width: 40, height: 40, color: '#0000ff', format: 'jpeg' });
  split = await makeSplitImage(path.join(root, 'split.png'), 200, 100, '#ff0000', '#00ff00');
  notImage = path.join(root, 'notes.png');
  fs.writeFileSync(notImage, 'this is not a picture at all');
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('references', () => {
  it('adds several images at once to a shot, then reorders, sets the fit and removes', async () => {
    const shot = await ok<Shot>('shots.add', {});
    const target = { kind: 'shot', id: shot.id };
    const added = await ok<ReferenceOwner>('references.add', {
      target,
      files: [
        { name: 'red.png', dataBase64: b64(red) },
        { name: 'blue.jpg', dataBase64: b64(blue) },
      ],
    });
    expect(added.element).toBeNull();
    const refs = added.shot!.references;
    expect(refs.map((r) => [r.name, r.width, r.height, r.fit])).toEqual([
      ['red.png', 64, 48, 'cover'],
      ['blue.jpg', 40, 40, 'cover'],
    ]);
    for (const r of refs) expect(fs.existsSync(path.join(projectDir, r.path))).toBe(true);

    const reordered = await ok<ReferenceOwner>('references.reorder', { target, ids: [refs[1]!.id, refs[0]!.id] });
    expect(reordered.shot!.references.map((r) => r.name)).toEqual(['blue.jpg', 'red.png']);
    const missingOne = await refused('references.reorder', { target, ids: [refs[0]!.id] });
    expect(missingOne.message).toContain('every reference');

    const fitted = await ok<ReferenceOwner>('references.setFit', { target, referenceId: refs[0]!.id, fit: 'contain' });
    expect(fitted.shot!.references.find((r) => r.id === refs[0]!.id)!.fit).toBe('contain');

    const removed = await ok<ReferenceOwner>('references.remove', { target, referenceId: refs[1]!.id });
    expect(removed.shot!.references.map((r) => r.name)).toEqual(['red.png']);
    // The stored shot agrees (main is the source of truth).
    const listed = await ok<Shot[]>('shots.list', {});
    expect(listed.find((s) => s.id === shot.id)!.references.map((r) => r.name)).toEqual(['red.png']);
  });

  it('refuses a batch with one bad file, names it, and adds nothing (no new file either)', async () => {
    const shot = await ok<Shot>('shots.add', {});
    const refsBefore = filesUnder('media/refs');
    const fresh = await makeImage(path.join(root, 'fresh.png'), { width: 30, height: 20, color: '#123456' });
    const error = await refused('references.add', {
      target: { kind: 'shot', id: shot.id },
      files: [
        { name: 'fresh.png', dataBase64: b64(fresh) },
        { name: 'notes.png', dataBase64: b64(notImage) },
      ],
    });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"notes.png"');
    expect(error.message).toContain('Nothing was added');
    expect(filesUnder('media/refs')).toEqual(refsBefore);
    const listed = await ok<Shot[]>('shots.list', {});
    expect(listed.find((s) => s.id === shot.id)!.references).toEqual([]);
  });

  it('adds images to an element', async () => {
    const element = await ok<Element>('elements.add', { kind: 'character', name: 'Mara' });
    const owner = await ok<ReferenceOwner>('references.add', {
      target: { kind: 'element', id: element.id },
      files: [{ name: 'red.png', dataBase64: b64(red) }],
    });
    expect(owner.shot).toBeNull();
    expect(owner.element!.images.map((i) => i.name)).toEqual(['red.png']);
  });

  it('writes a fitted preview at the model size: cover crops, contain pads with black', async () => {
    const shot = await ok<Shot>('shots.add', {});
    const target = { kind: 'shot', id: shot.id };
    const owner = await ok<ReferenceOwner>('references.add', { target, files: [{ name: 'split.png', dataBase64: b64(split) }] });
    const referenceId = owner.shot!.references[0]!.id;
    // 200x100 into 100x100: cover keeps the middle (half red, half green); contain adds bars.
    const cover = await ok<{ path: string; width: number; height: number }>('references.preview', { target, referenceId, size: '100x100' });
    const contain = await ok<{ path: string }>('references.preview', { target, referenceId, size: '100x100', fit: 'contain' });
    expect(cover.path).toMatch(/^media\/cache\/fit\/[0-9a-f]{16}\.png$/);
    expect(contain.path).not.toBe(cover.path);
    const coverMeta = await sharp(path.join(projectDir, cover.path)).metadata();
    expect([coverMeta.width, coverMeta.height]).toEqual([100, 100]);
    const topRow = await sharp(path.join(projectDir, contain.path)).extract({ left: 0, top: 0, width: 100, height: 5 }).raw().toBuffer();
    expect(Math.max(...topRow)).toBeLessThan(10); // black bar above the picture
    const coverTop = await sharp(path.join(projectDir, cover.path)).extract({ left: 0, top: 0, width: 10, height: 5 }).raw().toBuffer();
    expect(coverTop[0]).toBeGreaterThan(200); // red reaches the top edge
  });
});

describe('takes.import', () => {
  it('imports a video as a ready, selected take with a poster; a bad file leaves nothing', async () => {
    const shot = await ok<Shot>('shots.add', {});
    const clip = await makeClip(path.join(root, 'clip.mp4'), { width: 160, height: 120, seconds: 1 });
    const take = await ok<Take>('takes.import', { shotId: shot.id, file: { name: 'clip.mp4', dataBase64: b64(clip) } });
    expect(take).toMatchObject({ shotId: shot.id, provider: 'import', status: 'ready', costUsd: 0, size: '320x180' });
    expect(take.durationSeconds).toBeCloseTo(1, 1);
    expect(fs.existsSync(path.join(projectDir, take.files.poster!))).toBe(true);
    expect(fs.existsSync(path.join(projectDir, take.files.normalised!))).toBe(true);
    const listed = await ok<Shot[]>('shots.list', {});
    expect(listed.find((s) => s.id === shot.id)!.selectedTakeId).toBe(take.id);

    const takesBefore = filesUnder('media/takes');
    const error = await refused('takes.import', { shotId: shot.id, file: { name: 'notes.mp4', dataBase64: b64(notImage) } });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('notes.mp4');
    expect(filesUnder('media/takes')).toEqual(takesBefore);
    expect((await ok<Take[]>('takes.list', { shotId: shot.id })).length).toBe(1);
  });
});

describe('duplicate and restore (what undo sends)', () => {
  it('duplicates a shot right after it with its text and references, without takes', async () => {
    const shot = await ok<Shot>('shots.add', { fields: { title: 'Cliff', prompt: 'Waves', seconds: 6 } });
    await ok<ReferenceOwner>('references.add', { target: { kind: 'shot', id: shot.id }, files: [{ name: 'red.png', dataBase64: b64(red) }] });
    const copy = await ok<Shot>('shots.duplicate', { id: shot.id });
    expect(copy.id).not.toBe(shot.id);
    expect(copy).toMatchObject({ title: 'Cliff', prompt: 'Waves', seconds: 6, selectedTakeId: null });
    expect(copy.references).toHaveLength(1);
    const ids = (await ok<Shot[]>('shots.list', {})).map((s) => s.id);
    expect(ids.indexOf(copy.id)).toBe(ids.indexOf(shot.id) + 1);
  });

  it('brings a deleted shot back in its place with its takes and selection', async () => {
    const before = await ok<Shot[]>('shots.list', {});
    const middle = before[1]!;
    const clip = await makeClip(path.join(root, 'clip2.mp4'), { seconds: 1, audio: false });
    const take = await ok<Take>('takes.import', { shotId: middle.id, file: { name: 'clip2.mp4', dataBase64: b64(clip) } });
    const full = (await ok<Shot[]>('shots.list', {})).find((s) => s.id === middle.id)!;
    const takes = await ok<Take[]>('takes.list', { shotId: middle.id });
    await ok('shots.delete', { id: middle.id });
    expect((await ok<Shot[]>('shots.list', {})).map((s) => s.id)).not.toContain(middle.id);

    const restored = await ok<Shot>('shots.restore', { shot: full, takes });
    expect(restored.selectedTakeId).toBe(take.id);
    expect((await ok<Shot[]>('shots.list', {})).map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect((await ok<Take[]>('takes.list', { shotId: middle.id })).map((t) => t.id)).toEqual(takes.map((t) => t.id));

    // Restoring over an existing shot replaces its fields (undo of a text edit).
    await ok('shots.update', { id: middle.id, patch: { title: 'changed' } });
    const back = await ok<Shot>('shots.restore', { shot: { ...full, title: 'original' } });
    expect(back.title).toBe('original');
  });

  it('refuses a record pointing at a file that is gone', async () => {
    const shot = await ok<Shot>('shots.add', {});
    const ghost = { ...shot, references: [{ id: shot.id, path: 'media/refs/0000000000000000.png', name: 'gone.png', fit: 'cover', width: 4, height: 4 }] };
    const error = await refused('shots.restore', { shot: ghost });
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('media/refs/0000000000000000.png');
  });

  it('brings a deleted element back, and refuses when its name is taken', async () => {
    const element = await ok<Element>('elements.add', { kind: 'place', name: 'Lighthouse', description: 'white tower' });
    await ok('elements.delete', { id: element.id });
    const back = await ok<Element>('elements.restore', { element });
    expect(back).toEqual(element);
    await ok('elements.delete', { id: element.id });
    await ok<Element>('elements.add', { kind: 'place', name: 'Lighthouse' });
    const error = await refused('elements.restore', { element });
    expect(error.code).toBe('conflict');
  });
});
