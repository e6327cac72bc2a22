/**
 * The scenes table. Scenes are ordered by a fractional key like shots; the sequence is the
 * scenes in order, each scene's shots in order (ShotRepository.list). A scene's number is the
 * prefix of its shots' numbers, so changing it rewrites that prefix on its shots (one statement).
 */
import crypto from 'node:crypto';
import { generateKeyBetween } from 'fractional-indexing';
import type { ScenePatch } from '../../shared/contract/scenes';
import { definedOnly, newScene, type NewSceneFields } from '../../shared/defaults';
import type { Scene } from '../../shared/domain';
import { sceneNumberBetween } from '../../shared/shot-numbers';
import { UserError, invalid } from '../errors';
import type { Db } from './open-database';
import { sceneFromRow, sceneToRow, type SceneRow } from './rows';

const nowIso = () => new Date().toISOString();

const SCENE_COLUMNS = 'id, order_key, number, heading, synopsis, color, collapsed, updated_at';
const SCENE_VALUES = SCENE_COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ');
const SCENE_SET = SCENE_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'id')
  .map((c) => `${c}=@${c}`)
  .join(', ');

export class SceneRepository {
  constructor(private readonly db: Db) {}

  /** The scenes in film order. */
  list(): Scene[] {
    return (this.db.prepare('SELECT * FROM scenes ORDER BY order_key').all() as SceneRow[]).map(sceneFromRow);
  }

  find(id: string): Scene | null {
    const row = this.db.prepare('SELECT * FROM scenes WHERE id = ?').get(id) as SceneRow | undefined;
    return row ? sceneFromRow(row) : null;
  }

  get(id: string): Scene {
    const scene = this.find(id);
    if (!scene) throw new UserError('not_found', `Scene ${id} does not exist (it may have been deleted). Reload the project.`);
    return scene;
  }

  /** The first scene, or null when the project has none. */
  first(): Scene | null {
    const row = this.db.prepare('SELECT * FROM scenes ORDER BY order_key LIMIT 1').get() as SceneRow | undefined;
    return row ? sceneFromRow(row) : null;
  }

  /** The last scene, or null when the project has none. */
  last(): Scene | null {
    const row = this.db.prepare('SELECT * FROM scenes ORDER BY order_key DESC LIMIT 1').get() as SceneRow | undefined;
    return row ? sceneFromRow(row) : null;
  }

  /** The last scene; a project without scenes gets scene 1 (its first shot is being added). */
  lastOrNew(): Scene {
    return this.last() ?? this.add(undefined);
  }

  /** How many shots the scene holds. */
  shotCount(id: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM shots WHERE scene_id = ?').get(id) as { n: number }).n;
  }

  /**
   * Adds a scene after `afterId` (null: first; undefined: last). Its number is `number` when
   * given (it must be free), else the film-practice number for that place (4, 5 -> 4A).
   */
  add(afterId: string | null | undefined, fields: NewSceneFields & { number?: string } = {}): Scene {
    return this.db.transaction(() => {
      const { prev, next } = this.neighbours(afterId);
      const orderKey = generateKeyBetween(prev?.orderKey ?? null, next?.orderKey ?? null);
      const numbers = this.numbers();
      const { number: wanted, ...rest } = fields;
      if (wanted !== undefined && numbers.includes(wanted)) throw invalid(`Scene ${wanted} already exists. Give the new scene another number.`);
      const number = wanted ?? sceneNumberBetween(prev?.number ?? null, next?.number ?? null, numbers);
      const scene = newScene({ id: crypto.randomUUID(), orderKey, number, now: nowIso() }, rest);
      this.insert(scene);
      return scene;
    })();
  }

  /** Edits a scene. A new number must be free; the scene's shot numbers follow it (4A -> 5A). */
  update(id: string, patch: ScenePatch): Scene {
    return this.db.transaction(() => {
      const before = this.get(id);
      const scene: Scene = { ...before, ...definedOnly(patch), updatedAt: nowIso() };
      if (scene.number !== before.number) {
        if (this.numbers().includes(scene.number)) throw invalid(`Scene ${scene.number} already exists. Pick another number, or renumber the film.`);
        this.db
          .prepare('UPDATE shots SET number = ? || substr(number, ?) WHERE scene_id = ? AND substr(number, 1, ?) = ?')
          .run(scene.number, before.number.length + 1, id, before.number.length, before.number);
      }
      this.write(scene);
      return scene;
    })();
  }

