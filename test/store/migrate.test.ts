import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/open-database';
import { CURRENT_VERSION, MIGRATIONS } from '../../main/store/migrations';
import { ProjectStore } from '../../main/store/project-store';
import { newTake } from '../../shared/defaults';
import { canonicalJson, requestHash } from '../../main/generation/request-hash';
import { withRawDb } from '../helpers/raw-db';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

/** Builds a project folder at schema version 1 (the first shipped one) with data. */
async function makeV1Project(): Promise<string> {
  const dir = path.join(makeTempDir('migrate'), 'Old.shotline');
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  const db = await openDatabase(path.join(dir, 'project.db'), { create: true, migrations: MIGRATIONS.slice(0, 1) });
  db.prepare(
    `INSERT INTO project (id, name, width, height, fps, style, created_at)
     VALUES ('7d0c5d4e-2f59-4a8b-9c1e-000000000001', 'Old', 1280, 720, 24, 'muted teal', '2026-01-01T00:00:00.000Z')`,
  ).run();
  const shot = db.prepare(
    `INSERT INTO shots (id, order_key, title, prompt, seconds, provider, model, size, updated_at)
     VALUES (?, ?, ?, ?, ?, 'animatic', 'animatic', '1280x720', '2026-01-01T00:00:00.000Z')`,
  );
  shot.run('7d0c5d4e-2f59-4a8b-9c1e-0000000000a1', 'a0', 'Cliff walk', 'Wide: @Mara walks', 4);
  shot.run('7d0c5d4e-2f59-4a8b-9c1e-0000000000a2', 'a1', 'Lamp', 'Close-up: @Mara looks up', 3.5);
  db.prepare(
    `INSERT INTO elements (id, kind, name, description) VALUES ('7d0c5d4e-2f59-4a8b-9c1e-0000000000e1', 'character', 'Mara', 'grey braid')`,
  ).run();
  db.close();
  return dir;
}

