/**
 * Which media paths the project's rows name. "Names" is read from every text column of every
 * table (shots, elements, takes' and jobs' stored requests, exports...), so a take's stored
 * inputs keep their files even when no shot uses them, and a column added later is covered
 * without changing the media sweep.
 */
import type { Db } from './open-database';

export class NamedMedia {
  constructor(private readonly db: Db) {}

  /** Every match of `pattern` (a global regex) in any text value of any table, e.g. media/refs paths. */
  matching(needle: string, pattern: RegExp): Set<string> {
    const named = new Set<string>();
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      for (const row of this.db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate() as Iterable<Record<string, unknown>>) {
        for (const value of Object.values(row)) {
          if (typeof value === 'string' && value.includes(needle)) for (const m of value.matchAll(pattern)) named.add(m[0]);
        }
      }
    }
    return named;
  }
}