  /** Sets a scene's number as given (renumbering; its shots are renumbered by the caller). */
  setNumber(id: string, number: string): Scene {
    const scene = { ...this.get(id), number, updatedAt: nowIso() };
    this.write(scene);
    return scene;
  }

  /** Moves a scene right after `afterId` (null: first). Rewrites this one row. */
  move(id: string, afterId: string | null): Scene {
    return this.db.transaction(() => {
      if (afterId === id) throw invalid('A scene cannot be moved after itself.');
      const scene = this.get(id);
      const { prev, next } = this.neighbours(afterId, id);
      const moved = { ...scene, orderKey: generateKeyBetween(prev?.orderKey ?? null, next?.orderKey ?? null), updatedAt: nowIso() };
      this.write(moved);
      return moved;
    })();
  }

  /** Puts a scene back at `orderKey` (undo of a move), or right after it when that key is taken. */
  reorderTo(id: string, orderKey: string): Scene {
    return this.db.transaction(() => {
      const scene = { ...this.get(id), updatedAt: nowIso() };
      scene.orderKey = this.freeOrderKey(id, orderKey);
      this.write(scene);
      return scene;
    })();
  }

  /** Deletes an empty scene (its shots are deleted first; SQLite refuses while any remain). */
  delete(id: string): void {
    this.db.transaction(() => {
      this.get(id);
      this.db.prepare('DELETE FROM scenes WHERE id = ?').run(id);
    })();
  }

  /** Puts a whole scene record back (undo/redo): replaced when it exists, re-created when deleted. */
  restore(record: Scene): Scene {
    return this.db.transaction(() => {
      const existing = this.find(record.id);
      const scene: Scene = { ...record, orderKey: this.freeOrderKey(record.id, record.orderKey), updatedAt: nowIso() };
      if (existing) this.write(scene);
      else this.insert(scene);
      return scene;
    })();
  }

  private insert(scene: Scene): void {
    this.db.prepare(`INSERT INTO scenes (${SCENE_COLUMNS}) VALUES (${SCENE_VALUES})`).run(sceneToRow(scene));
  }

  private write(scene: Scene): void {
    this.db.prepare(`UPDATE scenes SET ${SCENE_SET} WHERE id=@id`).run(sceneToRow(scene));
  }

  private numbers(): string[] {
    return (this.db.prepare('SELECT number FROM scenes').all() as Array<{ number: string }>).map((r) => r.number);
  }

  /** The scenes on either side of the place right after `afterId` (null: first; undefined: last). */
  private neighbours(afterId: string | null | undefined, excludeId = ''): { prev: Scene | null; next: Scene | null } {
    const one = (sql: string, ...params: string[]) => {
      const row = this.db.prepare(sql).get(...params) as SceneRow | undefined;
      return row ? sceneFromRow(row) : null;
    };
    if (afterId === undefined) return { prev: one('SELECT * FROM scenes WHERE id != ? ORDER BY order_key DESC LIMIT 1', excludeId), next: null };
    if (afterId === null) return { prev: null, next: one('SELECT * FROM scenes WHERE id != ? ORDER BY order_key LIMIT 1', excludeId) };
    const prev = this.get(afterId);
    return { prev, next: one('SELECT * FROM scenes WHERE order_key > ? AND id != ? ORDER BY order_key LIMIT 1', prev.orderKey, excludeId) };
  }

  private freeOrderKey(id: string, orderKey: string): string {
    const holder = this.db.prepare('SELECT id FROM scenes WHERE order_key = ?').get(orderKey) as { id: string } | undefined;
    if (!holder || holder.id === id) return orderKey;
    const next = this.db.prepare('SELECT order_key FROM scenes WHERE order_key > ? ORDER BY order_key LIMIT 1').get(orderKey) as { order_key: string } | undefined;
    return generateKeyBetween(orderKey, next?.order_key ?? null);
  }
}
