/**
 * The shots table. Every shot belongs to a scene; shots are ordered by a fractional key
 * (fractional-indexing) within their scene, so adding or moving a shot rewrites one row. Each
 * shot keeps a stable number (shared/shot-numbers.ts) given when it lands in its scene.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { generateKeyBetween } from 'fractional-indexing';
import type { ShotPatch } from '../../shared/contract/shots';
import { definedOnly, newShot, type NewShotFields } from '../../shared/defaults';
import type { Shot, Take } from '../../shared/domain';
import { shotLetters, shotNumberBetween } from '../../shared/shot-numbers';
import { UserError, invalid } from '../errors';
import type { Db } from './open-database';
import type { ProjectRepository } from './project-repository';
import { shotFromRow, shotToRow, type ShotRow } from './rows';
import type { SceneRepository } from './scene-repository';
import type { TakeRepository } from './take-repository';

const nowIso = () => new Date().toISOString();

const SHOT_COLUMNS = `id, scene_id, order_key, number, title, prompt, camera_move, shot_type, dialogue, sound_notes, avoid, audio, seconds,
  provider, model, size, references_json, end_frame_json, continue_previous, selected_take_id, trim_in, trim_out,
  transition_kind, transition_seconds, notes, updated_at`;
const SHOT_VALUES = SHOT_COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ');
const SHOT_SET = SHOT_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'id')
  .map((c) => `${c}=@${c}`)
  .join(', ');

/** Where a shot goes: its scene, order key and number there. */
interface Place {
  sceneId: string;
  orderKey: string;
  number: string;
}

export class ShotRepository {
  constructor(
    private readonly db: Db,
    private readonly project: ProjectRepository,
    private readonly takes: TakeRepository,
    private readonly scenes: SceneRepository,
    /** Absolute path of a project-relative media path. */
    private readonly resolve: (relative: string) => string,
  ) {}

  /** Every shot in sequence order: scene by scene, each scene's shots in order. */
  list(): Shot[] {
    return (
      this.db.prepare('SELECT shots.* FROM shots LEFT JOIN scenes ON scenes.id = shots.scene_id ORDER BY scenes.order_key, shots.order_key').all() as ShotRow[]
    ).map(shotFromRow);
  }

