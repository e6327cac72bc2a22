/**
 * Putting whole records back, for undo and redo: a shot (with the takes it had, when it was
 * deleted) or an element. Every media path in a record must still exist in the project, so a
 * restore never points at a missing file; a take's files are kept on disk when its shot is
 * deleted, which is what makes bringing it back possible.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { generateKeyBetween } from 'fractional-indexing';
import type { Element, Shot, Take } from '../../shared/domain';
import { UserError, invalid } from '../errors';
import { JobRepository } from '../generation/job-repository';
import type { ProjectStore } from '../store/project-store';
import { elementToRow, shotToRow } from '../store/rows';

const nowIso = () => new Date().toISOString();

function requireFiles(store: ProjectStore, paths: Array<string | null>, what: string): void {
  for (const rel of paths) {
    if (rel === null) continue;
    if (!fs.existsSync(store.resolve(rel))) {
      throw new UserError('not_found', `${what} needs ${rel}, which is no longer in the project folder. It cannot be brought back.`);
    }
  }
}

/** The record's order key, or a fresh one right after it when another shot took that key. */
function freeOrderKey(store: ProjectStore, shot: Shot): string {
  const holder = store.db.prepare('SELECT id FROM shots WHERE order_key = ?').get(shot.orderKey) as { id: string } | undefined;
  if (!holder || holder.id === shot.id) return shot.orderKey;
  const next = store.db
    .prepare('SELECT order_key FROM shots WHERE order_key > ? ORDER BY order_key LIMIT 1')
    .get(shot.orderKey) as { order_key: string } | undefined;
  return generateKeyBetween(shot.orderKey, next?.order_key ?? null);
}

/** Replaces the shot (or re-creates it, with `takes`, when it was deleted). */
export function restoreShot(store: ProjectStore, record: Shot, takes: Take[] = []): Shot {
  requireFiles(store, record.references.map((r) => r.path), `Shot "${record.title || 'Untitled'}"`);
  for (const take of takes) {
    if (take.shotId !== record.id) throw invalid(`Take ${take.id} belongs to another shot; restore it with its own shot.`);
    requireFiles(store, [take.files.original, take.files.normalised, take.files.poster, take.files.filmstrip], `Take ${take.id}`);
  }
  if (record.trimOut !== null && record.trimOut <= record.trimIn) {
    throw invalid(`Trim out (${record.trimOut}s) must be after trim in (${record.trimIn}s).`);
  }
  const repo = new JobRepository(store.db);
  return store.transaction(() => {
    const exists = store.db.prepare('SELECT 1 FROM shots WHERE id = ?').get(record.id) !== undefined;
    const shot: Shot = { ...record, orderKey: freeOrderKey(store, record), updatedAt: nowIso() };
    // The take must be there before the shot points at it; insert the shot without a selection first.
    const row = shotToRow({ ...shot, selectedTakeId: null });
    if (exists) {
      store.db
        .prepare(
          `UPDATE shots SET order_key=@order_key, title=@title, prompt=@prompt, camera_move=@camera_move,
             shot_type=@shot_type, dialogue=@dialogue, sound_notes=@sound_notes, seconds=@seconds, provider=@provider,
             model=@model, size=@size, references_json=@references_json, continue_previous=@continue_previous,
             selected_take_id=NULL, trim_in=@trim_in, trim_out=@trim_out, transition_kind=@transition_kind,
             transition_seconds=@transition_seconds, updated_at=@updated_at WHERE id=@id`,
        )
        .run(row);
    } else {
      store.insertShot({ ...shot, selectedTakeId: null });
    }
    for (const take of takes) if (!repo.getTake(take.id)) repo.insertTake(take);
    let selected: string | null = null;
    if (shot.selectedTakeId) {
      const take = repo.getTake(shot.selectedTakeId);
      if (take && take.shotId === shot.id && take.status === 'ready') selected = take.id;
    }
    store.db.prepare('UPDATE shots SET selected_take_id = ? WHERE id = ?').run(selected, shot.id);
    return store.getShot(shot.id);
  });
}

/** Replaces the element (or re-creates it when it was deleted). */
export function restoreElement(store: ProjectStore, record: Element): Element {
  requireFiles(store, record.images.map((r) => r.path), `Element "${record.name}"`);
  try {
    return store.transaction(() => {
      const row = elementToRow(record);
      const exists = store.db.prepare('SELECT 1 FROM elements WHERE id = ?').get(record.id) !== undefined;
      store.db
        .prepare(
          exists
            ? `UPDATE elements SET kind=@kind, name=@name, description=@description, images_json=@images_json,
                 real_person=@real_person, consent_json=@consent_json WHERE id=@id`
            : `INSERT INTO elements (id, kind, name, description, images_json, real_person, consent_json)
                 VALUES (@id, @kind, @name, @description, @images_json, @real_person, @consent_json)`,
        )
        .run(row);
      return store.getElement(record.id);
    });
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: elements\.name/.test(error.message)) {
      throw new UserError('conflict', `Cannot bring back "${record.name}": another element now has that name. Rename it first.`);
    }
    throw error;
  }
}

/** A copy of the shot right after it: same text, settings and references (new ids), no takes. */
export function duplicateShot(store: ProjectStore, id: string): Shot {
  const source = store.getShot(id);
  const { id: _id, orderKey: _key, updatedAt: _at, selectedTakeId: _take, trimIn: _in, trimOut: _out, references, ...fields } = source;
  return store.addShot(id, { ...fields, references: references.map((r) => ({ ...r, id: crypto.randomUUID() })) });
}
