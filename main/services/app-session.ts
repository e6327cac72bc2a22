/**
 * What one running app holds: its settings, the open project (one per window/host), and the
 * event bus. Every host (Electron, dev host, CLI, tests) builds one session and hands it to
 * the same handlers, so no host holds logic of its own.
 */
import path from 'node:path';
import { UserError } from '../errors';
import { EventBus } from '../ipc/event-bus';
import type { AppSettings } from '../settings/app-settings';
import { ProjectStore, type NewProjectOptions } from '../store/project-store';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** Base URL under which project media is served to the renderer. */
  mediaBase: string;
}

/** Code that must run when a project opens or closes (the queue resuming jobs, for example). */
export interface ProjectLifecycle {
  opened?(store: ProjectStore): void | Promise<void>;
  closing?(store: ProjectStore): void | Promise<void>;
}

export class AppSession {
  private current: ProjectStore | null = null;
  readonly events = new EventBus();
  private lifecycles: ProjectLifecycle[] = [];

  constructor(
    readonly settings: AppSettings,
    readonly hostInfo: HostInfo,
  ) {}

  /** Registers services that follow the open project. */
  use(lifecycle: ProjectLifecycle): void {
    this.lifecycles.push(lifecycle);
  }

  get store(): ProjectStore | null {
    return this.current;
  }

  /** The open project, or a clear error telling the user to open one. */
  requireStore(): ProjectStore {
    if (!this.current) throw new UserError('no_project', 'No project is open. Create or open a project first.');
    return this.current;
  }

  async create(options: NewProjectOptions & { parentDir?: string }): Promise<ProjectStore> {
    const parent = options.parentDir ?? this.settings.get().projectsDir;
    if (!path.isAbsolute(parent)) throw new UserError('invalid_input', `"${parent}" must be an absolute folder path.`);
    const store = await ProjectStore.create(parent, options);
    return this.adopt(store);
  }

  async open(dir: string): Promise<ProjectStore> {
    if (!path.isAbsolute(dir)) throw new UserError('invalid_input', `"${dir}" must be an absolute folder path.`);
    if (this.current && path.resolve(dir) === this.current.dir) return this.current;
    return this.adopt(await ProjectStore.open(dir));
  }

  private async adopt(store: ProjectStore): Promise<ProjectStore> {
    await this.close();
    this.current = store;
    this.settings.rememberProject(store.dir, store.getProject().name);
    for (const l of this.lifecycles) await l.opened?.(store);
    return store;
  }

  async close(): Promise<void> {
    const store = this.current;
    if (!store) return;
    for (const l of this.lifecycles) await l.closing?.(store);
    this.current = null;
    store.close();
  }
}
