/**
 * Handlers for the app settings the renderer may edit (never keys) and the desktop actions
 * "show in folder" / "open". The actions need the OS shell, which only the Electron host has:
 * it registers them with `provideDesktopActions`; elsewhere the calls answer with the path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIGURABLE_PROVIDERS, type AppSettingsView, type DesktopActionResult } from '../../../shared/contract/settings';
import { UserError } from '../../errors';
import { baseUrlFromEnv } from '../../secrets/env-secret-store';
import type { AppSession } from '../../services/app-session';
import type { ProviderSettings } from '../../settings/app-settings';
import type { Handlers } from '../dispatch';

/** What the host can do with a file in the OS (Electron's `shell`). */
export interface DesktopActions {
  /** Shows the file selected in the file manager. */
  reveal(file: string): void;
  /** Opens the file in its default app; resolves to an error message, or '' when it worked. */
  open(file: string): Promise<string>;
}

const desktop = new WeakMap<AppSession, DesktopActions>();

/** Called once by a host that can show and open files (the Electron shell). */
export function provideDesktopActions(session: AppSession, actions: DesktopActions): void {
  desktop.set(session, actions);
}

/** Default jobs at once per provider (the queue's own default). */
const DEFAULT_CONCURRENCY = 2;

function settingsView(session: AppSession, env: NodeJS.ProcessEnv): AppSettingsView {
  const data = session.settings.get();
  const providers: AppSettingsView['providers'] = {};
  for (const id of CONFIGURABLE_PROVIDERS) {
    const own = data.providers[id] ?? {};
    const baseUrl = own.baseUrl || null;
    providers[id] = {
      baseUrl,
      effectiveBaseUrl: baseUrl ?? baseUrlFromEnv(id, env) ?? null,
      concurrency: own.concurrency ?? DEFAULT_CONCURRENCY,
    };
  }
  return { providers, ffmpegPath: data.ffmpegPath, projectsDir: data.projectsDir };
}

/** The file must exist: a desktop action on a missing file would fail silently in the OS. */
function requireFile(file: string): string {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw new UserError('not_found', `${resolved} does not exist (moved or deleted?). Export again or pick another file.`);
  }
  return resolved;
}

type SettingsCalls = 'settings.get' | 'settings.update' | 'app.reveal' | 'app.openPath';

export function settingsHandlers(session: AppSession, env: NodeJS.ProcessEnv = process.env): Pick<Handlers, SettingsCalls> {
  const notHere = (file: string): DesktopActionResult => ({
    done: false,
    path: file,
    message: `This host cannot open the file manager; the file is at ${file}.`,
  });
  return {
    'settings.get': () => settingsView(session, env),
    'settings.update': (input) => {
      const current = session.settings.get();
      const providers: Record<string, ProviderSettings> = { ...current.providers };
      for (const [id, patch] of Object.entries(input.providers ?? {})) {
        const next: ProviderSettings = { ...providers[id] };
        if (patch.baseUrl !== undefined) {
          // An empty field means "use the default": drop the setting rather than store ''.
          if (patch.baseUrl) next.baseUrl = patch.baseUrl.replace(/\/+$/, '');
          else delete next.baseUrl;
        }
        if (patch.concurrency !== undefined) next.concurrency = patch.concurrency;
        providers[id] = next;
      }
      const ffmpegPath = input.ffmpegPath === undefined ? current.ffmpegPath : input.ffmpegPath;
      session.settings.update({ providers, ffmpegPath });
      return settingsView(session, env);
    },
    'app.reveal': ({ path: file }) => {
      const resolved = requireFile(file);
      const actions = desktop.get(session);
      if (!actions) return notHere(resolved);
      actions.reveal(resolved);
      return { done: true, path: resolved, message: null };
    },
    'app.openPath': async ({ path: file }) => {
      const resolved = requireFile(file);
      const actions = desktop.get(session);
      if (!actions) return notHere(resolved);
      const problem = await actions.open(resolved);
      if (problem) return { done: false, path: resolved, message: `The system could not open ${resolved}: ${problem}` };
      return { done: true, path: resolved, message: null };
    },
  };
}