  /** The shots of one scene, in order. */
  ofScene(sceneId: string): Shot[] {
    return (this.db.prepare('SELECT * FROM shots WHERE scene_id = ? ORDER BY order_key').all(sceneId) as ShotRow[]).map(shotFromRow);
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
   * An order key strictly between the neighbours `lo` and `hi` of one scene (null: open end) that
   * no shot of any scene holds: keys stay unique across the film (the table's UNIQUE index), so
   * the key is taken between `lo` and the film-wide next key when that comes first.
   */
  private keyBetween(lo: string | null, hi: string | null): string {
    const key = (sql: string, ...params: string[]) => (this.db.prepare(sql).get(...params) as { k: string | null } | undefined)?.k ?? null;
    if (lo !== null) {
      const nextAnywhere = key('SELECT MIN(order_key) AS k FROM shots WHERE order_key > ?', lo);
      return generateKeyBetween(lo, nextAnywhere !== null && (hi === null || nextAnywhere < hi) ? nextAnywhere : hi);
    }
    if (hi !== null) return generateKeyBetween(key('SELECT MAX(order_key) AS k FROM shots WHERE order_key < ?', hi), hi);
    return generateKeyBetween(key('SELECT MAX(order_key) AS k FROM shots'), null);
  }

  /**
   * The place right after shot `prev` in scene `sceneId` (prev null: the scene's start; undefined:
   * its end), ignoring `excludeId` (the shot being placed): an order key and a stable number.
   */
  private placeIn(sceneId: string, prev: Shot | null | undefined, excludeId = ''): Place {
    const scene = this.scenes.get(sceneId);
    const others = this.ofScene(sceneId).filter((s) => s.id !== excludeId);
    let before: Shot | null;
    let after: Shot | null;
    if (prev === undefined) {
      before = others[others.length - 1] ?? null;
      after = null;
    } else if (prev === null) {
      before = null;
      after = others[0] ?? null;
    } else {
      before = prev;
      after = others.find((s) => s.orderKey > prev.orderKey) ?? null;
    }
    return {
      sceneId,
      orderKey: this.keyBetween(before?.orderKey ?? null, after?.orderKey ?? null),
      number: shotNumberBetween(scene.number, before?.number ?? null, after?.number ?? null, others.map((s) => s.number)),
    };
  }

  /**
   * Adds a shot right after `afterId`, in that shot's scene. Without one (null or absent), at the
   * end of scene `sceneId`, or of the last scene (a project without scenes gets scene 1).
   */
  add(afterId: string | null | undefined, fields: NewShotFields = {}, sceneId?: string): Shot {
    return this.db.transaction(() => {
      let place: Place;
      if (afterId) {
        const prev = this.get(afterId);
        place = this.placeIn(prev.sceneId, prev);
      } else {
        place = this.placeIn(sceneId ?? this.scenes.lastOrNew().id, undefined);
      }
      const shot = newShot(this.project.get(), { id: crypto.randomUUID(), ...place, now: nowIso() }, fields);
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

  /** Sets a shot's number as given (renumbering, and its undo). */
  setNumber(id: string, number: string): Shot {
    const shot = { ...this.get(id), number, updatedAt: nowIso() };
    this.write(shot);
    return shot;
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

  /**
   * Moves a shot right after `afterId`, into that shot's scene; with `afterId` null, to the start
   * of scene `sceneId` (default: the first scene). Rewrites this one row. The number stays when
   * the shot stays in its scene; in another scene it gets a new one there.
   */
  move(id: string, afterId: string | null, sceneId?: string): Shot {
    return this.db.transaction(() => {
      if (afterId === id) throw invalid('A shot cannot be moved after itself.');
      const shot = this.get(id);
      let place: Place;
      if (afterId !== null) {
        const prev = this.get(afterId);
        place = this.placeIn(prev.sceneId, prev, id);
      } else {
        place = this.placeIn(sceneId ?? this.scenes.first()?.id ?? shot.sceneId, null, id);
      }
      const moved: Shot = { ...shot, ...place, number: place.sceneId === shot.sceneId ? shot.number : place.number, updatedAt: nowIso() };
      this.write(moved);
      return moved;
    })();
  }

  /**
   * Puts a shot back at `orderKey` (undo of a move), in scene `to.sceneId` with number `to.number`
   * when given; when another shot has taken that key since, at a fresh key right after it.
   */
  reorderTo(id: string, orderKey: string, to: { sceneId?: string; number?: string } = {}): Shot {
    return this.db.transaction(() => {
      const shot = this.get(id);
      if (to.sceneId !== undefined) this.scenes.get(to.sceneId);
      const moved: Shot = { ...shot, ...definedOnly(to), orderKey: this.freeOrderKey({ ...shot, orderKey }), updatedAt: nowIso() };
      this.write(moved);
      return moved;
    })();
  }

  /** A copy of the shot right after `afterId` (default: itself): same text, settings and references, no takes. */
  duplicate(id: string, afterId: string = id): Shot {
    const source = this.get(id);
    const { id: _id, sceneId: _scene, orderKey: _key, number: _number, updatedAt: _at, selectedTakeId: _take, trimIn: _in, trimOut: _out, references, ...fields } = source;
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
      // A shot whose scene is gone goes to the end of the last scene; a number another shot of
      // the scene took since is replaced by a fresh one at the shot's place.
      const sceneId = this.scenes.find(record.sceneId)?.id ?? this.scenes.lastOrNew().id;
      const orderKey = sceneId === record.sceneId ? this.freeOrderKey(record) : this.placeIn(sceneId, undefined, record.id).orderKey;
      const sceneNumber = this.scenes.get(sceneId).number;
      const others = this.ofScene(sceneId).filter((s) => s.id !== record.id);
      let number = record.number;
      if (shotLetters(sceneNumber, number) === null || others.some((s) => s.number === number)) {
        const prev = others.filter((s) => s.orderKey < orderKey).pop() ?? null;
        const next = others.find((s) => s.orderKey > orderKey) ?? null;
        number = shotNumberBetween(sceneNumber, prev?.number ?? null, next?.number ?? null, others.map((s) => s.number));
      }
      // The take must exist before the shot points at it: write the shot without a selection first.
      const shot: Shot = { ...record, sceneId, orderKey, number, updatedAt: nowIso(), selectedTakeId: null };
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
