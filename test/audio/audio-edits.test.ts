/**
 * Audio clips in a real project (SQLite in a temp folder): the repository's checks, and the
 * audio edit commands through edits.apply, each answering with the inverse that undoes it.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import type { AudioClip } from '../../shared/domain';
import { openDatabase } from '../../main/store/open-database';
import { CURRENT_VERSION } from '../../main/store/migrations';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';

afterAll(cleanupTempDirs);

let t: TestApp;
const apply = async (command: EditCommand) => ok<EditResult>(await t.call('edits.apply', { command }));
const failure = async (command: EditCommand) => {
  const envelope = await t.call('edits.apply', { command });
  expect(envelope.ok).toBe(false);
  return envelope.error!.message;
};

beforeEach(async () => {
  t = makeTestApp();
  await t.app.workspace.create({ name: 'Sound', parentDir: t.root });
});

function insertClip(fields: Partial<AudioClip> = {}): AudioClip {
  const id = crypto.randomUUID();
  return t.store.audio.insert({
    id,
    track: 'music',
    file: `media/audio/${id}.m4a`,
    name: 'Bed',
    placement: { kind: 'sequence', startSeconds: 1 },
    inSeconds: 0,
    outSeconds: 8,
    gainDb: 0,
    fadeInSeconds: 0,
    fadeOutSeconds: 0,
    temp: false,
    durationSeconds: 8,
    createdAt: new Date().toISOString(),
    ...fields,
  });
}

describe('audio clips in the project', () => {
  it('stores both placements and reads them back whole, at schema version ' + CURRENT_VERSION, async () => {
    const shot = t.store.shots.add(undefined, { title: 'One' });
    const a = insertClip();
    const b = insertClip({ track: 'voice', placement: { kind: 'shot', shotId: shot.id, offsetSeconds: -0.5 }, temp: true, gainDb: -3 });
    expect(t.store.audio.list()).toEqual([a, b]);
    expect(t.store.audio.ofShot(shot.id)).toEqual([b]);
    expect(t.store.schemaVersion()).toBe(CURRENT_VERSION);
    // Reopened from disk: the same rows.
    const dir = t.store.dir;
    await t.app.workspace.close();
    const db = await openDatabase(`${dir}/project.db`);
    expect((db.prepare('SELECT COUNT(*) AS n FROM audio_clips').get() as { n: number }).n).toBe(2);
    db.close();
  });

  it('refuses times that do not fit the file', () => {
    expect(() => insertClip({ inSeconds: 5, outSeconds: 4 })).toThrow(/in point .* before the out point/);
    expect(() => insertClip({ outSeconds: 9 })).toThrow(/past the end of the file/);
    expect(() => insertClip({ fadeInSeconds: 5, fadeOutSeconds: 4 })).toThrow(/fades .* longer than the clip/);
    expect(t.store.audio.list()).toEqual([]);
  });

  it('update, delete, restore and add each answer with their inverse, and undo/redo round-trip', async () => {
    const clip = insertClip();
    const moved = await apply({ kind: 'audio.update', id: clip.id, patch: { placement: { kind: 'sequence', startSeconds: 3.5 }, gainDb: -6 } });
    expect(moved.audioClips).toEqual([{ ...clip, placement: { kind: 'sequence', startSeconds: 3.5 }, gainDb: -6 }]);
    expect(moved.inverse).toEqual({ kind: 'audio.update', id: clip.id, patch: { placement: { kind: 'sequence', startSeconds: 1 }, gainDb: 0 } });
    const back = await apply(moved.inverse);
    expect(t.store.audio.get(clip.id)).toEqual(clip);
    await apply(back.inverse);
    expect(t.store.audio.get(clip.id).gainDb).toBe(-6);

    const deleted = await apply({ kind: 'audio.delete', ids: [clip.id] });
    expect(deleted.removedAudioClipIds).toEqual([clip.id]);
    expect(t.store.audio.list()).toEqual([]);
    expect(deleted.inverse.kind).toBe('audio.restore');
    const restored = await apply(deleted.inverse);
    expect(t.store.audio.list()).toEqual([{ ...clip, placement: { kind: 'sequence', startSeconds: 3.5 }, gainDb: -6 }]);
    expect(restored.inverse).toEqual({ kind: 'audio.delete', ids: [clip.id] });

    const copy = await apply({ kind: 'audio.add', copyOf: clip.id, patch: { track: 'temp', placement: { kind: 'sequence', startSeconds: 0 } } });
    const made = copy.audioClips![0]!;
    expect(made).toMatchObject({ file: clip.file, track: 'temp', durationSeconds: 8 });
    expect(made.id).not.toBe(clip.id);
    await apply(copy.inverse);
    expect(t.store.audio.list().map((c) => c.id)).toEqual([clip.id]);
  });

  it('refuses a bad edit whole: nothing changes', async () => {
    const clip = insertClip();
    expect(await failure({ kind: 'audio.update', id: clip.id, patch: { outSeconds: 20 } })).toMatch(/past the end of the file/);
    expect(await failure({ kind: 'batch', edits: [{ kind: 'audio.update', id: clip.id, patch: { gainDb: -20 } }, { kind: 'audio.delete', ids: [crypto.randomUUID()] }] })).toMatch(/not in this project/);
    expect(t.store.audio.get(clip.id)).toEqual(clip);
    // The schema refuses a file outside media/audio before main sees it.
    expect(await failure({ kind: 'audio.restore', clips: [{ ...clip, file: '../project.db' }] })).toMatch(/media\/audio/);
  });

  it('keeps a clip attached to a deleted shot, and it comes back in place when the delete is undone', async () => {
    const shot = t.store.shots.add(undefined, { title: 'Line' });
    const clip = insertClip({ track: 'voice', placement: { kind: 'shot', shotId: shot.id, offsetSeconds: 0.25 } });
    const gone = await apply({ kind: 'shots.delete', ids: [shot.id] });
    expect(t.store.audio.get(clip.id)).toEqual(clip);
    await apply(gone.inverse);
    expect(t.store.shots.get(shot.id).id).toBe(shot.id);
    expect(t.store.audio.ofShot(shot.id)).toEqual([clip]);
  });
});

describe('sound files of deleted clips', () => {
  it('stay while the project is open (for undo) and are swept when it closes; a live clip keeps its file', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const write = (clip: AudioClip) => {
      fs.mkdirSync(path.dirname(t.store.resolve(clip.file)), { recursive: true });
      fs.writeFileSync(t.store.resolve(clip.file), 'sound');
      return t.store.resolve(clip.file);
    };
    const kept = write(insertClip());
    const doomed = insertClip();
    const gone = write(doomed);
    await apply({ kind: 'audio.delete', ids: [doomed.id] });
    expect(fs.existsSync(gone)).toBe(true);
    const dir = t.store.dir;
    await t.app.workspace.close();
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.existsSync(kept)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'media', 'audio'))).toEqual([path.basename(kept)]);
  });
});
