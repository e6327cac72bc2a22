/**
 * A real app for tests: the composition root (main/app/compose.ts) with the settings in a temp
 * folder, keys in memory, the real handlers behind the real contract door, and every event and
 * log line recorded. Only what a test asks for is overridden.
 */
import path from 'node:path';
import type { EventName } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import { composeApp, type AppOverrides, type AppServices, type ProjectServices } from '../../main/app/compose';
import type { DesktopActions, FilePicker } from '../../main/app/host';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { MemorySecretStore } from '../../main/secrets/memory-secret-store';
import type { SecretStore } from '../../main/secrets/secret-store';
import { AppSettings, type ProviderSettings } from '../../main/settings/app-settings';
import type { ProjectStore } from '../../main/store/project-store';
import { makeTempDir } from './make-media';

/** An envelope whose fields can be read without narrowing first. */
export interface LooseEnvelope<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

export interface TestApp {
  root: string;
  app: AppServices;
  settings: AppSettings;
  dispatch: Dispatch;
  /** A contract call through the real door; the envelope loosely typed for assertions. */
  call<T = unknown>(name: string, input?: unknown): Promise<LooseEnvelope<T>>;
  events: Array<{ name: EventName; payload: unknown }>;
  logs: string[];
  /** The open project's services (throws when none is open). */
  readonly project: ProjectServices;
  readonly store: ProjectStore;
}

export interface TestAppOptions {
  /** Folder for settings (default: `<temp>/settings`). */
  settingsDir?: string;
  keys?: Record<string, string>;
  secrets?: SecretStore;
  providers?: Record<string, ProviderSettings>;
  env?: NodeJS.ProcessEnv;
  overrides?: AppOverrides;
  dialogs?: FilePicker;
  desktop?: DesktopActions;
  kind?: 'electron' | 'web' | 'cli';
  version?: string;
}

export function makeTestApp(options: TestAppOptions = {}): TestApp {
  const root = makeTempDir('app');
  const settings = new AppSettings(options.settingsDir ?? path.join(root, 'settings'));
  if (options.providers) settings.update({ providers: options.providers });
  const logs: string[] = [];
  const app = composeApp(
    {
      kind: options.kind ?? 'web',
      version: options.version ?? 'test',
      mediaBase: '/media/',
      settings,
      secrets: options.secrets ?? new MemorySecretStore(options.keys ?? {}),
      env: options.env ?? {},
      log: (line) => logs.push(line),
      dialogs: options.dialogs,
      desktop: options.desktop,
    },
    options.overrides,
  );
  const events: TestApp['events'] = [];
  app.events.subscribe((name, payload) => events.push({ name, payload }));
  const dispatch = createDispatch(createHandlers(app), (line) => logs.push(line));
  return {
    root,
    app,
    settings,
    dispatch,
    call: <T>(name: string, input: unknown = {}) => dispatch(name, input) as Promise<LooseEnvelope<T>>,
    events,
    logs,
    get project() {
      return app.workspace.require();
    },
    get store() {
      return app.workspace.require().store;
    },
  };
}

/** Unwraps an envelope, failing the test with the error message otherwise. */
export function ok<T>(envelope: Envelope<unknown> | LooseEnvelope<unknown>): T {
  if (!envelope.ok) throw new Error(`call failed: ${envelope.error?.message}`);
  return (envelope as { value?: unknown }).value as T;
}
