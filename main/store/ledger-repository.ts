/**
 * The spend ledger: a line per paid job, written when the service accepted it (services bill
 * accepted jobs whether or not the result is downloaded), plus what queued jobs reserve.
 */
import crypto from 'node:crypto';
import type { LedgerEntry } from '../../shared/domain';
import type { Db } from './open-database';
import { ACTIVE_STATUSES } from './job-repository';

const ACTIVE_MARKS = ACTIVE_STATUSES.map(() => '?').join(',');

export class LedgerRepository {
  constructor(private readonly db: Db) {}

  record(entry: Omit<LedgerEntry, 'id' | 'createdAt'>): LedgerEntry {
    const full: LedgerEntry = { ...entry, id: crypto.randomUUID(), createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO ledger (id, job_id, shot_id, provider, model, size, seconds, cost_usd, created_at)
         VALUES (@id, @jobId, @shotId, @provider, @model, @size, @seconds, @costUsd, @createdAt)`,
      )
      .run(full);
    return full;
  }

  list(): LedgerEntry[] {
    return this.db
      .prepare(
        `SELECT id, job_id AS jobId, shot_id AS shotId, provider, model, size, seconds, cost_usd AS costUsd,
           created_at AS createdAt FROM ledger ORDER BY created_at, rowid`,
      )
      .all() as LedgerEntry[];
  }

  spentUsd(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(cost_usd), 0) AS total FROM ledger').get() as { total: number }).total;
  }

  /** Estimates of paid jobs accepted into the queue but not yet billed (no ledger line yet). */
  reservedUsd(): number {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(estimate_usd), 0) AS total FROM jobs
         WHERE status IN (${ACTIVE_MARKS}) AND id NOT IN (SELECT job_id FROM ledger WHERE job_id IS NOT NULL)`,
      )
      .get(...ACTIVE_STATUSES) as { total: number };
    return row.total;
  }
}
