/**
 * A second, independent connection to a project's SQLite file, for tests that inspect rows
 * the way another reader would (the app's own connection never leaves main/store/).
 */
import path from 'node:path';
import Database from 'better-sqlite3';

export function openRawDb(projectDir: string, options: { readonly?: boolean } = {}): Database.Database {
  return new Database(path.join(projectDir, 'project.db'), { readonly: options.readonly ?? false, fileMustExist: true });
}

/** Runs `fn` on a raw connection and closes it. */
export function withRawDb<T>(projectDir: string, fn: (db: Database.Database) => T, options: { readonly?: boolean } = {}): T {
  const db = openRawDb(projectDir, options);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
