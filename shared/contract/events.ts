/** Events main pushes to the renderer. Payloads are whole snapshots, throttled by main. */
import { event } from './define';
import type { ProjectSnapshot } from './projects';
import type { Element, ExportJob, Job, Take } from '../domain';
import type { MenuCommand } from './menu';

export const appEvents = {
  'project.changed': event<ProjectSnapshot | null>(
    'The open project changed outside the renderer (opened from a menu, the OS, or closed).',
  ),
  'job.updated': event<Job>('A generation job changed (state at once, progress throttled): the whole job snapshot.'),
  'take.created': event<Take>('A take is ready (generated, or reused from an identical request), a clip or a still frame.'),
  'element.updated': event<Element>('An element changed in main (a generated reference sheet was added): the whole element.'),
  'export.progress': event<ExportJob>('An export moved on (progress 0..1 with ETA, throttled) or finished: the whole export snapshot.'),
  'menu.command': event<MenuCommand>('A desktop menu item was chosen: the page carries it out (Electron only).'),
} as const;
