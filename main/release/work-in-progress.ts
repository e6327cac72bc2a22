/**
 * "Is anything running that an update restart would cut short?" Asked by the auto-updater
 * before it offers to restart. Generation jobs that are queued or under way (they live in the
 * project database) and exports in progress both count.
 */
import type { AppServices } from '../app/compose';

/** True while the open project has unfinished generation jobs or a running export. */
export function isWorkRunning(app: AppServices, log: (line: string) => void = () => {}): boolean {
  const project = app.workspace.current;
  if (!project) return false;
  try {
    return project.store.jobs.active().length > 0 || project.exports.busy;
  } catch (error) {
    // When in doubt, the work counts as running: a late update beats a lost export.
    log(`[update] could not tell whether work is running (${error instanceof Error ? error.message : String(error)}); assuming it is`);
    return true;
  }
}
