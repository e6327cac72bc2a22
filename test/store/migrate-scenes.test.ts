/**
 * Migration 9 on a real SQLite file made at schema version 8: every shot lands in one scene,
 * numbered 1A, 1B... in its old order, with its takes; a project without shots gets no scene.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateNKeysBetween } from 'fractional-indexing';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/open-database';
import { CURRENT_VERSION, MIGRATIONS } from '../../main/store/migrations';
import { ProjectStore } from '../../main/store/project-store';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const V8 = MIGRATIONS.filter((m) => m.version <= 8);
const id = (n: number) => `7d0c5d4e-2f59-4a8b-9c1e-${String(n).padStart(12, '0')}`;

/** A version-8 project folder with `titles` as shots (order keys shuffled against insert order) and a take on the first. */
async function makeV8Project(titles: string[]): Promise<string> {
  const dir = path.join(makeTempDir('migrate9'), 'Eight.shotline');
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  const db = await openDatabase(path.join(dir, 'project.db'), { create: true, migrations: V8 });
  db.prepare(`INSERT INTO project (id, name, width, height, style, created_at) VALUES (?, 'Eight', 1280, 720, '', '2026-01-01T00:00:00.000Z')`).run(id(1));
  const insert = db.prepare(
    `INSERT INTO shots (id, order_key, title, prompt, seconds, provider, model, size, updated_at)
     VALUES (?, ?, ?, 'p', 2, 'animatic', 'animatic', '1280x720', '2026-01-01T00:00:00.000Z')`,
  );
  // Inserted last-first, so the order has to come from the keys, not the rowids.
  const keys = generateNKeysBetween(null, null, titles.length);
  for (let i = titles.length - 1; i >= 0; i -= 1) insert.run(id(100 + i), keys[i]!, titles[i]!);
  if (titles.length) {
    db.prepare(
      `INSERT INTO takes (id, shot_id, provider, model, size, seconds, composed_prompt, request_json, request_hash, status, original_path, created_at)
       VALUES (?, ?, 'animatic', 'animatic', '1280x720', 2, 'p', '{}', 'h', 'ready', 'media/takes/t.mp4', '2026-01-01T00:00:00.000Z')`,
    ).run(id(900), id(100));
  }
  expect(db.pragma('user_version', { simple: true })).toBe(8);
  db.close();
  return dir;
}

describe('migration 9: scenes and shot numbers', () => {
  it('puts every shot of a version-8 project into scene 1, in order, numbered 1A, 1B...', async () => {
    const titles = Array.from({ length: 30 }, (_, i) => `Shot ${i}`);
    const dir = await makeV8Project(titles);
    const store = await ProjectStore.open(dir);
    try {
      expect(store.schemaVersion()).toBe(CURRENT_VERSION);
      const scenes = store.scenes.list();
      expect(scenes).toHaveLength(1);
      expect(scenes[0]).toMatchObject({ number: '1', heading: '', synopsis: '', color: null, collapsed: false });
      const shots = store.shots.list();
      expect(shots.map((s) => s.title)).toEqual(titles);
      expect(shots.every((s) => s.sceneId === scenes[0]!.id && s.notes === '')).toBe(true);
      // 24 letters (no I, no O), then AA.
      expect(shots.slice(0, 3).map((s) => s.number)).toEqual(['1A', '1B', '1C']);
      expect(shots[7]!.number).toBe('1H');
      expect(shots[8]!.number).toBe('1J');
      expect(shots.slice(23, 26).map((s) => s.number)).toEqual(['1Z', '1AA', '1AB']);
      expect(new Set(shots.map((s) => s.number)).size).toBe(shots.length);
      expect(store.takes.ofShot(id(100)).map((t) => t.id)).toEqual([id(900)]);
      // The migrated project keeps working: a shot added between 1A and 1B is 1AA... no, 1AA is
      // taken by the 25th shot, so the insert takes the next free extension.
      const inserted = store.shots.add(shots[0]!.id, { title: 'Insert' });
      expect(inserted.number).toBe('1AAA');
      expect(store.shots.list().map((s) => s.title).slice(0, 3)).toEqual(['Shot 0', 'Insert', 'Shot 1']);
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      store.close();
    }
    const raw = new Database(path.join(dir, 'project.db'), { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM shots WHERE scene_id IS NULL').get()).toEqual({ n: 0 });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });

  it('makes no scene for a project without shots; its first shot makes scene 1', async () => {
    const dir = await makeV8Project([]);
    const store = await ProjectStore.open(dir);
    try {
      expect(store.scenes.list()).toEqual([]);
      const shot = store.shots.add(undefined, { title: 'First' });
      const scenes = store.scenes.list();
      expect(scenes.map((s) => s.number)).toEqual(['1']);
      expect(shot).toMatchObject({ sceneId: scenes[0]!.id, number: '1A' });
    } finally {
      store.close();
    }
  });
});
