/**
 * Scene and numbering edits through the real door (edits.apply on a real project): each answers
 * with what changed and its inverse; applying the inverse puts the project back, and the inverse
 * of that is the redo.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import { newTake } from '../../shared/defaults';
import type { Scene, Shot } from '../../shared/domain';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';

afterAll(cleanupTempDirs);

let t: TestApp;
const apply = async (command: EditCommand) => ok<EditResult>(await t.call('edits.apply', { command }));
/** The film as `number title` per shot, in sequence order. */
const film = () => t.store.shots.list().map((s) => `${s.number} ${s.title}`);
const scenes = () => t.store.scenes.list().map((s) => `${s.number} ${s.heading}`);
/** The whole state undo must bring back (edit times aside). */
const state = () => ({
  scenes: t.store.scenes.list().map((s) => ({ ...s, updatedAt: '' })),
  shots: t.store.shots.list().map((s) => ({ ...s, updatedAt: '' })),
});

beforeEach(async () => {
  t = makeTestApp();
  await t.app.workspace.create({ name: 'Scenes', parentDir: t.root });
});

/** A shot added at the end of `scene` (default: the last scene), with a selected take on disk. */
function shotWithTake(title: string, scene?: Scene): Shot {
  const shot = t.store.shots.add(undefined, { title, prompt: `${title} happens.` }, scene?.id);
  const id = crypto.randomUUID();
  const file = `media/takes/${id}/take.mp4`;
  fs.mkdirSync(path.dirname(t.store.resolve(file)), { recursive: true });
  fs.writeFileSync(t.store.resolve(file), 'not really a video');
  t.store.takes.insert(
    newTake({ id, shotId: shot.id, request: { provider: 'animatic', model: 'animatic', prompt: title, seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } }, requestHash: id, files: { original: file, normalised: file }, now: new Date().toISOString() }),
  );
  return t.store.shots.update(shot.id, { selectedTakeId: id });
}

/** Two scenes: 1 (a, b, c) and 2 (d, e). */
async function twoScenes(): Promise<{ one: Scene; two: Scene; shots: Record<string, Shot> }> {
  const shots: Record<string, Shot> = {};
  for (const title of ['a', 'b', 'c']) shots[title] = shotWithTake(title);
  const one = t.store.scenes.list()[0]!;
  const added = await apply({ kind: 'scenes.add', afterId: one.id, scene: { heading: 'EXT. CLIFF - DAY' } });
  const two = added.scenes[0]!;
  for (const title of ['d', 'e']) shots[title] = shotWithTake(title, two);
  return { one, two, shots };
}

