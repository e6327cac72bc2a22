/**
 * SQL for the queue's three tables (schema v2): jobs, takes and the spend ledger. The one place
 * where their rows become domain objects. Every state change is one committed statement, so a
 * killed process finds each job exactly where it stopped.
 */
import crypto from 'node:crypto';
import type { Job, JobKind, JobStatus, SizeString, Take, TakeFiles, TakeStatus } from '../../shared/domain';
import type { Db } from '../store/open-database';
import type { StoredRequest } from './request-hash';

interface JobRow {
  id: string;
  kind: JobKind;
  shot_id: string;
  provider: string;
  model: string;
  status: JobStatus;
  progress: number;
  remote_id: string | null;
  take_id: string | null;
  parent_take_id: string | null;
  request_json: string;
  request_hash: string;
  estimate_usd: number;
  attempts: number;
  message: string;
  created_at: string;
  updated_at: string;
}

interface TakeRow {
  id: string;
  shot_id: string;
  parent_take_id: string | null;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  composed_prompt: string;
  request_json: string;
  request_hash: string;
  remote_id: string | null;
  status: TakeStatus;
  cost_usd: number;
  duration_seconds: number | null;
  original_path: string;
  normalised_path: string | null;
  poster_path: string | null;
  filmstrip_path: string | null;
  created_at: string;
}

/** One line of the spend ledger. */
export interface LedgerEntry {
  id: string;
  jobId: string | null;
  shotId: string | null;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  costUsd: number;
  createdAt: string;
}

/** States a job can still move on from. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'submitting', 'running', 'downloading', 'ingesting'];
export const isTerminal = (status: JobStatus) => !ACTIVE_STATUSES.includes(status);

const nowIso = () => new Date().toISOString();

function jobFromRow(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    shotId: r.shot_id,
    provider: r.provider,
    model: r.model,
    status: r.status,
    progress: r.progress,
    remoteId: r.remote_id,
    takeId: r.take_id,
    parentTakeId: r.parent_take_id,
    estimateUsd: r.estimate_usd,
    attempts: r.attempts,
    message: r.message,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function takeFromRow(r: TakeRow): Take {
  return {
    id: r.id,
    shotId: r.shot_id,
    parentTakeId: r.parent_take_id,
    provider: r.provider,
    model: r.model,
    size: r.size as SizeString,
    seconds: r.seconds,
    composedPrompt: r.composed_prompt,
    request: JSON.parse(r.request_json) as Record<string, unknown>,
    requestHash: r.request_hash,
    remoteId: r.remote_id,
    status: r.status,
    costUsd: r.cost_usd,
    durationSeconds: r.duration_seconds,
    files: {
      original: r.original_path,
      normalised: r.normalised_path,
      poster: r.poster_path,
      filmstrip: r.filmstrip_path,
    },
    createdAt: r.created_at,
  };
}

/** A stored request; those written before rates were fractions hold `fps` as a whole number. */
export function storedRequestFromJson(json: string): StoredRequest {
  const request = JSON.parse(json) as StoredRequest & { fps: StoredRequest['fps'] | number };
  return { ...request, fps: typeof request.fps === 'number' ? { num: request.fps, den: 1 } : request.fps };
}

/** Fields of a job that change as it runs. */
export type JobChange = Partial<Pick<Job, 'status' | 'progress' | 'remoteId' | 'takeId' | 'attempts' | 'message'>>;

export class JobRepository {
  constructor(private readonly db: Db) {}

  // ---- jobs ----------------------------------------------------------------------------

