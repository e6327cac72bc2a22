/**
 * The jobs table of the durable generation queue. Every state change is one committed
 * statement, so a killed process finds each job exactly where it stopped.
 */
import crypto from 'node:crypto';
import type { GenerationRequest, Job, JobKind, JobStatus } from '../../shared/domain';
import type { Db } from './open-database';
import { jobFromRow, requestFromJson, type JobRow } from './rows';

/** States a job can still move on from ('unknown' waits for the user: resend or cancel). */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['waiting', 'unknown', 'queued', 'submitting', 'running', 'downloading', 'ingesting'];

/** The choices a waiting job was started with, kept until it is prepared. */
export interface WaitingStart {
  newTake: boolean;
}
export const isTerminal = (status: JobStatus) => !ACTIVE_STATUSES.includes(status);

/** Fields of a job that change as it runs. */
export type JobChange = Partial<Pick<Job, 'status' | 'progress' | 'remoteId' | 'takeId' | 'attempts' | 'message'>>;

const nowIso = () => new Date().toISOString();
const ACTIVE_MARKS = ACTIVE_STATUSES.map(() => '?').join(',');

export class JobRepository {
  constructor(private readonly db: Db) {}

  /** A job for a shot (`shotId`) or, for a reference sheet, an element (`elementId`). */
  insert(fields: { kind: JobKind; shotId?: string; elementId?: string; request: GenerationRequest; hash: string; estimateUsd: number; parentTakeId?: string | null }): Job {
    if ((fields.shotId === undefined) === (fields.elementId === undefined)) throw new Error('A job is for a shot or for an element.');
    const now = nowIso();
    const row: JobRow = {
      id: crypto.randomUUID(),
      kind: fields.kind,
      shot_id: fields.shotId ?? null,
      element_id: fields.elementId ?? null,
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
      waiting_for: null,
      start_json: null,
    };
    this.write(row);
    return jobFromRow(row);
  }

  /**
   * A job for a shot that continues `waitingFor`, which has no take yet. It holds no request
   * (none can be prepared before that take exists) and reserves its estimate in the budget.
   */
  insertWaiting(fields: { shotId: string; provider: string; model: string; waitingFor: string; estimateUsd: number; start: WaitingStart; message: string }): Job {
    const now = nowIso();
    const row: JobRow = {
      id: crypto.randomUUID(),
      kind: 'generate',
      shot_id: fields.shotId,
      element_id: null,
      provider: fields.provider,
      model: fields.model,
      status: 'waiting',
      progress: 0,
      remote_id: null,
      take_id: null,
      parent_take_id: null,
      request_json: 'null',
      request_hash: '',
      estimate_usd: fields.estimateUsd,
      attempts: 0,
      message: fields.message,
      created_at: now,
      updated_at: now,
      waiting_for: fields.waitingFor,
      start_json: JSON.stringify(fields.start),
    };
    this.write(row);
    return jobFromRow(row);
  }

  /** The choices a waiting job was started with. */
  waitingStart(id: string): WaitingStart {
    const row = this.db.prepare('SELECT start_json FROM jobs WHERE id = ?').get(id) as { start_json: string | null } | undefined;
    return row?.start_json ? (JSON.parse(row.start_json) as WaitingStart) : { newTake: false };
  }

  /** A waiting job, now prepared: its request and hash are written and it joins the queue. */
  prepared(id: string, fields: { request: GenerationRequest; hash: string; estimateUsd: number }): Job {
    this.db
      .prepare(`UPDATE jobs SET status = 'queued', request_json = ?, request_hash = ?, estimate_usd = ?, waiting_for = NULL, message = ?, updated_at = ? WHERE id = ? AND status = 'waiting'`)
      .run(JSON.stringify(fields.request), fields.hash, fields.estimateUsd, 'Waiting for a free slot.', nowIso(), id);
    return this.find(id)!;
  }

