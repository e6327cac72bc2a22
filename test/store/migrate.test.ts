import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/open-database';
import { CURRENT_VERSION, MIGRATIONS } from '../../main/store/migrations';
import { ProjectStore } from '../../main/store/project-store';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

/** Builds a project folder at schema version 1 (the version before the current one) with data. */
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

describe('migration from the previous schema version', () => {
  it('the fixture really is at version N-1', async () => {
    const dir = await makeV1Project();
    const db = new Database(path.join(dir, 'project.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION - 1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'takes'`).get()).toBeUndefined();
    db.close();
  });

  it('upgrades with every row intact and keeps a backup of the old file', async () => {
    const dir = await makeV1Project();
    const store = await ProjectStore.open(dir);
    expect(store.db.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION);
    expect(store.getProject()).toMatchObject({ name: 'Old', style: 'muted teal', format: { width: 1280, height: 720, fps: 24 } });
    expect(store.listShots().map((s) => [s.title, s.prompt, s.seconds])).toEqual([
      ['Cliff walk', 'Wide: @Mara walks', 4],
      ['Lamp', 'Close-up: @Mara looks up', 3.5],
    ]);
    expect(store.listElements().map((e) => [e.name, e.description])).toEqual([['Mara', 'grey braid']]);
    // The new tables work (a take row referencing a migrated shot).
    store.db
      .prepare(
        `INSERT INTO takes (id, shot_id, provider, model, size, seconds, composed_prompt, request_json, request_hash, status, original_path, created_at)
         VALUES ('t1', '7d0c5d4e-2f59-4a8b-9c1e-0000000000a1', 'animatic', 'animatic', '1280x720', 4, 'p', '{}', 'h', 'ready', 'media/takes/t1.mp4', 'now')`,
      )
      .run();
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
