/**
 * Edits as commands through the real door (edits.apply on a real project): each is one call and
 * one transaction, answers with what changed and the command that reverses it, and applying
 * that inverse answers with the redo. Batches of many shots are one step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import { newTake } from '../../shared/defaults';
import type { Shot } from '../../shared/domain';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';

afterAll(cleanupTempDirs);

let t: TestApp;
const apply = async (command: EditCommand) => ok<EditResult>(await t.call('edits.apply', { command }));
const titles = () => t.store.shots.list().map((s) => s.title);

beforeEach(async () => {
  t = makeTestApp();
  await t.app.workspace.create({ name: 'Edits', parentDir: t.root });
});

/** A shot with a selected, ready take whose file is on disk. */
function shotWithTake(title: string): Shot {
  const shot = t.store.shots.add(undefined, { title, prompt: `${title} happens.` });
  const id = crypto.randomUUID();
  const file = `media/takes/${id}/take.mp4`;
  fs.mkdirSync(path.dirname(t.store.resolve(file)), { recursive: true });
  fs.writeFileSync(t.store.resolve(file), 'not really a video');
  t.store.takes.insert(
    newTake({ id, shotId: shot.id, request: { provider: 'animatic', model: 'animatic', prompt: title, seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } }, requestHash: id, files: { original: file, normalised: file }, now: new Date().toISOString() }),
  );
  return t.store.shots.update(shot.id, { selectedTakeId: id });
}

describe('edits.apply', () => {
  it('deletes 50 shots in one call and one undo brings them back in order with their takes', async () => {
    const shots = Array.from({ length: 60 }, (_, i) => shotWithTake(`S${String(i).padStart(2, '0')}`));
    const before = t.store.shots.list();
    const doomed = shots.filter((_, i) => i % 6 !== 0).slice(0, 50).map((s) => s.id);
    const result = await apply({ kind: 'shots.delete', ids: [...doomed].reverse() });
    expect(result.removedShotIds).toHaveLength(50);
    expect(t.store.shots.list()).toHaveLength(10);
    expect(result.inverse.kind).toBe('shots.restore');

    const undone = await apply(result.inverse);
    expect(t.store.shots.list()).toEqual(before.map((s) => ({ ...s, updatedAt: expect.any(String) })));
    expect(undone.shots.map((s) => s.id)).toEqual(before.filter((s) => doomed.includes(s.id)).map((s) => s.id));
    for (const id of doomed) {
      const shot = t.store.shots.get(id);
      expect(t.store.takes.ofShot(id).map((k) => k.id)).toEqual([shot.selectedTakeId]);
    }
    // The inverse of the undo is the redo: the same 50 go again.
    expect(undone.inverse).toEqual({ kind: 'shots.delete', ids: before.filter((s) => doomed.includes(s.id)).map((s) => s.id) });
    await apply(undone.inverse);
    expect(t.store.shots.list()).toHaveLength(10);
  });

  it('is all or nothing: a command naming a missing shot changes nothing', async () => {
    const a = t.store.shots.add(undefined, { title: 'A' });
    const envelope = await t.call('edits.apply', { command: { kind: 'shots.delete', ids: [a.id, crypto.randomUUID()] } });
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.message).toMatch(/does not exist/);
    expect(titles()).toEqual(['A']);
    const batch = await t.call('edits.apply', { command: { kind: 'batch', edits: [{ kind: 'shots.set', ids: [a.id], patch: { title: 'Changed' } }, { kind: 'shots.set', ids: [a.id], patch: { trimIn: 3, trimOut: 1 } }] } });
    expect(batch.ok).toBe(false);
    expect(titles()).toEqual(['A']);
  });

  it('moves, duplicates and sets a field on many shots, each undone in one step', async () => {
    const [a, b, c, d, e] = ['A', 'B', 'C', 'D', 'E'].map((title) => t.store.shots.add(undefined, { title, seconds: 4 }));
    const moved = await apply({ kind: 'shots.move', ids: [d!.id, b!.id], afterId: null });
    expect(titles()).toEqual(['B', 'D', 'A', 'C', 'E']);
    await apply(moved.inverse);
    expect(titles()).toEqual(['A', 'B', 'C', 'D', 'E']);

    const copies = await apply({ kind: 'shots.duplicate', ids: [e!.id, a!.id] });
    expect(titles()).toEqual(['A', 'A', 'B', 'C', 'D', 'E', 'E']);
    await apply(copies.inverse);
    expect(titles()).toEqual(['A', 'B', 'C', 'D', 'E']);

    const set = await apply({ kind: 'shots.set', ids: [a!.id, c!.id], patch: { seconds: 8, cameraMove: 'slow push in' } });
    expect(set.shots.map((s) => [s.title, s.seconds, s.cameraMove])).toEqual([['A', 8, 'slow push in'], ['C', 8, 'slow push in']]);
    t.store.shots.update(c!.id, { title: 'C2' });
    await apply(set.inverse);
    // Only the fields the command set go back; the later title edit stays.
    expect(t.store.shots.list().map((s) => [s.title, s.seconds, s.cameraMove])).toEqual([
      ['A', 4, ''], ['B', 4, ''], ['C2', 4, ''], ['D', 4, ''], ['E', 4, ''],
    ]);
  });

  it('adds and removes elements and shots with inverses that put them back', async () => {
    const added = await apply({ kind: 'elements.add', element: { kind: 'character', name: 'Mara', description: 'grey braid' } });
    const mara = added.elements[0]!;
    const renamed = await apply({ kind: 'elements.update', id: mara.id, patch: { description: 'yellow raincoat' } });
    expect(renamed.inverse).toEqual({ kind: 'elements.update', id: mara.id, patch: { description: 'grey braid' } });
    const deleted = await apply({ kind: 'elements.delete', id: mara.id });
    expect(deleted.removedElementIds).toEqual([mara.id]);
    await apply(deleted.inverse);
    expect(t.store.elements.get(mara.id).description).toBe('yellow raincoat');
    const removed = await apply(added.inverse);
    expect(removed.removedElementIds).toEqual([mara.id]);

    const shot = await apply({ kind: 'shots.add', fields: { title: 'New', prompt: 'x' } });
    await apply(shot.inverse);
    expect(titles()).toEqual([]);
  });

  it('refuses malformed commands at the door, naming the field', async () => {
    const bad = await t.call('edits.apply', { command: { kind: 'shots.delete', ids: [] } });
    expect(bad.error?.code).toBe('invalid_input');
    const nested = await t.call('edits.apply', { command: { kind: 'batch', edits: [{ kind: 'batch', edits: [] }] } });
    expect(nested.error?.code).toBe('invalid_input');
  });
});