  /** Jobs waiting for the previous shot's take, oldest first. */
  waiting(): Job[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE status = 'waiting' ORDER BY created_at, rowid`).all() as JobRow[]).map(jobFromRow);
  }

  private write(row: JobRow): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, shot_id, element_id, provider, model, status, progress, remote_id, take_id, parent_take_id,
           request_json, request_hash, estimate_usd, attempts, message, created_at, updated_at, waiting_for, start_json)
         VALUES (@id, @kind, @shot_id, @element_id, @provider, @model, @status, @progress, @remote_id, @take_id, @parent_take_id,
           @request_json, @request_hash, @estimate_usd, @attempts, @message, @created_at, @updated_at, @waiting_for, @start_json)`,
      )
      .run(row);
  }

  find(id: string): Job | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  /** The stored request of a job (what will be, or was, sent). A waiting job has none yet. */
  request(id: string): GenerationRequest {
    const row = this.db.prepare('SELECT request_json FROM jobs WHERE id = ?').get(id) as { request_json: string } | undefined;
    if (!row) throw new Error(`Job ${id} is not in the store.`);
    if (row.request_json === 'null') throw new Error(`Job ${id} is waiting for the previous shot and has no request yet.`);
    return requestFromJson(row.request_json);
  }

  hash(id: string): string {
    const row = this.db.prepare('SELECT request_hash FROM jobs WHERE id = ?').get(id) as { request_hash: string } | undefined;
    if (!row) throw new Error(`Job ${id} is not in the store.`);
    return row.request_hash;
  }

  update(id: string, change: JobChange): Job {
    const current = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!current) throw new Error(`Job ${id} is not in the store.`);
    const next: JobRow = {
      ...current,
      // A job that stops waiting (cancelled, failed) no longer waits for anything.
      waiting_for: change.status && change.status !== 'waiting' ? null : current.waiting_for,
      status: change.status ?? current.status,
      progress: change.progress === undefined ? current.progress : Math.min(1, Math.max(0, change.progress)),
      remote_id: change.remoteId === undefined ? current.remote_id : change.remoteId,
      take_id: change.takeId === undefined ? current.take_id : change.takeId,
      attempts: change.attempts ?? current.attempts,
      message: change.message ?? current.message,
      updated_at: nowIso(),
    };
    this.db
      .prepare(`UPDATE jobs SET status=@status, progress=@progress, remote_id=@remote_id, take_id=@take_id, attempts=@attempts, message=@message, updated_at=@updated_at, waiting_for=@waiting_for WHERE id=@id`)
      .run(next);
    return jobFromRow(next);
  }

  /** The remote ids jobs of `provider` hold (a lookup must not claim another job's remote job). */
  remoteIdsOf(provider: string): Set<string> {
    const rows = this.db.prepare('SELECT remote_id FROM jobs WHERE provider = ? AND remote_id IS NOT NULL').all(provider) as Array<{ remote_id: string }>;
    return new Set(rows.map((r) => r.remote_id));
  }

  /** Notes when a job's first create goes out (kept on later attempts): a lookup searches from there. */
  markSent(id: string, at = new Date()): void {
    this.db.prepare('UPDATE jobs SET first_sent_at = COALESCE(first_sent_at, ?) WHERE id = ?').run(at.toISOString(), id);
  }

  /** When the job's first create went out (epoch ms), or null if none did. */
  firstSentAt(id: string): number | null {
    const row = this.db.prepare('SELECT first_sent_at FROM jobs WHERE id = ?').get(id) as { first_sent_at: string | null } | undefined;
    return row?.first_sent_at ? Date.parse(row.first_sent_at) : null;
  }

  /** Jobs that are not finished, oldest first (resume order). */
  active(): Job[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE status IN (${ACTIVE_MARKS}) ORDER BY created_at, rowid`).all(...ACTIVE_STATUSES) as JobRow[]).map(jobFromRow);
  }

  /** An unfinished job with this request hash, if one is already on its way. */
  activeByHash(hash: string): Job | null {
    const row = this.db
      .prepare(`SELECT * FROM jobs WHERE request_hash = ? AND status IN (${ACTIVE_MARKS}) ORDER BY created_at LIMIT 1`)
      .get(hash, ...ACTIVE_STATUSES) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  list(limit = 200): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[]).map(jobFromRow);
  }
}