describe('scenes', () => {
  it('a new project has no scene until its first shot, which makes scene 1', async () => {
    expect(t.store.scenes.list()).toEqual([]);
    const result = await apply({ kind: 'shots.add', fields: { title: 'First' } });
    expect(scenes()).toEqual(['1 ']);
    expect(result.shots[0]).toMatchObject({ number: '1A', sceneId: t.store.scenes.list()[0]!.id });
    // The answer carries the scene it made, so the page knows it.
    expect(result.scenes.map((s) => s.number)).toEqual(['1']);
  });

  it('adds a scene (numbered for its place) and undoes it', async () => {
    const { one } = await twoScenes();
    expect(scenes()).toEqual(['1 ', '2 EXT. CLIFF - DAY']);
    expect(film()).toEqual(['1A a', '1B b', '1C c', '2A d', '2B e']);
    // Between 1 and 2: 1A.
    const between = await apply({ kind: 'scenes.add', afterId: one.id, scene: { heading: 'INT. STAIRS - NIGHT', color: '#4a90d9' } });
    expect(scenes()).toEqual(['1 ', '1A INT. STAIRS - NIGHT', '2 EXT. CLIFF - DAY']);
    expect(between.scenes[0]).toMatchObject({ number: '1A', color: '#4a90d9', collapsed: false });
    expect(between.inverse).toEqual({ kind: 'scenes.delete', ids: [between.scenes[0]!.id] });
    const undone = await apply(between.inverse);
    expect(undone.removedSceneIds).toEqual([between.scenes[0]!.id]);
    expect(scenes()).toEqual(['1 ', '2 EXT. CLIFF - DAY']);
    await apply(undone.inverse);
    expect(scenes()).toEqual(['1 ', '1A INT. STAIRS - NIGHT', '2 EXT. CLIFF - DAY']);
  });

  it('refuses a colour outside the palette and a number another scene has', async () => {
    const { two } = await twoScenes();
    const bad = await t.call('edits.apply', { command: { kind: 'scenes.update', id: two.id, patch: { color: '#123456' } } });
    expect(bad.ok).toBe(false);
    const taken = await t.call('edits.apply', { command: { kind: 'scenes.update', id: two.id, patch: { number: '1' } } });
    expect(taken).toMatchObject({ ok: false, error: { message: expect.stringContaining('Scene 1 already exists') } });
    expect(scenes()).toEqual(['1 ', '2 EXT. CLIFF - DAY']);
  });

  it('updates heading, synopsis, colour and folding, and a new number carries the shots along; undo puts all back', async () => {
    const { two } = await twoScenes();
    const before = state();
    const result = await apply({ kind: 'scenes.update', id: two.id, patch: { number: '12a', heading: 'EXT. LIGHTHOUSE - NIGHT', synopsis: 'The storm.', color: '#d9534f', collapsed: true } });
    expect(result.scenes[0]).toMatchObject({ number: '12A', heading: 'EXT. LIGHTHOUSE - NIGHT', synopsis: 'The storm.', color: '#d9534f', collapsed: true });
    expect(film()).toEqual(['1A a', '1B b', '1C c', '12AA d', '12AB e']);
    expect(result.shots.map((s) => s.number)).toEqual(['12AA', '12AB']);
    const undone = await apply(result.inverse);
    expect(state()).toEqual(before);
    await apply(undone.inverse);
    expect(film().slice(3)).toEqual(['12AA d', '12AB e']);
  });

  it('moves a scene with its shots, and undoes the move', async () => {
    const { two } = await twoScenes();
    const result = await apply({ kind: 'scenes.move', id: two.id, afterId: null });
    expect(scenes()).toEqual(['2 EXT. CLIFF - DAY', '1 ']);
    // Numbers stay with their shots; the sequence follows the scenes.
    expect(film()).toEqual(['2A d', '2B e', '1A a', '1B b', '1C c']);
    expect(ok<{ shots: Shot[] }>(await t.call('projects.current', {})).shots.map((s) => s.title)).toEqual(['d', 'e', 'a', 'b', 'c']);
    const undone = await apply(result.inverse);
    expect(film()).toEqual(['1A a', '1B b', '1C c', '2A d', '2B e']);
    await apply(undone.inverse);
    expect(scenes()[0]).toBe('2 EXT. CLIFF - DAY');
  });

  it('deletes a scene with its shots and takes; undo brings them back with their takes and numbers', async () => {
    const { two, shots } = await twoScenes();
    const before = state();
    const result = await apply({ kind: 'scenes.delete', ids: [two.id] });
    expect(result.removedSceneIds).toEqual([two.id]);
    expect(result.removedShotIds.sort()).toEqual([shots.d!.id, shots.e!.id].sort());
    expect(t.store.takes.ofShot(shots.d!.id)).toEqual([]);
    expect(film()).toEqual(['1A a', '1B b', '1C c']);
    const undone = await apply(result.inverse);
    expect(state()).toEqual(before);
    expect(t.store.takes.ofShot(shots.d!.id).map((k) => k.id)).toEqual([shots.d!.selectedTakeId]);
    expect(undone.inverse).toEqual({ kind: 'scenes.delete', ids: [two.id] });
  });
});

