/**
 * The open project of an app (one per window or host): creating and opening a project folder
 * builds its services (main/app/compose.ts `composeProject`); closing releases them. Opening
 * another project closes the current one first.
 */
import path from 'node:path';
import { UserError } from '../errors';
import type { AppSettings } from '../settings/app-settings';
import { ProjectStore, type NewProjectOptions } from '../store/project-store';
import type { DisposableStore } from './disposable';
import type { ProjectServices } from './compose';

type Compose = (store: ProjectStore) => { services: ProjectServices; disposables: DisposableStore };

export class Workspace {
  private open_: { services: ProjectServices; disposables: DisposableStore } | null = null;

  constructor(
    private readonly settings: AppSettings,
    private readonly compose: Compose,
  ) {}

  /** The open project's services, or null. */
  get current(): ProjectServices | null {
    return this.open_?.services ?? null;
  }

  /** The open project's services, or a clear error telling the user to open one. */
  require(): ProjectServices {
    if (!this.open_) throw new UserError('no_project', 'No project is open. Create or open a project first.');
    return this.open_.services;
  }

  async create(options: NewProjectOptions & { parentDir?: string }): Promise<ProjectServices> {
    const parent = options.parentDir ?? this.settings.get().projectsDir;
    if (!path.isAbsolute(parent)) throw new UserError('invalid_input', `"${parent}" must be an absolute folder path.`);
    return this.adopt(await ProjectStore.create(parent, options));
  }

  /** Creates the project folder exactly at `dir` (the CLI's `new X.shotline`) and opens it. */
  async createAt(dir: string, options: NewProjectOptions): Promise<ProjectServices> {
    return this.adopt(await ProjectStore.createAt(dir, options));
  }

  async open(dir: string): Promise<ProjectServices> {
    if (!path.isAbsolute(dir)) throw new UserError('invalid_input', `"${dir}" must be an absolute folder path.`);
    if (this.open_ && path.resolve(dir) === this.open_.services.store.dir) return this.open_.services;
    return this.adopt(await ProjectStore.open(dir));
  }

  /** Closes the current project (only once the new one opened), then builds the new one's services. */
  private async adopt(store: ProjectStore): Promise<ProjectServices> {
    try {
      await this.close();
    } catch (error) {
      store.close();
      throw error;
    }
    try {
      this.open_ = this.compose(store);
    } catch (error) {
      store.close();
      throw error;
    }
    this.settings.rememberProject(store.dir, store.project.get().name);
    return this.open_.services;
  }

  /** Releases the open project's services (the queue parks its jobs; they resume on the next open). */
  async close(): Promise<void> {
    const open = this.open_;
    if (!open) return;
    this.open_ = null;
    await open.disposables.dispose();
  }
}
