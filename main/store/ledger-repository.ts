/**
 * The spend ledger: a line per paid job, written when the service accepted it (services bill
 * accepted jobs whether or not the result is downloaded), plus what queued jobs reserve. A line
 * starts as the registry's estimate; where the service later reports what it billed (Runway
 * credits, fal usage), the line takes that figure and says so.
 */
import crypto from 'node:crypto';
import type { SpendTotal } from '../../shared/contract/generation';
import type { LedgerEntry } from '../../shared/domain';
import type { Db } from './open-database';
import { ACTIVE_STATUSES } from './job-repository';

const ACTIVE_MARKS = ACTIVE_STATUSES.map(() => '?').join(',');

interface LedgerRow {
  id: string;
  job_id: string | null;
  shot_id: string | null;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  cost_usd: number;
  billed_by: 'estimate' | 'service';
  billed_amount: number | null;
  billed_unit: 'usd' | 'credits' | null;
  created_at: string;
}

function entryFromRow(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    jobId: r.job_id,
    shotId: r.shot_id,
    provider: r.provider,
    model: r.model,
    size: r.size,
    seconds: r.seconds,
    costUsd: r.cost_usd,
    billedBy: r.billed_by,
    billed: r.billed_amount !== null && r.billed_unit ? { amount: r.billed_amount, unit: r.billed_unit } : null,
    createdAt: r.created_at,
  };
}

/** Spend summed over one key (a shot, a provider). */
export interface SpendLine {
  key: string;
  usd: number;
  /** Lines in the sum that are estimates, not the service's own figure. */
  estimated: number;
  lines: number;
}

export class LedgerRepository {
  constructor(private readonly db: Db) {}

  /** A line at the estimate (`billedBy` defaults to `estimate`). */
  record(entry: Omit<LedgerEntry, 'id' | 'createdAt' | 'billedBy' | 'billed'> & Partial<Pick<LedgerEntry, 'billedBy' | 'billed'>>): LedgerEntry {
    const full: LedgerEntry = { billedBy: 'estimate', billed: null, ...entry, id: crypto.randomUUID(), createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO ledger (id, job_id, shot_id, provider, model, size, seconds, cost_usd, billed_by, billed_amount, billed_unit, created_at)
         VALUES (@id, @jobId, @shotId, @provider, @model, @size, @seconds, @costUsd, @billedBy, @amount, @unit, @createdAt)`,
      )
      .run({ ...full, amount: full.billed?.amount ?? null, unit: full.billed?.unit ?? null });
    return full;
  }

  /** The line of a job, if it has one. */
  ofJob(jobId: string): LedgerEntry | null {
    const row = this.db.prepare('SELECT * FROM ledger WHERE job_id = ? ORDER BY rowid LIMIT 1').get(jobId) as LedgerRow | undefined;
    return row ? entryFromRow(row) : null;
  }

  /** The service reported what it billed for a job: its line takes that figure (in USD) and keeps the service's own. */
  settle(jobId: string, costUsd: number, billed: NonNullable<LedgerEntry['billed']>): void {
    this.db
      .prepare(`UPDATE ledger SET cost_usd = ?, billed_by = 'service', billed_amount = ?, billed_unit = ? WHERE job_id = ?`)
      .run(costUsd, billed.amount, billed.unit, jobId);
  }

  list(): LedgerEntry[] {
    return (this.db.prepare('SELECT * FROM ledger ORDER BY created_at, rowid').all() as LedgerRow[]).map(entryFromRow);
  }

  /** Spend per shot or per provider, largest first. Lines of deleted shots sum under `deleted`. */
  totalsBy(key: 'shot' | 'provider'): SpendLine[] {
    const column = key === 'shot' ? "COALESCE(shot_id, 'deleted')" : 'provider';
    return (
      this.db
        .prepare(
          `SELECT ${column} AS key, SUM(cost_usd) AS usd, SUM(billed_by = 'estimate') AS estimated, COUNT(*) AS lines
           FROM ledger GROUP BY ${column} ORDER BY usd DESC, key`,
        )
        .all() as SpendLine[]
    ).map((r) => ({ ...r, estimated: Number(r.estimated) }));
  }

  /** Like `totalsBy`, with the service-billed and estimated parts in USD (the Spend panel). */
  breakdownBy(key: 'shot' | 'provider'): SpendTotal[] {
    const column = key === 'shot' ? "COALESCE(shot_id, 'deleted')" : 'provider';
    const rows = this.db
      .prepare(
        `SELECT ${column} AS key, SUM(cost_usd) AS usd,
                SUM(CASE WHEN billed_by = 'service' THEN cost_usd ELSE 0 END) AS billedUsd,
                SUM(CASE WHEN billed_by = 'estimate' THEN cost_usd ELSE 0 END) AS estimatedUsd,
                COUNT(*) AS lines, SUM(billed_by = 'estimate') AS estimatedLines
         FROM ledger GROUP BY ${column} ORDER BY usd DESC, key`,
      )
      .all() as SpendTotal[];
    return rows.map((r) => ({ ...r, estimatedLines: Number(r.estimatedLines) }));
  }

  spentUsd(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(cost_usd), 0) AS total FROM ledger').get() as { total: number }).total;
  }

  /**
   * Estimates of paid jobs accepted into the queue but not yet billed (no ledger line yet),
   * including jobs whose outcome is unknown: they may have been billed.
   */
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