  insertJob(fields: {
    kind: JobKind;
    shotId: string;
    request: StoredRequest;
    hash: string;
    estimateUsd: number;
    parentTakeId?: string | null;
  }): Job {
    const now = nowIso();
    const row: JobRow = {
      id: crypto.randomUUID(),
      kind: fields.kind,
      shot_id: fields.shotId,
      provider: fields.request.provider,
      model: fields.request.model,
      status: 'queued',
      progress: 0,
      remote_id: null,
      take_id: null,
      parent_take_id: fields.parentTakeId ?? null,
      request_json: JSON.stringify(fields.request),
      request_hash: fields.hash,
      estimate_usd: fields.estimateUsd,
      attempts: 0,
      message: 'Waiting for a free slot.',
      created_at: now,
      updated_at: now,
    };
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, shot_id, provider, model, status, progress, remote_id, take_id, parent_take_id,
           request_json, request_hash, estimate_usd, attempts, message, created_at, updated_at)
         VALUES (@id, @kind, @shot_id, @provider, @model, @status, @progress, @remote_id, @take_id, @parent_take_id,
           @request_json, @request_hash, @estimate_usd, @attempts, @message, @created_at, @updated_at)`,
      )
      .run(row);
    return jobFromRow(row);
  }

  getJob(id: string): Job | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  /** The stored request of a job (what will be, or was, sent). */
  jobRequest(id: string): StoredRequest {
    const row = this.db.prepare('SELECT request_json FROM jobs WHERE id = ?').get(id) as { request_json: string } | undefined;
    if (!row) throw new Error(`Job ${id} is not in the store.`);
    return storedRequestFromJson(row.request_json);
  }

  jobHash(id: string): string {
    const row = this.db.prepare('SELECT request_hash FROM jobs WHERE id = ?').get(id) as { request_hash: string } | undefined;
    if (!row) throw new Error(`Job ${id} is not in the store.`);
    return row.request_hash;
  }

  updateJob(id: string, change: JobChange): Job {
    const current = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!current) throw new Error(`Job ${id} is not in the store.`);
    const next: JobRow = {
      ...current,
      status: change.status ?? current.status,
      progress: change.progress === undefined ? current.progress : Math.min(1, Math.max(0, change.progress)),
      remote_id: change.remoteId === undefined ? current.remote_id : change.remoteId,
      take_id: change.takeId === undefined ? current.take_id : change.takeId,
      attempts: change.attempts ?? current.attempts,
      message: change.message ?? current.message,
      updated_at: nowIso(),
    };
    this.db
      .prepare(
        `UPDATE jobs SET status=@status, progress=@progress, remote_id=@remote_id, take_id=@take_id,
           attempts=@attempts, message=@message, updated_at=@updated_at WHERE id=@id`,
      )
      .run(next);
    return jobFromRow(next);
  }

  /** Jobs that are not finished, oldest first (resume order). */
  activeJobs(): Job[] {
    const marks = ACTIVE_STATUSES.map(() => '?').join(',');
    return (
      this.db.prepare(`SELECT * FROM jobs WHERE status IN (${marks}) ORDER BY created_at, rowid`).all(...ACTIVE_STATUSES) as JobRow[]
    ).map(jobFromRow);
  }

  /** An unfinished job with this request hash, if one is already on its way. */
  activeJobByHash(hash: string): Job | null {
    const marks = ACTIVE_STATUSES.map(() => '?').join(',');
    const row = this.db
      .prepare(`SELECT * FROM jobs WHERE request_hash = ? AND status IN (${marks}) ORDER BY created_at LIMIT 1`)
      .get(hash, ...ACTIVE_STATUSES) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  listJobs(limit = 200): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[]).map(jobFromRow);
  }

  // ---- takes ---------------------------------------------------------------------------

  insertTake(take: Take): void {
    this.db
      .prepare(
        `INSERT INTO takes (id, shot_id, parent_take_id, provider, model, size, seconds, composed_prompt, request_json,
           request_hash, remote_id, status, cost_usd, duration_seconds, original_path, normalised_path, poster_path,
           filmstrip_path, created_at)
         VALUES (@id, @shot_id, @parent_take_id, @provider, @model, @size, @seconds, @composed_prompt, @request_json,
           @request_hash, @remote_id, @status, @cost_usd, @duration_seconds, @original_path, @normalised_path,
           @poster_path, @filmstrip_path, @created_at)`,
      )
      .run({
        id: take.id,
        shot_id: take.shotId,
        parent_take_id: take.parentTakeId,
        provider: take.provider,
        model: take.model,
        size: take.size,
        seconds: take.seconds,
        composed_prompt: take.composedPrompt,
        request_json: JSON.stringify(take.request),
        request_hash: take.requestHash,
        remote_id: take.remoteId,
        status: take.status,
        cost_usd: take.costUsd,
        duration_seconds: take.durationSeconds,
        original_path: take.files.original,
        normalised_path: take.files.normalised,
        poster_path: take.files.poster,
        filmstrip_path: take.files.filmstrip,
        created_at: take.createdAt,
      });
  }

  finishTake(id: string, fields: { status: TakeStatus; durationSeconds: number | null; files: Partial<TakeFiles> }): Take {
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
    return this.getTake(id)!;
  }

  getTake(id: string): Take | null {
    const row = this.db.prepare('SELECT * FROM takes WHERE id = ?').get(id) as TakeRow | undefined;
    return row ? takeFromRow(row) : null;
  }

  takesOfShot(shotId: string): Take[] {
    return (this.db.prepare('SELECT * FROM takes WHERE shot_id = ? ORDER BY created_at, rowid').all(shotId) as TakeRow[]).map(takeFromRow);
  }

  /** A finished take made from an identical request, preferring one of `shotId`. */
  readyTakeByHash(hash: string, shotId: string): Take | null {
    const row = this.db
      .prepare(
        `SELECT * FROM takes WHERE request_hash = ? AND status = 'ready'
         ORDER BY (shot_id = ?) DESC, created_at DESC LIMIT 1`,
      )
      .get(hash, shotId) as TakeRow | undefined;
    return row ? takeFromRow(row) : null;
  }

  deleteTake(id: string): void {
    this.db.prepare('DELETE FROM takes WHERE id = ?').run(id);
  }

  /** Sets the shot's selected take when it has none (first take of a shot). */
  selectIfNone(shotId: string, takeId: string): boolean {
    const result = this.db
      .prepare(`UPDATE shots SET selected_take_id = ?, updated_at = ? WHERE id = ? AND selected_take_id IS NULL`)
      .run(takeId, nowIso(), shotId);
    return result.changes > 0;
  }

  // ---- ledger --------------------------------------------------------------------------

  recordSpend(entry: Omit<LedgerEntry, 'id' | 'createdAt'>): LedgerEntry {
    const full: LedgerEntry = { ...entry, id: crypto.randomUUID(), createdAt: nowIso() };
    this.db
      .prepare(
        `INSERT INTO ledger (id, job_id, shot_id, provider, model, size, seconds, cost_usd, created_at)
         VALUES (@id, @jobId, @shotId, @provider, @model, @size, @seconds, @costUsd, @createdAt)`,
      )
      .run(full);
    return full;
  }

  ledger(): LedgerEntry[] {
    return this.db
      .prepare(
        `SELECT id, job_id AS jobId, shot_id AS shotId, provider, model, size, seconds, cost_usd AS costUsd,
           created_at AS createdAt FROM ledger ORDER BY created_at, rowid`,
      )
      .all() as LedgerEntry[];
  }

  spentUsd(): number {
    const row = this.db.prepare('SELECT COALESCE(SUM(cost_usd), 0) AS total FROM ledger').get() as { total: number };
    return row.total;
  }

  /** Estimates of paid jobs accepted into the queue but not yet billed (no ledger line yet). */
  reservedUsd(): number {
    const marks = ACTIVE_STATUSES.map(() => '?').join(',');
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(estimate_usd), 0) AS total FROM jobs
         WHERE status IN (${marks}) AND id NOT IN (SELECT job_id FROM ledger WHERE job_id IS NOT NULL)`,
      )
      .get(...ACTIVE_STATUSES) as { total: number };
    return row.total;
  }
}