describe('migration from schema version 1', () => {
  it('the fixture really is at version 1', async () => {
    const dir = await makeV1Project();
    const db = new Database(path.join(dir, 'project.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'takes'`).get()).toBeUndefined();
    db.close();
  });

  it('upgrades with every row intact and keeps a backup of the old file', async () => {
    const dir = await makeV1Project();
    const store = await ProjectStore.open(dir);
    expect(store.schemaVersion()).toBe(CURRENT_VERSION);
    expect(store.project.get()).toMatchObject({ name: 'Old', style: 'muted teal', format: { width: 1280, height: 720, fps: { num: 24, den: 1 } } });
    expect(store.shots.list().map((s) => [s.title, s.prompt, s.seconds])).toEqual([
      ['Cliff walk', 'Wide: @Mara walks', 4],
      ['Lamp', 'Close-up: @Mara looks up', 3.5],
    ]);
    expect(store.elements.list().map((e) => [e.name, e.description])).toEqual([['Mara', 'grey braid']]);
    // The new tables work (a take row referencing a migrated shot).
    const take = newTake({
      id: '7d0c5d4e-2f59-4a8b-9c1e-0000000000b1',
      shotId: '7d0c5d4e-2f59-4a8b-9c1e-0000000000a1',
      request: { provider: 'animatic', model: 'animatic', prompt: 'p', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } },
      requestHash: 'h',
      files: { original: 'media/takes/t1.mp4' },
      now: '2026-01-02T00:00:00.000Z',
    });
    store.takes.insert(take);
    expect(store.takes.ofShot('7d0c5d4e-2f59-4a8b-9c1e-0000000000a1')).toEqual([take]);
    store.close();

    const backups = fs.readdirSync(dir).filter((f) => /^project\.db\.backup-v1-/.test(f));
    expect(backups).toHaveLength(1);
    const backup = new Database(path.join(dir, backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT title FROM shots ORDER BY order_key').all()).toEqual([{ title: 'Cliff walk' }, { title: 'Lamp' }]);
    backup.close();

    // Opening again does not migrate (or back up) a second time.
    (await ProjectStore.open(dir)).close();
    // (Opening the backup above may have left its own -wal/-shm beside it: those are not backups.)
    const again = fs.readdirSync(dir).filter((f) => f.startsWith('project.db.backup-') && !/-(wal|shm)$/.test(f));
    expect(again).toEqual(backups);
  });

  it('a current file is opened without a backup', async () => {
    const store = await ProjectStore.create(makeTempDir('migrate'), { name: 'Fresh' });
    store.close();
    (await ProjectStore.open(store.dir)).close();
    expect(fs.readdirSync(store.dir).filter((f) => f.startsWith('project.db.backup-'))).toEqual([]);
  });
});

/**
 * A project as Shotline 0.1 wrote it (schema version 2: integer fps), with a take, a finished
 * job whose stored request has `fps` as a whole number, a ledger line and an export.
 */
async function makeV2Project(fps: number): Promise<string> {
  const dir = path.join(makeTempDir('migrate'), 'Takes.shotline');
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  const db = await openDatabase(path.join(dir, 'project.db'), { create: true, migrations: MIGRATIONS.slice(0, 2) });
  const shot = '7d0c5d4e-2f59-4a8b-9c1e-0000000000a1';
  const take = '7d0c5d4e-2f59-4a8b-9c1e-0000000000t1';
  const job = '7d0c5d4e-2f59-4a8b-9c1e-0000000000j1';
  const request = JSON.stringify({ provider: 'openai', model: 'sora-2', prompt: 'A door opens.', seconds: 4, size: '1280x720', fps });
  db.prepare(
    `INSERT INTO project (id, name, width, height, fps, style, budget_usd, created_at)
     VALUES ('7d0c5d4e-2f59-4a8b-9c1e-000000000001', 'Takes', 1280, 720, ?, 'noir', 50, '2026-11-01T00:00:00.000Z')`,
  ).run(fps);
  db.prepare(
    `INSERT INTO shots (id, order_key, title, prompt, seconds, provider, model, size, selected_take_id, trim_in, transition_kind, transition_seconds, updated_at)
     VALUES (?, 'a0', 'Door', 'A door opens.', 4, 'openai', 'sora-2', '1280x720', ?, 0.5, 'dissolve', 0.5, '2026-11-01T00:00:00.000Z')`,
  ).run(shot, take);
  db.prepare(
    `INSERT INTO takes (id, shot_id, provider, model, size, seconds, composed_prompt, request_json, request_hash, remote_id, status, cost_usd, duration_seconds, original_path, normalised_path, created_at)
     VALUES (?, ?, 'openai', 'sora-2', '1280x720', 4, 'A door opens.', ?, 'hash-1', 'video_1', 'ready', 0.4, 4, 'media/takes/j1/original.mp4', 'media/takes/j1/take.mp4', '2026-11-01T00:01:00.000Z')`,
  ).run(take, shot, request);
  db.prepare(
    `INSERT INTO jobs (id, kind, shot_id, provider, model, status, progress, remote_id, take_id, request_json, request_hash, estimate_usd, message, created_at, updated_at)
     VALUES (?, 'generate', ?, 'openai', 'sora-2', 'done', 1, 'video_1', ?, ?, 'hash-1', 0.4, 'Take ready.', '2026-11-01T00:00:30.000Z', '2026-11-01T00:01:00.000Z')`,
  ).run(job, shot, take, request);
  db.prepare(
    `INSERT INTO ledger (id, job_id, shot_id, provider, model, size, seconds, cost_usd, created_at)
     VALUES ('l1', ?, ?, 'openai', 'sora-2', '1280x720', 4, 0.4, '2026-11-01T00:00:31.000Z')`,
  ).run(job, shot);
  db.prepare(
    `INSERT INTO exports (id, status, output_path, options_json, message, created_at, finished_at)
     VALUES ('e1', 'done', '/films/takes.mp4', '{}', 'Exported 4.00 s', '2026-11-01T00:02:00.000Z', '2026-11-01T00:02:05.000Z')`,
  ).run();
  db.close();
  return dir;
}

describe('migration from schema version 2 (integer frame rates) to exact fractions', () => {
  it('keeps the rate, the shot, its take, the job, the spend ledger and the export', async () => {
    const dir = await makeV2Project(25);
    const store = await ProjectStore.open(dir);
    expect(store.schemaVersion()).toBe(CURRENT_VERSION);
    expect(store.project.get()).toMatchObject({ name: 'Takes', style: 'noir', budgetUsd: 50, format: { width: 1280, height: 720, fps: { num: 25, den: 1 } } });
    const [shot] = store.shots.list();
    expect(shot).toMatchObject({ title: 'Door', selectedTakeId: '7d0c5d4e-2f59-4a8b-9c1e-0000000000t1', trimIn: 0.5, transition: { kind: 'dissolve', seconds: 0.5 } });
    const [take] = store.takes.ofShot(shot!.id);
    expect([take!.remoteId, take!.costUsd, take!.files.normalised]).toEqual(['video_1', 0.4, 'media/takes/j1/take.mp4']);
    expect(store.ledger.list().map((l) => [l.jobId, l.costUsd])).toEqual([['7d0c5d4e-2f59-4a8b-9c1e-0000000000j1', 0.4]]);
    expect(store.ledger.spentUsd()).toBe(0.4);
    // A request stored with a whole-number fps reads back as an exact rate, hashing as before.
    expect(store.jobs.request('7d0c5d4e-2f59-4a8b-9c1e-0000000000j1').fps).toEqual({ num: 25, den: 1 });
    expect(take!.request.fps).toEqual({ num: 25, den: 1 });
    // ...so an identical request made today finds the old take: the hash is what 0.1 computed.
    const before = { provider: 'openai', model: 'sora-2', prompt: 'A door opens.', size: '1280x720', seconds: 4, fps: 25 };
    expect(requestHash(take!.request)).toBe(crypto.createHash('sha256').update(canonicalJson(before)).digest('hex'));
    expect(store.exports.list().map((e) => [e.format, e.status, e.outputPath])).toEqual([['mp4', 'done', '/films/takes.mp4']]);
    // The old integer column is gone; the rate can now be a fraction.
    const columns = withRawDb(dir, (db) => (db.prepare('PRAGMA table_info(project)').all() as Array<{ name: string }>).map((c) => c.name), { readonly: true });
    expect(columns).not.toContain('fps');
    expect(store.project.update({ fps: { num: 24000, den: 1001 } }).format.fps).toEqual({ num: 24000, den: 1001 });
    store.close();
    const reopened = await ProjectStore.open(dir);
    expect(reopened.project.get().format.fps).toEqual({ num: 24000, den: 1001 });
    reopened.close();
  });
});
