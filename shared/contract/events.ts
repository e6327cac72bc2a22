/** Events main pushes to the renderer. Payloads are whole snapshots, throttled by main. */
import { event } from './define';
import type { ProjectSnapshot } from './projects';

export const appEvents = {
  'project.changed': event<ProjectSnapshot | null>(
    'The open project changed outside the renderer (opened from a menu, the OS, or closed).',
  ),
} as const;
