/**
 * The project store: one open project folder and its SQLite database. Every user edit is one
 * transaction. Shots are ordered by a fractional key, so a reorder rewrites one row.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyBetween } from 'fractional-indexing';
import type { Element, Project, ReferenceImage, Shot, SizeString } from '../../shared/domain';
import type { ProjectSnapshot } from '../../shared/contract/projects';
import { DEFAULT_FRAME_RATE, FRAME_RATE_RULE, isValidFrameRate, type FrameRate } from '../../shared/frame-rate';
import type { ShotPatch } from '../../shared/contract/shots';
import type { ElementPatch } from '../../shared/contract/elements';
import { UserError, invalid } from '../errors';
import { openDatabase, type Db } from './open-database';
import { MEDIA_DIR, dbPathOf, projectDirFor, resolveInProject, PROJECT_SUFFIX } from './project-folder';
import {
  elementFromRow,
  elementToRow,
  projectFromRow,
  shotFromRow,
  shotToRow,
  type ElementRow,
  type ProjectRow,
  type ShotRow,
} from './rows';

export interface NewProjectOptions {
  name: string;
  size?: string;
  fps?: FrameRate;
}

/** Fields of a new shot: what the user edits, plus references already copied into media/. */
export interface NewShotFields extends ShotPatch {
  references?: ReferenceImage[];
}

const nowIso = () => new Date().toISOString();

function parseSize(size: string): [number, number] {
  const [w, h] = size.split('x').map(Number);
  if (!w || !h) throw invalid(`"${size}" is not a size like 1280x720.`);
  return [w, h];
}

/** The rate, or a clear refusal (the contract checks it too; the CLI and imports come here). */
function checkedRate(rate: FrameRate): FrameRate {
  if (!isValidFrameRate(rate)) throw invalid(`Frame rate ${rate.num}/${rate.den} is not usable: use ${FRAME_RATE_RULE}.`);
  return { num: rate.num, den: rate.den };
}

/** Turns a SQLite unique-constraint failure into a message a person can act on. */
function explainConstraint(error: unknown, what: string): never {
  if (error instanceof Error && /UNIQUE constraint failed: elements\.name/.test(error.message)) {
    throw new UserError('conflict', `${what}: an element with that name already exists. Pick another name.`);
  }
  throw error;
}

export class ProjectStore {
  private constructor(
    /** Absolute path of the `Name.shotline` folder. */
    readonly dir: string,
    readonly db: Db,
  ) {}

  /** Creates `parentDir/Name.shotline/` with an empty project and opens it. */
  static async create(parentDir: string, options: NewProjectOptions): Promise<ProjectStore> {
    return ProjectStore.createAt(projectDirFor(parentDir, options.name), options);
  }

