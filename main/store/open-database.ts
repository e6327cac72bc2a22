/**
 * Opens a project's SQLite file safely:
 *  1. read-only first: `quick_check` and `user_version`, so a damaged or foreign file is
 *     reported and never written to (switching to WAL would already rewrite its header);
 *  2. refuse a file written by a newer Shotline;
 *  3. back up (`db.backup()`) before migrating, then run each migration with its version bump
 *     in one transaction;
 *  4. WAL + synchronous=FULL + foreign keys for every connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { CURRENT_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** Applies the pragmas every Shotline connection uses. */
function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the call returns; a killed process or power cut loses
  // at most the edit in flight, never a committed one.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Reads the schema version and checks integrity without writing anything. */
function inspect(file: string): number {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
    const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      'invalid_input',
      `The project file ${file} is damaged or is not a Shotline project (${reason}). ` +
        'Shotline has left it untouched. Restore it from a backup (project.db.backup-* in the same folder, if any) or open another project.',
    );
  } finally {
    db?.close();
  }
}

/** Runs one migration and its version bump atomically. */
function migrate(db: Db, migration: Migration): void {
  db.transaction(() => {
    db.exec(migration.sql);
    migration.data?.(db);
    db.pragma(`user_version = ${migration.version}`);
  })();
}

export interface OpenOptions {
  /** Create the file when it does not exist (new projects only). */
  create?: boolean;
  /** Migrations to apply (tests pass a prefix to build an older file). */
  migrations?: readonly Migration[];
}

/** Opens (and if needed migrates) the database at `file`. */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<Db> {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new UserError('not_found', `No project database at ${file}. Pick a folder ending in .shotline.`);
  }
  const version = exists ? inspect(file) : 0;
  if (version > CURRENT_VERSION || version > target) {
    throw new UserError(
      'conflict',
      `This project was saved by a newer version of Shotline (project format ${version}; this version reads up to ${target}). ` +
        'Update Shotline to open it. The file has not been changed.',
    );
  }
  const db = new Database(file);
  try {
    configure(db);
    const pending = migrations.filter((m) => m.version > version);
    if (pending.length > 0 && version > 0) {
      // A copy of the last good state, taken through SQLite so it is consistent even in WAL mode.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await db.backup(path.join(path.dirname(file), `project.db.backup-v${version}-${stamp}`));
    }
    for (const migration of pending) migrate(db, migration);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
