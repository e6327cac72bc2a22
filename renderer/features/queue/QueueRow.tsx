/**
 * One job: shot, model, state, progress bar, elapsed time, and cancel or retry. It reads only
 * its own job from the store, so a progress event for another job does not re-render it.
 */
import { memo } from 'react';
import type { Job } from '../../../shared/domain';
import { formatSeconds } from '../../format/duration';
import { FINISHED_JOB_STATES } from '../../state/queue-slice';
import { useApp } from '../../state/store-context';
import { useNow } from './use-now';

const STATUS_WORDS: Record<string, string> = {
  waiting: 'Waiting',
  unknown: 'Outcome unknown',
  queued: 'Queued',
  submitting: 'Sending',
  running: 'Rendering',
  downloading: 'Downloading',
  ingesting: 'Preparing',
  done: 'Ready',
  failed: 'Failed',
  refused: 'Refused',
  cancelled: 'Cancelled',
};

/** What a job makes, where it is not the shot's clip. */
const KIND_WORDS: Partial<Record<Job['kind'], string>> = {
  remix: 'Remix',
  extend: 'Extension',
  edit: 'Edit',
  still: 'Still frame',
  sheet: 'Reference sheet',
};

export const QueueRow = memo(function QueueRow({ jobId }: { jobId: string }) {
  const job = useApp((s) => s.jobs[jobId]);
  const title = useApp((s) => {
    if (!job) return '';
    // A reference sheet belongs to an element, not to a shot.
    if (job.elementId) {
      const element = s.elements.find((e) => e.id === job.elementId);
      return element ? `@${element.name}` : 'Deleted element';
    }
    const i = s.shots.findIndex((x) => x.id === job.shotId);
    return i < 0 ? 'Deleted shot' : `${i + 1}. ${s.shots[i]!.title || 'Untitled shot'}`;
  });
  const cancelJob = useApp((s) => s.cancelJob);
  const retryJob = useApp((s) => s.retryJob);
  const resendJob = useApp((s) => s.resendJob);
  const finished = job ? FINISHED_JOB_STATES.has(job.status) : true;
  const now = useNow(!finished);
  if (!job) return null;

  const start = Date.parse(job.createdAt);
  const end = finished ? Date.parse(job.updatedAt) : now;
  const elapsed = Math.max(0, (end - start) / 1000);
  const percent = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
  const bad = job.status === 'failed' || job.status === 'refused';
  const waiting = job.status === 'waiting';
  // Sent, maybe billed, and the service cannot tell: the user decides (see the message).
  const unknown = job.status === 'unknown';

  return (
    <li className={`queue-row status-${job.status}`} data-testid="queue-row" data-job-id={job.id} data-status={job.status}>
      <div className="queue-row-head">
        <span className="queue-row-title">{title}</span>
        <span className="queue-row-model muted">
          {KIND_WORDS[job.kind] ? `${KIND_WORDS[job.kind]} · ` : ''}
          {job.provider} · {job.model}
        </span>
      </div>
      <div className="queue-row-progress">
        <progress max={100} value={percent} aria-label={`${title}: ${percent}%`} data-testid="queue-progress" />
        <span className="queue-row-status" data-testid="queue-status">
          {STATUS_WORDS[job.status] ?? job.status}
          {!finished && !waiting && !unknown && ` ${percent}%`}
        </span>
        <span className="queue-row-elapsed muted" data-testid="queue-elapsed" title="Elapsed time">
          {formatSeconds(Math.round(elapsed))}
        </span>
        {unknown && (
          <button type="button" className="small-button" onClick={() => void resendJob(job.id)} data-testid="queue-resend" title="Send it once more (it may be billed again)">
            Resend
          </button>
        )}
        {!finished && (
          <button type="button" className="small-button" onClick={() => void cancelJob(job.id)} data-testid="queue-cancel">
            Cancel
          </button>
        )}
        {(bad || job.status === 'cancelled') && (
          <button type="button" className="small-button" onClick={() => void retryJob(job.id)} data-testid="queue-retry">
            Retry
          </button>
        )}
      </div>
      {(bad || waiting || unknown) && job.message && (
        <p className={`queue-row-message${waiting ? ' muted' : ''}`} role="status" data-testid="queue-message">
          {job.status === 'refused' ? 'The provider refused: ' : ''}
          {job.message}
        </p>
      )}
    </li>
  );
});
