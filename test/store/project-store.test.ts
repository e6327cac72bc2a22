import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { UserError } from '../../main/errors';
import { openRawDb, withRawDb } from '../helpers/raw-db';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('ProjectStore: create, reopen, edit', () => {
  it('creates Name.shotline with project.db and media/, and refuses to create it twice', async () => {
    const parent = makeTempDir('store');
    const store = await ProjectStore.create(parent, { name: 'Lighthouse', size: '1920x1080', fps: { num: 25, den: 1 } });
    expect(store.dir).toBe(path.join(parent, 'Lighthouse.shotline'));
    expect(fs.existsSync(path.join(store.dir, 'project.db'))).toBe(true);
    expect(fs.statSync(path.join(store.dir, 'media')).isDirectory()).toBe(true);
    expect(store.project.get()).toMatchObject({ name: 'Lighthouse', format: { width: 1920, height: 1080, fps: { num: 25, den: 1 } } });
    store.close();
    // No temp folder is left beside the project.
    expect(fs.readdirSync(parent)).toEqual(['Lighthouse.shotline']);

    const again = await refusal(ProjectStore.create(parent, { name: 'Lighthouse' }));
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('Lighthouse.shotline already exists');
  });

  it('keeps every edit across a reopen', async () => {
    const parent = makeTempDir('store');
    const store = await ProjectStore.create(parent, { name: 'Persist' });
    store.project.update({ style: '35mm film, overcast light', budgetUsd: 12.5 });
    const a = store.shots.add(undefined, { title: 'A', prompt: 'Wide: @Mara walks', seconds: 5 });
    const b = store.shots.add(undefined, { title: 'B', dialogue: "Mara: It's still turning." });
    const c = store.shots.add(a.id, { title: 'C' });
    store.shots.update(b.id, { cameraMove: 'slow push in', transition: { kind: 'dissolve', seconds: 1 }, trimIn: 0.5 });
    store.shots.move(a.id, b.id);
    const mara = store.elements.add({ kind: 'character', name: 'Mara', description: 'grey braid, yellow raincoat' });
    store.elements.update(mara.id, { realPerson: true, consent: { consentedBy: 'Mara Doe', date: '2026-11-25', scope: 'previs' } });
    const prop = store.elements.add({ kind: 'prop', name: 'Lamp' });
    store.elements.delete(prop.id);
    const before = store.snapshot();
    store.close();

    const reopened = await ProjectStore.open(store.dir);
    const after = reopened.snapshot();
    reopened.close();
    expect(after).toEqual(before);
    expect(after.project).toMatchObject({ style: '35mm film, overcast light', budgetUsd: 12.5 });
    expect(after.shots.map((s) => s.title)).toEqual(['C', 'B', 'A']);
    expect(after.shots[1]).toMatchObject({ cameraMove: 'slow push in', transition: { kind: 'dissolve', seconds: 1 }, trimIn: 0.5 });
    expect(after.elements).toHaveLength(1);
    expect(after.elements[0]).toMatchObject({ name: 'Mara', realPerson: true, consent: { scope: 'previs' } });
    expect(c.id).toBe(after.shots[0]!.id);
  });

  it('refuses a duplicate element name (any case) and an edit of a missing shot, changing nothing', async () => {
    const store = await ProjectStore.create(makeTempDir('store'), { name: 'Dup' });
    store.elements.add({ kind: 'character', name: 'Mara' });
    expect(() => store.elements.add({ kind: 'prop', name: 'mara' })).toThrow(/already exists/);
    expect(() => store.shots.update(crypto.randomUUID(), { title: 'x' })).toThrow(/does not exist/);
    const shot = store.shots.add(undefined, {});
    expect(() => store.shots.update(shot.id, { trimIn: 3, trimOut: 2 })).toThrow(/must be after trim in/);
    expect(store.shots.get(shot.id)).toEqual(shot);
    expect(store.elements.list()).toHaveLength(1);
    store.close();
  });
});

describe('ProjectStore: reorder', () => {
  it('moving a shot rewrites exactly one row', async () => {
    const store = await ProjectStore.create(makeTempDir('store'), { name: 'Reorder' });
    const shots = Array.from({ length: 8 }, (_, i) => store.shots.add(undefined, { title: `S${i}` }));
    // A second connection sees what the store committed; data_version counts commits by others.
    const raw = openRawDb(store.dir, { readonly: true });
    const rows = () => raw.prepare('SELECT * FROM shots ORDER BY id').all() as Array<Record<string, unknown>>;
    const rowsBefore = rows();
    const changed = (before: Array<Record<string, unknown>>) => rows().filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));

    store.shots.move(shots[7]!.id, shots[1]!.id);
    const rowsAfter = rows();
    expect(changed(rowsBefore).map((r) => r.id)).toEqual([shots[7]!.id]);
    expect(store.shots.list().map((s) => s.title)).toEqual(['S0', 'S1', 'S7', 'S2', 'S3', 'S4', 'S5', 'S6']);

    // To the start, then to the end: still one row each time.
    store.shots.move(shots[4]!.id, null);
    const afterFirst = rows();
    expect(changed(rowsAfter).map((r) => r.id)).toEqual([shots[4]!.id]);
    store.shots.move(shots[0]!.id, shots[6]!.id);
    expect(changed(afterFirst).map((r) => r.id)).toEqual([shots[0]!.id]);
    expect(store.shots.list().map((s) => s.title)).toEqual(['S4', 'S1', 'S7', 'S2', 'S3', 'S5', 'S6', 'S0']);
    raw.close();
    store.close();
  });
});

describe('ProjectStore: files it must not open', () => {
  it('refuses a file from a newer Shotline and leaves it byte-identical', async () => {
    const store = await ProjectStore.create(makeTempDir('store'), { name: 'Future' });
    store.shots.add(undefined, { title: 'kept' });
    store.close();
    withRawDb(store.dir, (db) => db.pragma('user_version = 99'));
    const file = path.join(store.dir, 'project.db');
    const hash = sha(file);

    const error = await refusal(ProjectStore.open(store.dir));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/newer version of Shotline/);
    expect(error.message).toMatch(/Update Shotline/);
    expect(sha(file)).toBe(hash);
  });

  it('reports a garbage project.db by name and leaves it byte-identical', async () => {
    const dir = path.join(makeTempDir('store'), 'Garbage.shotline');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'project.db');
    fs.writeFileSync(file, crypto.randomBytes(8192));
    const hash = sha(file);

    const error = await refusal(ProjectStore.open(dir));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/damaged or is not a Shotline project/);
    expect(sha(file)).toBe(hash);
  });

  it('reports a truncated project.db by name and leaves it byte-identical', async () => {
    const store = await ProjectStore.create(makeTempDir('store'), { name: 'Cut' });
    // Enough rows for several pages, so a cut leaves pages the header still counts on.
    store.transaction(() => {
      for (let i = 0; i < 300; i++) store.shots.add(undefined, { title: `shot ${i}`, prompt: 'x'.repeat(500) });
    });
    store.close();
    const file = path.join(store.dir, 'project.db');
    const full = fs.readFileSync(file);
    fs.writeFileSync(file, full.subarray(0, Math.floor(full.length / 3)));
    const hash = sha(file);

    const error = await refusal(ProjectStore.open(store.dir));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/damaged/);
    expect(sha(file)).toBe(hash);
  });

  it('reports an empty folder clearly (no project.db)', async () => {
    const dir = path.join(makeTempDir('store'), 'Empty.shotline');
    fs.mkdirSync(dir);
    const error = await refusal(ProjectStore.open(dir));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(path.join(dir, 'project.db'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