describe('shots in scenes', () => {
  it('a shot added after another lands in its scene with an inserted number; other numbers never change', async () => {
    const { shots } = await twoScenes();
    const inserted = await apply({ kind: 'shots.add', afterId: shots.a!.id, fields: { title: 'a2' } });
    expect(inserted.shots[0]!.sceneId).toBe(shots.a!.sceneId);
    expect(film()).toEqual(['1A a', '1AA a2', '1B b', '1C c', '2A d', '2B e']);
    await apply({ kind: 'shots.add', afterId: inserted.shots[0]!.id, fields: { title: 'a3' } });
    await apply({ kind: 'shots.add', afterId: shots.a!.id, fields: { title: 'a1' } });
    expect(film()).toEqual(['1A a', '1AAA a1', '1AA a2', '1AB a3', '1B b', '1C c', '2A d', '2B e']);
    await apply({ kind: 'shots.delete', ids: [shots.b!.id] });
    await apply({ kind: 'shots.add', fields: { title: 'f' } });
    expect(film()).toEqual(['1A a', '1AAA a1', '1AA a2', '1AB a3', '1C c', '2A d', '2B e', '2C f']);
    // A copy sits right after its source, in the same scene.
    await apply({ kind: 'shots.duplicate', ids: [shots.c!.id] });
    expect(film().slice(4, 6)).toEqual(['1C c', '1D c']);
  });

  it('moving a shot within its scene keeps its number', async () => {
    const { shots } = await twoScenes();
    await apply({ kind: 'shots.move', ids: [shots.a!.id], afterId: shots.c!.id });
    expect(film()).toEqual(['1B b', '1C c', '1A a', '2A d', '2B e']);
  });

  it('a shot moved into another scene gets a number there; undo takes it back with its old number', async () => {
    const { two, shots } = await twoScenes();
    const before = state();
    // After a shot of scene 2.
    const moved = await apply({ kind: 'shots.move', ids: [shots.b!.id], afterId: shots.d!.id });
    expect(moved.shots[0]).toMatchObject({ sceneId: two.id, number: '2AA' });
    expect(film()).toEqual(['1A a', '1C c', '2A d', '2AA b', '2B e']);
    const undone = await apply(moved.inverse);
    expect(state()).toEqual(before);
    await apply(undone.inverse);
    expect(film()).toEqual(['1A a', '1C c', '2A d', '2AA b', '2B e']);
  });

  it('moves shots to the start of a scene by its id (into an empty scene too)', async () => {
    const { two, shots } = await twoScenes();
    await apply({ kind: 'shots.move', ids: [shots.a!.id, shots.c!.id], afterId: null, sceneId: two.id });
    expect(film()).toEqual(['1B b', '2AA a', '2AAA c', '2A d', '2B e']);
    const empty = (await apply({ kind: 'scenes.add', scene: { heading: 'INT. ROOM' } })).scenes[0]!;
    const result = await apply({ kind: 'shots.move', ids: [shots.b!.id], afterId: null, sceneId: empty.id });
    expect(result.shots[0]).toMatchObject({ sceneId: empty.id, number: '3A' });
    // Scene 1 is now empty and still there.
    expect(scenes()).toEqual(['1 ', '2 EXT. CLIFF - DAY', '3 INT. ROOM']);
    const unknown = await t.call('edits.apply', { command: { kind: 'shots.move', ids: [shots.b!.id], afterId: null, sceneId: crypto.randomUUID() } });
    expect(unknown.ok).toBe(false);
  });

  it('keeps notes with the shot, through an edit and its undo', async () => {
    const { shots } = await twoScenes();
    const result = await apply({ kind: 'shots.patch', patches: [{ id: shots.a!.id, patch: { notes: 'Lamp on a dimmer.' } }] });
    expect(t.store.shots.get(shots.a!.id).notes).toBe('Lamp on a dimmer.');
    await apply(result.inverse);
    expect(t.store.shots.get(shots.a!.id).notes).toBe('');
  });
});

describe('renumbering', () => {
  it('renumbers one scene A, B, C... in order, and undoes it', async () => {
    const { shots } = await twoScenes();
    await apply({ kind: 'shots.add', afterId: shots.a!.id, fields: { title: 'a2' } });
    await apply({ kind: 'shots.delete', ids: [shots.b!.id] });
    expect(film()).toEqual(['1A a', '1AA a2', '1C c', '2A d', '2B e']);
    const before = state();
    const result = await apply({ kind: 'numbers.renumber', sceneId: shots.a!.sceneId });
    expect(film()).toEqual(['1A a', '1B a2', '1C c', '2A d', '2B e']);
    // Only what changed is reported and undone.
    expect(result.shots.map((s) => s.title)).toEqual(['a2']);
    const undone = await apply(result.inverse);
    expect(state()).toEqual(before);
    await apply(undone.inverse);
    expect(film()[1]).toBe('1B a2');
  });

  it('renumbers the film: scenes 1..n and every shot, undoable in one step', async () => {
    const { one, two, shots } = await twoScenes();
    await apply({ kind: 'scenes.add', afterId: one.id, scene: { heading: 'INSERT' } });
    await apply({ kind: 'shots.move', ids: [shots.e!.id], afterId: null, sceneId: t.store.scenes.list()[1]!.id });
    await apply({ kind: 'scenes.move', id: two.id, afterId: null });
    expect(scenes()).toEqual(['2 EXT. CLIFF - DAY', '1 ', '1A INSERT']);
    expect(film()).toEqual(['2A d', '1A a', '1B b', '1C c', '1AA e']);
    const before = state();
    const result = await apply({ kind: 'numbers.renumber' });
    expect(scenes()).toEqual(['1 EXT. CLIFF - DAY', '2 ', '3 INSERT']);
    expect(film()).toEqual(['1A d', '2A a', '2B b', '2C c', '3A e']);
    expect(result.inverse.kind).toBe('numbers.set');
    await apply(result.inverse);
    expect(state()).toEqual(before);
  });
});
