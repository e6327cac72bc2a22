/**
 * "Is anything running that an update restart would cut short?" Asked by the auto-updater
 * before it offers to restart. Generation jobs that are queued or under way (they live in the
 * project database) and exports in progress both count.
 */
import { exportServiceFor } from '../export/export-service';
import { generationFor } from '../generation/session-generation';
import type { AppSession } from '../services/app-session';

/** True while the open project has unfinished generation jobs or a running export. */
export function isWorkRunning(session: AppSession, log: (line: string) => void = () => {}): boolean {
  if (!session.store) return false;
  try {
    if (generationFor(session).requireQueue().repo.activeJobs().length > 0) return true;
    return exportServiceFor(session).status().some((job) => job.status === 'running');
  } catch (error) {
    // When in doubt, the work counts as running: a late update beats a lost export.
    log(`[update] could not tell whether work is running (${error instanceof Error ? error.message : String(error)}); assuming it is`);
    return true;
  }
}
