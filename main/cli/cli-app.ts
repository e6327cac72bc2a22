/**
 * The CLI as a host of its own: settings from SHOTLINE_HOME (or ~/.shotline), keys and base
 * URLs from the environment, no dialogs. Commands that need the app's services open the project
 * through here, which resumes any unfinished jobs of an earlier run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeApp, type AppOverrides, type AppServices, type ProjectServices } from '../app/compose';
import { AppSettings, defaultSettingsDir } from '../settings/app-settings';
import type { CliIo } from './command';

/** The version in package.json (next to the bundle or the sources), for app.info and --version. */
export function cliVersion(): string {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const file = new URL(candidate, import.meta.url);
      if (!fs.existsSync(file)) continue;
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shotline' && pkg.version) return pkg.version;
    } catch {
      // Try the next place.
    }
  }
  return '0.0.0-dev';
}

export interface CliProject {
  app: AppServices;
  project: ProjectServices;
  close(): Promise<void>;
}

/** Composes the app for the command line, with no project open (the model list, key status). */
export function openCliApp(io: CliIo, overrides?: AppOverrides): AppServices {
  return composeApp({ kind: 'cli', version: cliVersion(), mediaBase: '', settings: new AppSettings(defaultSettingsDir()), log: (line) => io.err(line) }, overrides);
}

/** Composes the app for the command line and opens the project at `dir` (relative to the cwd). */
export async function openCliProject(dir: string, io: CliIo, overrides?: AppOverrides, log = (line: string) => io.err(line)): Promise<CliProject> {
  const app = composeApp({ kind: 'cli', version: cliVersion(), mediaBase: '', settings: new AppSettings(defaultSettingsDir()), log }, overrides);
  const project = await app.workspace.open(path.resolve(io.cwd, dir));
  return { app, project, close: () => app.dispose() };
}
