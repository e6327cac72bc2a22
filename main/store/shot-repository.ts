/**
 * The shots table. Shots are ordered by a fractional key (fractional-indexing), so adding or
 * moving a shot rewrites one row, and finding a key takes a couple of indexed lookups.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { generateKeyBetween } from 'fractional-indexing';
import type { ShotPatch } from '../../shared/contract/shots';
import { definedOnly, newShot, type NewShotFields } from '../../shared/defaults';
import type { Shot, Take } from '../../shared/domain';
import { UserError, invalid } from '../errors';
import type { Db } from './open-database';
import type { ProjectRepository } from './project-repository';
import { shotFromRow, shotToRow, type ShotRow } from './rows';
import type { TakeRepository } from './take-repository';

const nowIso = () => new Date().toISOString();

const SHOT_COLUMNS = `id, order_key, title, prompt, camera_move, shot_type, dialogue, sound_notes, avoid, audio, seconds,
  provider, model, size, references_json, end_frame_json, continue_previous, selected_take_id, trim_in, trim_out,
  transition_kind, transition_seconds, updated_at`;
const SHOT_VALUES = SHOT_COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ');
const SHOT_SET = SHOT_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'id')
  .map((c) => `${c}=@${c}`)
  .join(', ');

export class ShotRepository {
  constructor(
    private readonly db: Db,
    private readonly project: ProjectRepository,
    private readonly takes: TakeRepository,
    /** Absolute path of a project-relative media path. */
    private readonly resolve: (relative: string) => string,
  ) {}

  list(): Shot[] {
    return (this.db.prepare('SELECT * FROM shots ORDER BY order_key').all() as ShotRow[]).map(shotFromRow);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM shots').get() as { n: number }).n;
  }

  find(id: string): Shot | null {
    const row = this.db.prepare('SELECT * FROM shots WHERE id = ?').get(id) as ShotRow | undefined;
    return row ? shotFromRow(row) : null;
  }

  get(id: string): Shot {
    const shot = this.find(id);
    if (!shot) throw new UserError('not_found', `Shot ${id} does not exist (it may have been deleted). Reload the project.`);
    return shot;
  }

  /**
   * The order key that sorts right after `afterId` (first when null, last when undefined),
   * ignoring `excludeId` (the shot being moved).
   */
  keyAfter(afterId: string | null | undefined, excludeId = ''): string {
    const keyWhere = (sql: string, ...params: string[]) =>
      (this.db.prepare(sql).get(...params) as { order_key: string } | undefined)?.order_key ?? null;
    if (afterId === undefined) {
      return generateKeyBetween(keyWhere('SELECT order_key FROM shots WHERE id != ? ORDER BY order_key DESC LIMIT 1', excludeId), null);
    }
    if (afterId === null) {
      return generateKeyBetween(null, keyWhere('SELECT order_key FROM shots WHERE id != ? ORDER BY order_key LIMIT 1', excludeId));
    }
    const before = keyWhere('SELECT order_key FROM shots WHERE id = ?', afterId);
    if (before === null) throw new UserError('not_found', `Shot ${afterId} does not exist. Reload the project.`);
    const after = keyWhere('SELECT order_key FROM shots WHERE order_key > ? AND id != ? ORDER BY order_key LIMIT 1', before, excludeId);
    return generateKeyBetween(before, after);
  }

  /** Adds a shot after `afterId` (at the end when absent or null). */
  add(afterId: string | null | undefined, fields: NewShotFields = {}): Shot {
    return this.db.transaction(() => {
      const shot = newShot(this.project.get(), { id: crypto.randomUUID(), orderKey: this.keyAfter(afterId ?? undefined), now: nowIso() }, fields);
      this.insert(shot);
      return shot;
    })();
  }

  /** Inserts a complete shot row. */
  insert(shot: Shot): void {
    this.db.prepare(`INSERT INTO shots (${SHOT_COLUMNS}) VALUES (${SHOT_VALUES})`).run(shotToRow(shot));
  }

  /** Writes a whole shot back. */
  private write(shot: Shot): void {
    this.db.prepare(`UPDATE shots SET ${SHOT_SET} WHERE id=@id`).run(shotToRow(shot));
  }

  update(id: string, patch: ShotPatch): Shot {
    return this.db.transaction(() => {
      const shot = { ...this.get(id), ...definedOnly(patch), updatedAt: nowIso() } as Shot;
      if (shot.trimOut !== null && shot.trimOut <= shot.trimIn) {
        throw invalid(`Trim out (${shot.trimOut}s) must be after trim in (${shot.trimIn}s).`);
      }
      this.write(shot);
      return shot;
    })();
  }

  /** Replaces a shot's reference list (media services write the files first). */
  /** Sets (or, with null, removes) the frame the shot should end on. */
  setEndFrame(id: string, endFrame: Shot['endFrame']): Shot {
    return this.db.transaction(() => {
      const shot = { ...this.get(id), endFrame, updatedAt: nowIso() };
      this.write(shot);
      return shot;
    })();
  }

  setReferences(id: string, references: Shot['references']): Shot {
    return this.db.transaction(() => {
      const shot = { ...this.get(id), references, updatedAt: nowIso() };
      this.write(shot);
      return shot;
    })();
  }

  delete(id: string): void {
    this.db.transaction(() => {
      this.get(id);
      this.db.prepare('DELETE FROM shots WHERE id = ?').run(id);
    })();
  }

  /** Moves a shot right after `afterId` (null: to the start). Rewrites this one row only. */
  move(id: string, afterId: string | null): Shot {
    return this.db.transaction(() => {
      if (afterId === id) throw invalid('A shot cannot be moved after itself.');
      const shot = this.get(id);
      const orderKey = this.keyAfter(afterId, id);
      const moved = { ...shot, orderKey, updatedAt: nowIso() };
      this.db.prepare('UPDATE shots SET order_key = ?, updated_at = ? WHERE id = ?').run(orderKey, moved.updatedAt, id);
      return moved;
    })();
  }

  /**
   * Puts a shot back at `orderKey` (undo of a move); when another shot has taken that key since,
   * at a fresh key right after it. Rewrites this one row.
   */
  reorderTo(id: string, orderKey: string): Shot {
    return this.db.transaction(() => {
      const shot = this.get(id);
      const key = this.freeOrderKey({ ...shot, orderKey });
      const now = nowIso();
      this.db.prepare('UPDATE shots SET order_key = ?, updated_at = ? WHERE id = ?').run(key, now, id);
      return { ...shot, orderKey: key, updatedAt: now };
    })();
  }

  /** A copy of the shot right after `afterId` (default: itself): same text, settings and references, no takes. */
  duplicate(id: string, afterId: string = id): Shot {
    const source = this.get(id);
    const { id: _id, orderKey: _key, updatedAt: _at, selectedTakeId: _take, trimIn: _in, trimOut: _out, references, ...fields } = source;
    return this.add(afterId, { ...fields, references: references.map((r) => ({ ...r, id: crypto.randomUUID() })) });
  }

  /** Sets the shot's selected take when it has none (the first take of a shot). */
  selectIfNone(shotId: string, takeId: string): boolean {
    return this.db.prepare(`UPDATE shots SET selected_take_id = ?, updated_at = ? WHERE id = ? AND selected_take_id IS NULL`).run(takeId, nowIso(), shotId).changes > 0;
  }

  /**
   * Replaces the shot with a whole record (undo and redo), or re-creates it with `takes` when it
   * was deleted. Every media path the record names must still be in the project folder, so a
   * restore never points at a missing file; takes keep their files when their shot is deleted.
   */
  restore(record: Shot, takes: readonly Take[] = []): Shot {
    this.requireFiles(record.references.map((r) => r.path), `Shot "${record.title || 'Untitled'}"`);
    for (const take of takes) {
      if (take.shotId !== record.id) throw invalid(`Take ${take.id} belongs to another shot; restore it with its own shot.`);
      this.requireFiles([take.files.original, take.files.normalised, take.files.poster, take.files.filmstrip], `Take ${take.id}`);
    }
    if (record.trimOut !== null && record.trimOut <= record.trimIn) {
      throw invalid(`Trim out (${record.trimOut}s) must be after trim in (${record.trimIn}s).`);
    }
    return this.db.transaction(() => {
      const exists = this.find(record.id) !== null;
      // The take must exist before the shot points at it: write the shot without a selection first.
      const shot: Shot = { ...record, orderKey: this.freeOrderKey(record), updatedAt: nowIso(), selectedTakeId: null };
      if (exists) this.write(shot);
      else this.insert(shot);
      for (const take of takes) if (!this.takes.find(take.id)) this.takes.insert(take);
      let selected: string | null = null;
      if (record.selectedTakeId) {
        const take = this.takes.find(record.selectedTakeId);
        if (take && take.shotId === shot.id && take.status === 'ready') selected = take.id;
      }
      this.db.prepare('UPDATE shots SET selected_take_id = ? WHERE id = ?').run(selected, shot.id);
      return this.get(shot.id);
    })();
  }

  /** The record's order key, or a fresh one right after it when another shot took that key. */
  private freeOrderKey(shot: Shot): string {
    const holder = this.db.prepare('SELECT id FROM shots WHERE order_key = ?').get(shot.orderKey) as { id: string } | undefined;
    if (!holder || holder.id === shot.id) return shot.orderKey;
    const next = this.db.prepare('SELECT order_key FROM shots WHERE order_key > ? ORDER BY order_key LIMIT 1').get(shot.orderKey) as { order_key: string } | undefined;
    return generateKeyBetween(shot.orderKey, next?.order_key ?? null);
  }

  private requireFiles(paths: ReadonlyArray<string | null>, what: string): void {
    for (const rel of paths) {
      if (rel !== null && !fs.existsSync(this.resolve(rel))) {
        throw new UserError('not_found', `${what} needs ${rel}, which is no longer in the project folder. It cannot be brought back.`);
      }
    }
  }
}
