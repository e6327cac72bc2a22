/** A shot's status line (the card's, the printed shot list's), from its latest job and its selected take. Pure. */
import type { Job } from './domain';

export type CardStatusKind = 'none' | 'waiting' | 'unknown' | 'queued' | 'rendering' | 'ready' | 'failed' | 'refused';

export interface CardStatus {
  kind: CardStatusKind;
  label: string;
  /** 0..1 while rendering. */
  progress: number | null;
  /** The provider's words for failures and refusals; main's for a wait. */
  detail: string;
}

/** Job states the card shows as "queued" and as "rendering". */
const QUEUED = new Set<Job['status']>(['queued', 'submitting']);
const RENDERING = new Set<Job['status']>(['running', 'downloading', 'ingesting']);

/**
 * `previousNumber` is the number of the shot before this one, what a waiting shot waits for (its
 * place, or its shot number such as `4A`), or null for the first shot.
 */
export function cardStatus(job: Pick<Job, 'status' | 'progress' | 'message'> | null, hasTake: boolean, previousNumber: number | string | null = null): CardStatus {
  if (job?.status === 'waiting') {
    const label = previousNumber !== null ? `Waiting for shot ${previousNumber}'s take` : 'Waiting';
    return { kind: 'waiting', label, progress: null, detail: job.message };
  }
  if (job?.status === 'unknown') return { kind: 'unknown', label: 'Outcome unknown', progress: null, detail: job.message };
  if (job && QUEUED.has(job.status)) return { kind: 'queued', label: 'Queued', progress: null, detail: job.message };
  if (job && RENDERING.has(job.status)) {
    const pct = Math.round(job.progress * 100);
    return { kind: 'rendering', label: `Rendering ${pct}%`, progress: job.progress, detail: job.message };
  }
  // A failed retry must not hide a good take the shot already has, but the card says so.
  if (job?.status === 'refused') return { kind: 'refused', label: 'Refused', progress: null, detail: job.message };
  if (job?.status === 'failed' && !hasTake) return { kind: 'failed', label: 'Failed', progress: null, detail: job.message };
  if (hasTake) return { kind: 'ready', label: 'Ready', progress: null, detail: '' };
  if (job?.status === 'failed') return { kind: 'failed', label: 'Failed', progress: null, detail: job.message };
  return { kind: 'none', label: 'No take', progress: null, detail: '' };
}
