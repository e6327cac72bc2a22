/**
 * Schema migrations, keyed on `PRAGMA user_version`. Migration N takes a database at version
 * N-1 to version N. Each runs with its version bump in one transaction (see open-database.ts),
 * so a crash mid-migration leaves the old version intact. Never edit a shipped migration: add one.
 */
import crypto from 'node:crypto';
import { generateKeyBetween } from 'fractional-indexing';
import { renumberedShots } from '../../shared/shot-numbers';
import type { Db } from './open-database';

export interface Migration {
  /** The user_version this migration produces. */
  version: number;
  /** What it changes, for the log and the backup's name. */
  description: string;
  sql: string;
  /** Rows to fill in after `sql`, in the same transaction (for values SQL cannot compute). */
  data?: (db: Db) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'project, shots and elements',
    sql: `
      CREATE TABLE project (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        fps INTEGER NOT NULL,
        style TEXT NOT NULL DEFAULT '',
        budget_usd REAL,
        default_provider TEXT NOT NULL DEFAULT 'animatic',
        default_model TEXT NOT NULL DEFAULT 'animatic',
        created_at TEXT NOT NULL
      );
      CREATE TABLE shots (
        id TEXT PRIMARY KEY,
        order_key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        prompt TEXT NOT NULL DEFAULT '',
        camera_move TEXT NOT NULL DEFAULT '',
        shot_type TEXT NOT NULL DEFAULT '',
        dialogue TEXT NOT NULL DEFAULT '',
        sound_notes TEXT NOT NULL DEFAULT '',
        seconds REAL NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        size TEXT NOT NULL,
        references_json TEXT NOT NULL DEFAULT '[]',
        continue_previous INTEGER NOT NULL DEFAULT 0,
        selected_take_id TEXT,
        trim_in REAL NOT NULL DEFAULT 0,
        trim_out REAL,
        transition_kind TEXT NOT NULL DEFAULT 'cut' CHECK (transition_kind IN ('cut','dissolve','dip')),
        transition_seconds REAL NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE elements (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('character','place','prop','style')),
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        images_json TEXT NOT NULL DEFAULT '[]',
        real_person INTEGER NOT NULL DEFAULT 0,
        consent_json TEXT
      );
    `,
  },
  {
    version: 2,
    description: 'takes, jobs, spend ledger and exports',
    sql: `
      CREATE TABLE takes (
        id TEXT PRIMARY KEY,
        shot_id TEXT NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
        parent_take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        size TEXT NOT NULL,
        seconds REAL NOT NULL,
        composed_prompt TEXT NOT NULL,
        request_json TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        remote_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('ready','ingesting','failed')),
        cost_usd REAL NOT NULL DEFAULT 0,
        duration_seconds REAL,
        original_path TEXT NOT NULL,
        normalised_path TEXT,
        poster_path TEXT,
        filmstrip_path TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX takes_by_shot ON takes(shot_id);
      CREATE INDEX takes_by_hash ON takes(request_hash);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('generate','remix')),
        shot_id TEXT NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        remote_id TEXT,
        take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        parent_take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        request_json TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        estimate_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_by_status ON jobs(status);
      CREATE TABLE ledger (
        id TEXT PRIMARY KEY,
        job_id TEXT,
        shot_id TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        size TEXT NOT NULL,
        seconds REAL NOT NULL,
        cost_usd REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE exports (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        output_path TEXT NOT NULL,
        options_json TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
    `,
  },
  {
    version: 3,
    description: 'frame rate as an exact fraction',
    // 23.976 and 29.97 are 24000/1001 and 30000/1001: an integer column could not hold them.
    sql: `
      ALTER TABLE project ADD COLUMN fps_num INTEGER NOT NULL DEFAULT 24;
      ALTER TABLE project ADD COLUMN fps_den INTEGER NOT NULL DEFAULT 1;
      UPDATE project SET fps_num = fps, fps_den = 1;
      ALTER TABLE project DROP COLUMN fps;
    `,
  },
  {
    version: 4,
    description: 'export formats',
    // Every export before formats existed was the stitched MP4.
    sql: `ALTER TABLE exports ADD COLUMN format TEXT NOT NULL DEFAULT 'mp4';`,
  },
  {
    version: 5,
    description: 'jobs waiting for the previous shot',
    // A shot that continues the previous one cannot be prepared before that shot's take exists
    // (its first frame is that take's last frame): its job waits, persisted, with what it waits
    // for and the choices it was started with; the request is written when it is prepared.
    sql: `
      ALTER TABLE jobs ADD COLUMN waiting_for TEXT;
      ALTER TABLE jobs ADD COLUMN start_json TEXT;
    `,
  },
  {
    version: 6,
    description: 'extend jobs',
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the new kind.
    sql: `
      CREATE TABLE jobs_v6 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('generate','remix','extend')),
        shot_id TEXT NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        remote_id TEXT,
        take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        parent_take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        request_json TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        estimate_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        waiting_for TEXT,
        start_json TEXT
      );
      INSERT INTO jobs_v6 SELECT id, kind, shot_id, provider, model, status, progress, remote_id, take_id, parent_take_id,
        request_json, request_hash, estimate_usd, attempts, message, created_at, updated_at, waiting_for, start_json FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v6 RENAME TO jobs;
      CREATE INDEX jobs_by_status ON jobs(status);
    `,
  },
  {
    version: 7,
    description: 'live providers: edit, still and sheet jobs, when a create first went out, what the service billed, end frames',
    // jobs: rebuilt (CHECK cannot change in place) for the 'edit', 'still' (a shot's storyboard
    // frame) and 'sheet' (an element's reference sheet: element_id, no shot) kinds, with
    // first_sent_at: when the job's first create went out, so an ambiguous create can be
    // looked up among jobs made since. ledger: whether a line is the estimate or what the
    // service reported, and that report in its own unit. shots: an optional end frame.
    sql: `
      CREATE TABLE jobs_v7 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('generate','remix','extend','edit','still','sheet')),
        shot_id TEXT REFERENCES shots(id) ON DELETE CASCADE,
        element_id TEXT REFERENCES elements(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        remote_id TEXT,
        take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        parent_take_id TEXT REFERENCES takes(id) ON DELETE SET NULL,
        request_json TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        estimate_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        waiting_for TEXT,
        start_json TEXT,
        first_sent_at TEXT,
        CHECK ((shot_id IS NULL) <> (element_id IS NULL))
      );
      INSERT INTO jobs_v7 SELECT id, kind, shot_id, NULL, provider, model, status, progress, remote_id, take_id, parent_take_id,
        request_json, request_hash, estimate_usd, attempts, message, created_at, updated_at, waiting_for, start_json, NULL FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v7 RENAME TO jobs;
      CREATE INDEX jobs_by_status ON jobs(status);
      ALTER TABLE ledger ADD COLUMN billed_by TEXT NOT NULL DEFAULT 'estimate' CHECK (billed_by IN ('estimate','service'));
      ALTER TABLE ledger ADD COLUMN billed_amount REAL;
      ALTER TABLE ledger ADD COLUMN billed_unit TEXT;
      ALTER TABLE shots ADD COLUMN end_frame_json TEXT;
    `,
  },
  {
    version: 8,
    description: "a shot's exclusions (its negative prompt) and sound on/off",
    // A shot says what it must not show (the negative prompt) and whether it wants sound.
    sql: `
      ALTER TABLE shots ADD COLUMN avoid TEXT NOT NULL DEFAULT '';
      ALTER TABLE shots ADD COLUMN audio INTEGER CHECK (audio IN (0, 1));
    `,
  },
  {
    version: 9,
    description: 'scenes, stable shot numbers and crew notes',
    // Every shot belongs to a scene (the app keeps scene_id set; ADD COLUMN cannot add NOT NULL
    // with a reference). No ON DELETE CASCADE: deleting a scene that still has shots fails
    // instead of silently taking them along. Shot order keys stay unique across the film (their
    // old UNIQUE index cannot be dropped without rebuilding shots, which would cascade-delete
    // takes) and sort the shots within their scene.
    sql: `
      CREATE TABLE scenes (
        id TEXT PRIMARY KEY,
        order_key TEXT NOT NULL UNIQUE,
        number TEXT NOT NULL,
        heading TEXT NOT NULL DEFAULT '',
        synopsis TEXT NOT NULL DEFAULT '',
        color TEXT,
        collapsed INTEGER NOT NULL DEFAULT 0 CHECK (collapsed IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      ALTER TABLE shots ADD COLUMN scene_id TEXT REFERENCES scenes(id);
      ALTER TABLE shots ADD COLUMN number TEXT NOT NULL DEFAULT '';
      ALTER TABLE shots ADD COLUMN notes TEXT NOT NULL DEFAULT '';
      CREATE INDEX shots_by_scene ON shots(scene_id, order_key);
    `,
    // A project with shots gets one scene, "1", holding them all in their order: 1A, 1B, 1C...
    data: (db) => {
      const ids = (db.prepare('SELECT id FROM shots ORDER BY order_key').all() as Array<{ id: string }>).map((r) => r.id);
      if (ids.length === 0) return;
      const sceneId = crypto.randomUUID();
      db.prepare(`INSERT INTO scenes (id, order_key, number, heading, updated_at) VALUES (?, ?, '1', '', ?)`).run(sceneId, generateKeyBetween(null, null), new Date().toISOString());
      const numbers = renumberedShots('1', ids.length);
      const set = db.prepare('UPDATE shots SET scene_id = ?, number = ? WHERE id = ?');
      ids.forEach((id, i) => set.run(sceneId, numbers[i]!, id));
    },
  },
];

/** The schema version this build of Shotline writes. */
export const CURRENT_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
