/**
 * The app's own settings (not a project's): recent projects, the default projects folder,
 * provider base URLs, queue concurrency, the ffmpeg path. A JSON file in the settings folder
 * (Electron's userData, or SHOTLINE_HOME / ~/.shotline for the CLI and dev host), written
 * atomically. API keys are NOT here: see secret-store.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RecentProject } from '../../shared/contract/projects';

export interface ProviderSettings {
  /** Base URL of the service (for OpenAI-compatible gateways and tests). */
  baseUrl?: string;
  /** How many jobs may run at once at this provider. */
  concurrency?: number;
  /** The provider's further connection settings (its descriptor's `auth.fields`), by field key. */
  fields?: Record<string, string>;
}

export interface SettingsData {
  recentProjects: RecentProject[];
  /** Where new projects go when no folder is given. */
  projectsDir: string;
  providers: Record<string, ProviderSettings>;
  /** A user-chosen ffmpeg binary, tried before the bundled one and PATH. */
  ffmpegPath: string | null;
  /** Check for updates (packaged app only). */
  autoUpdate: boolean;
}

const MAX_RECENT = 12;

/** The settings folder for hosts without Electron's userData. */
export function defaultSettingsDir(): string {
  return process.env.SHOTLINE_HOME ?? path.join(os.homedir(), '.shotline');
}

export class AppSettings {
  private data: SettingsData;
  private readonly listeners = new Set<(data: SettingsData) => void>();

  constructor(readonly dir: string) {
    this.data = this.load();
  }

  get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  private defaults(): SettingsData {
    return {
      recentProjects: [],
      projectsDir: path.join(this.dir, 'projects'),
      providers: {},
      ffmpegPath: null,
      autoUpdate: true,
    };
  }

  private load(): SettingsData {
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<SettingsData>;
      return { ...this.defaults(), ...raw };
    } catch {
      // Missing or unreadable settings are not worth refusing to start over: use defaults.
      return this.defaults();
    }
  }

  get(): Readonly<SettingsData> {
    return this.data;
  }

  update(patch: Partial<SettingsData>): SettingsData {
    this.data = { ...this.data, ...patch };
    fs.mkdirSync(this.dir, { recursive: true });
    writeFileAtomic.sync(this.file, JSON.stringify(this.data, null, 2));
    for (const listener of this.listeners) listener(this.data);
    return this.data;
  }

  /** Calls `listener` after every change (the desktop menu's Open Recent follows the list); returns the unsubscribe. */
  onChange(listener: (data: SettingsData) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts a project at the top of the recent list. */
  rememberProject(projectPath: string, name: string): void {
    const rest = this.data.recentProjects.filter((r) => r.path !== projectPath);
    const entry = { path: projectPath, name, openedAt: new Date().toISOString() };
    this.update({ recentProjects: [entry, ...rest].slice(0, MAX_RECENT) });
  }
}
