/** The exports table: every export of the project, its status and where it went. */
import type { ExportJob, ExportStatus } from '../../shared/domain';
import { UserError } from '../errors';
import type { Db } from './open-database';

interface ExportRow {
  id: string;
  format: string;
  status: ExportStatus;
  output_path: string;
  options_json: string;
  message: string;
  created_at: string;
}

/** A finished export as stored (running ones are reported live by the export service). */
function fromRow(r: ExportRow): ExportJob {
  return { id: r.id, format: r.format, status: r.status, progress: r.status === 'done' ? 1 : 0, etaSeconds: null, outputPath: r.output_path, message: r.message, createdAt: r.created_at };
}

export class ExportRepository {
  constructor(private readonly db: Db) {}

  insert(job: ExportJob, options: unknown): void {
    this.db
      .prepare('INSERT INTO exports (id, format, status, output_path, options_json, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(job.id, job.format, job.status, job.outputPath, JSON.stringify(options), job.message, job.createdAt);
  }

  finish(id: string, status: ExportStatus, message: string): void {
    this.db.prepare('UPDATE exports SET status = ?, message = ?, finished_at = ? WHERE id = ?').run(status, message, new Date().toISOString(), id);
  }

  /** Exports newest first. */
  list(limit = 200): ExportJob[] {
    return (this.db.prepare('SELECT * FROM exports ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as ExportRow[]).map(fromRow);
  }

  get(id: string): ExportJob {
    const row = this.db.prepare('SELECT * FROM exports WHERE id = ?').get(id) as ExportRow | undefined;
    if (!row) throw new UserError('not_found', `Export ${id} does not exist in this project. List exports to find it.`);
    return fromRow(row);
  }
}
