/**
 * The generation queue: every job of the project, newest first, waiting ones included (a shot
 * that continues the previous one waits in main for that shot's take). The list re-renders only
 * when a job appears; rows follow their own job.
 */
import { useEffect } from 'react';
import type { Job } from '../../../shared/domain';
import { FINISHED_JOB_STATES } from '../../state/queue-slice';
import { useApp } from '../../state/store-context';
import { QueueRow } from './QueueRow';
import './queue.css';

/** Rows shown before "show all": a long project accumulates many finished jobs. */
const VISIBLE_ROWS = 50;

export function QueuePanel() {
  const order = useApp((s) => s.jobOrder);
  const shown = useApp((s) => s.queueShown);
  const showQueue = useApp((s) => s.showQueue);
  const loadJobs = useApp((s) => s.loadJobs);
  const projectId = useApp((s) => s.project?.id ?? null);
  const active = useApp((s) => s.jobOrder.reduce((n, id) => n + (isActive(s.jobs[id]?.status) ? 1 : 0), 0));
  const waiting = useApp((s) => s.jobOrder.reduce((n, id) => n + (s.jobs[id]?.status === 'waiting' ? 1 : 0), 0));

  useEffect(() => {
    if (projectId) void loadJobs();
  }, [projectId, loadJobs]);

  return (
    <section className="queue-panel" aria-label="Generation queue" data-testid="queue-panel">
      <header className="panel-head">
        <button type="button" className="panel-toggle" aria-expanded={shown} onClick={() => showQueue(!shown)}>
          Queue
        </button>
        <span className="muted" data-testid="queue-summary">
          {active > 0 ? summary(active - waiting, waiting) : order.length === 0 ? 'Nothing generated yet: generated shots show here.' : 'idle'}
        </span>
      </header>
      {shown && (
        <>
          <ul className="queue-list">
            {order.slice(0, VISIBLE_ROWS).map((id) => (
              <QueueRow key={id} jobId={id} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "2 running", "1 running, 1 waiting", "1 waiting". */
function summary(running: number, waiting: number): string {
  const parts = [running > 0 ? `${running} running` : '', waiting > 0 ? `${waiting} waiting` : ''].filter(Boolean);
  return parts.join(', ');
}

function isActive(status: Job['status'] | undefined): boolean {
  return status !== undefined && !FINISHED_JOB_STATES.has(status);
}
