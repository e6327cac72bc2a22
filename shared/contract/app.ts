/** Contract calls about the app itself (not a project). */
import { z } from 'zod';
import { call } from './define';

/** Which host runs the services: the desktop app, the loopback dev host, or the command line. */
export type HostKind = 'electron' | 'web' | 'cli';

/** Which host the renderer is running in, and what it can do there. */
export interface AppInfo {
  version: string;
  /** `electron` for the desktop app, `web` for the loopback dev host (`cli` never shows a page). */
  host: HostKind;
  /** Base URL under which project media is served (custom protocol or dev host route). */
  mediaBase: string;
}

export const appCalls = {
  'app.info': call<AppInfo>()(z.strictObject({}), 'Version and host of the running app.'),
} as const;