  /**
   * Creates the project folder exactly at `dir` (the CLI's `new X.shotline`); the display name
   * comes from `options.name`.
   */
  static async createAt(dir: string, options: NewProjectOptions): Promise<ProjectStore> {
    dir = path.resolve(dir);
    const parentDir = path.dirname(dir);
    if (fs.existsSync(dir)) {
      throw new UserError('conflict', `${dir} already exists. Open it, or choose another name.`);
    }
    const [width, height] = parseSize(options.size ?? '1280x720');
    const fps = checkedRate(options.fps ?? DEFAULT_FRAME_RATE);
    // Build in a temp folder and rename, so a crash never leaves a half-made project behind.
    fs.mkdirSync(parentDir, { recursive: true });
    const temp = fs.mkdtempSync(path.join(parentDir, `.${path.basename(dir)}.creating-`));
    try {
      fs.mkdirSync(path.join(temp, MEDIA_DIR));
      const db = await openDatabase(dbPathOf(temp), { create: true });
      db.prepare(
        `INSERT INTO project (id, name, width, height, fps_num, fps_den, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(crypto.randomUUID(), options.name, width, height, fps.num, fps.den, nowIso());
      db.close();
      fs.renameSync(temp, dir);
    } catch (error) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    return ProjectStore.open(dir);
  }

  /** Opens an existing project folder (migrating it if it is older). */
  static async open(dir: string): Promise<ProjectStore> {
    const resolved = path.resolve(dir);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
      throw new UserError('not_found', `${resolved} is not a folder. Pick a project folder ending in ${PROJECT_SUFFIX}.`);
    }
    const db = await openDatabase(dbPathOf(resolved));
    const store = new ProjectStore(resolved, db);
    if (!db.prepare('SELECT 1 FROM project').get()) {
      db.close();
      throw new UserError('invalid_input', `${resolved} has a database but no project record. Open another project.`);
    }
    return store;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Absolute path for a stored relative media path; refuses paths leaving the folder. */
  resolve(relative: string): string {
    return resolveInProject(this.dir, relative);
  }

  /** Runs `fn` in one transaction (for services that write several rows). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- project -------------------------------------------------------------------------

  getProject(): Project {
    return projectFromRow(this.db.prepare('SELECT * FROM project LIMIT 1').get() as ProjectRow);
  }

  updateProject(patch: {
    name?: string;
    style?: string;
    budgetUsd?: number | null;
    size?: string;
    fps?: FrameRate;
    defaultProvider?: string;
    defaultModel?: string;
  }): Project {
    return this.transaction(() => {
      const current = this.db.prepare('SELECT * FROM project LIMIT 1').get() as ProjectRow;
      const next: ProjectRow = { ...current };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.style !== undefined) next.style = patch.style;
      if (patch.budgetUsd !== undefined) next.budget_usd = patch.budgetUsd;
      if (patch.size !== undefined) [next.width, next.height] = parseSize(patch.size);
      if (patch.fps !== undefined) ({ num: next.fps_num, den: next.fps_den } = checkedRate(patch.fps));
      if (patch.defaultProvider !== undefined) next.default_provider = patch.defaultProvider;
      if (patch.defaultModel !== undefined) next.default_model = patch.defaultModel;
      this.db
        .prepare(
          `UPDATE project SET name=@name, width=@width, height=@height, fps_num=@fps_num, fps_den=@fps_den, style=@style,
             budget_usd=@budget_usd, default_provider=@default_provider, default_model=@default_model WHERE id=@id`,
        )
        .run(next);
      return projectFromRow(next);
    });
  }

  snapshot(): ProjectSnapshot {
    return { path: this.dir, project: this.getProject(), shots: this.listShots(), elements: this.listElements() };
  }

  // ---- shots ---------------------------------------------------------------------------

  listShots(): Shot[] {
    return (this.db.prepare('SELECT * FROM shots ORDER BY order_key').all() as ShotRow[]).map(shotFromRow);
  }

  getShot(id: string): Shot {
    const row = this.db.prepare('SELECT * FROM shots WHERE id = ?').get(id) as ShotRow | undefined;
    if (!row) throw new UserError('not_found', `Shot ${id} does not exist (it may have been deleted). Reload the project.`);
    return shotFromRow(row);
  }

  /**
   * The order key that sorts right after `afterId` (first when null, last when undefined),
   * ignoring `excludeId` (the shot being moved). Uses the order_key index: a couple of indexed
   * lookups, not a scan, so adding or moving a shot costs the same in a long film.
   */
  private keyAfter(afterId: string | null | undefined, excludeId = ''): string {
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

  /** Adds a shot after `afterId` (end of the list when absent or null-less). */
  addShot(afterId: string | null | undefined, fields: NewShotFields = {}): Shot {
    return this.transaction(() => {
      const project = this.getProject();
      const shot: Shot = {
        id: crypto.randomUUID(),
        orderKey: this.keyAfter(afterId === null ? undefined : afterId),
        title: '',
        prompt: '',
        cameraMove: '',
        shotType: '',
        dialogue: '',
        soundNotes: '',
        seconds: 4,
        provider: project.defaultProvider,
        model: project.defaultModel,
        size: `${project.format.width}x${project.format.height}` as SizeString,
        references: [],
        continuePrevious: false,
        selectedTakeId: null,
        trimIn: 0,
        trimOut: null,
        transition: { kind: 'cut', seconds: 0 },
        updatedAt: nowIso(),
        ...stripUndefined(fields),
      } as Shot;
      this.insertShot(shot);
      return shot;
    });
  }

  /** Inserts a complete shot row (used by add, import and undo of a delete). */
  insertShot(shot: Shot): void {
    this.db
      .prepare(
        `INSERT INTO shots (id, order_key, title, prompt, camera_move, shot_type, dialogue, sound_notes, seconds,
           provider, model, size, references_json, continue_previous, selected_take_id, trim_in, trim_out,
           transition_kind, transition_seconds, updated_at)
         VALUES (@id, @order_key, @title, @prompt, @camera_move, @shot_type, @dialogue, @sound_notes, @seconds,
           @provider, @model, @size, @references_json, @continue_previous, @selected_take_id, @trim_in, @trim_out,
           @transition_kind, @transition_seconds, @updated_at)`,
      )
      .run(shotToRow(shot));
  }

  /** Writes a whole shot back (the caller has changed fields of a fetched shot). */
  private writeShot(shot: Shot): void {
    this.db
      .prepare(
        `UPDATE shots SET order_key=@order_key, title=@title, prompt=@prompt, camera_move=@camera_move,
           shot_type=@shot_type, dialogue=@dialogue, sound_notes=@sound_notes, seconds=@seconds, provider=@provider,
           model=@model, size=@size, references_json=@references_json, continue_previous=@continue_previous,
           selected_take_id=@selected_take_id, trim_in=@trim_in, trim_out=@trim_out,
           transition_kind=@transition_kind, transition_seconds=@transition_seconds, updated_at=@updated_at
         WHERE id=@id`,
      )
      .run(shotToRow(shot));
  }

  updateShot(id: string, patch: ShotPatch): Shot {
    return this.transaction(() => {
      const shot = { ...this.getShot(id), ...stripUndefined(patch), updatedAt: nowIso() } as Shot;
      if (shot.trimOut !== null && shot.trimOut <= shot.trimIn) {
        throw invalid(`Trim out (${shot.trimOut}s) must be after trim in (${shot.trimIn}s).`);
      }
      this.writeShot(shot);
      return shot;
    });
  }

  /** Replaces a shot's reference list (media services write the files first). */
  setShotReferences(id: string, references: Shot['references']): Shot {
    return this.transaction(() => {
      const shot = { ...this.getShot(id), references, updatedAt: nowIso() };
      this.writeShot(shot);
      return shot;
    });
  }

  deleteShot(id: string): void {
    this.transaction(() => {
      this.getShot(id);
      this.db.prepare('DELETE FROM shots WHERE id = ?').run(id);
    });
  }

  /** Moves a shot right after `afterId` (null: to the start). Rewrites this one row only. */
  moveShot(id: string, afterId: string | null): Shot {
    return this.transaction(() => {
      if (afterId === id) throw invalid('A shot cannot be moved after itself.');
      const shot = this.getShot(id);
      const orderKey = this.keyAfter(afterId, id);
      const moved = { ...shot, orderKey, updatedAt: nowIso() };
      this.db.prepare('UPDATE shots SET order_key = ?, updated_at = ? WHERE id = ?').run(orderKey, moved.updatedAt, id);
      return moved;
    });
  }

  // ---- elements ------------------------------------------------------------------------

  listElements(): Element[] {
    return (this.db.prepare('SELECT * FROM elements ORDER BY kind, name').all() as ElementRow[]).map(elementFromRow);
  }

  getElement(id: string): Element {
    const row = this.db.prepare('SELECT * FROM elements WHERE id = ?').get(id) as ElementRow | undefined;
    if (!row) throw new UserError('not_found', `Element ${id} does not exist (it may have been deleted). Reload the project.`);
    return elementFromRow(row);
  }

  /** Adds an element; `images` must already be in the project's media (see importReferenceImage). */
  addElement(fields: { kind: Element['kind']; name: string; description?: string; images?: ReferenceImage[] }): Element {
    const element: Element = {
      id: crypto.randomUUID(),
      kind: fields.kind,
      name: fields.name,
      description: fields.description ?? '',
      images: fields.images ?? [],
      realPerson: false,
      consent: null,
    };
    try {
      this.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO elements (id, kind, name, description, images_json, real_person, consent_json)
             VALUES (@id, @kind, @name, @description, @images_json, @real_person, @consent_json)`,
          )
          .run(elementToRow(element));
      });
    } catch (error) {
      explainConstraint(error, `Cannot add "${fields.name}"`);
    }
    return element;
  }

  updateElement(id: string, patch: ElementPatch | { images: Element['images'] }): Element {
    try {
      return this.transaction(() => {
        const element = { ...this.getElement(id), ...stripUndefined(patch) } as Element;
        this.db
          .prepare(
            `UPDATE elements SET kind=@kind, name=@name, description=@description, images_json=@images_json,
               real_person=@real_person, consent_json=@consent_json WHERE id=@id`,
          )
          .run(elementToRow(element));
        return element;
      });
    } catch (error) {
      explainConstraint(error, 'Cannot rename the element');
    }
  }

  deleteElement(id: string): void {
    this.transaction(() => {
      this.getElement(id);
      this.db.prepare('DELETE FROM elements WHERE id = ?').run(id);
    });
  }
}

/** Drops keys whose value is undefined, so a patch never erases a field it does not mention. */
function stripUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
