/** The takes table: several clips per shot, each with the request it was made from. */
import type { Take, TakeFiles, TakeStatus } from '../../shared/domain';
import type { Db } from './open-database';
import { takeFromRow, takeToRow, type TakeRow } from './rows';

const COLUMNS = `id, shot_id, parent_take_id, provider, model, size, seconds, composed_prompt, request_json,
  request_hash, remote_id, status, cost_usd, duration_seconds, original_path, normalised_path, poster_path,
  filmstrip_path, created_at`;
const VALUES = COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ');

export class TakeRepository {
  constructor(private readonly db: Db) {}

  insert(take: Take): void {
    this.db.prepare(`INSERT INTO takes (${COLUMNS}) VALUES (${VALUES})`).run(takeToRow(take));
  }

  find(id: string): Take | null {
    const row = this.db.prepare('SELECT * FROM takes WHERE id = ?').get(id) as TakeRow | undefined;
    return row ? takeFromRow(row) : null;
  }

  ofShot(shotId: string): Take[] {
    return (this.db.prepare('SELECT * FROM takes WHERE shot_id = ? ORDER BY created_at, rowid').all(shotId) as TakeRow[]).map(takeFromRow);
  }

  /** A finished take made from an identical request, preferring one of `shotId`. */
  readyByHash(hash: string, shotId: string): Take | null {
    const row = this.db
      .prepare(`SELECT * FROM takes WHERE request_hash = ? AND status = 'ready' ORDER BY (shot_id = ?) DESC, created_at DESC LIMIT 1`)
      .get(hash, shotId) as TakeRow | undefined;
    return row ? takeFromRow(row) : null;
  }

  finish(id: string, fields: { status: TakeStatus; durationSeconds: number | null; files: Partial<TakeFiles> }): Take {
    this.db
      .prepare(
        `UPDATE takes SET status = @status, duration_seconds = @duration,
           normalised_path = COALESCE(@normalised, normalised_path), poster_path = COALESCE(@poster, poster_path),
           filmstrip_path = COALESCE(@filmstrip, filmstrip_path) WHERE id = @id`,
      )
      .run({
        id,
        status: fields.status,
        duration: fields.durationSeconds,
        normalised: fields.files.normalised ?? null,
        poster: fields.files.poster ?? null,
        filmstrip: fields.files.filmstrip ?? null,
      });
    return this.find(id)!;
  }

  /** Removes the take; the shot that selected it selects none, the job that made it forgets it. */
  delete(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE shots SET selected_take_id = NULL WHERE selected_take_id = ?').run(id);
      this.db.prepare('UPDATE jobs SET take_id = NULL WHERE take_id = ?').run(id);
      this.db.prepare('DELETE FROM takes WHERE id = ?').run(id);
    })();
  }

  /** True when some take still names the file (a take reused in place shares its files). */
  usesFile(relative: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM takes WHERE original_path = ? OR normalised_path = ? OR poster_path = ? OR filmstrip_path = ? LIMIT 1')
        .get(relative, relative, relative, relative) !== undefined
    );
  }
}
