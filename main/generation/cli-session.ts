/**
 * A headless session for the CLI's estimate and generate commands: settings from SHOTLINE_HOME
 * (or ~/.shotline), keys and base URLs from the environment, the project opened (which resumes
 * any unfinished jobs of an earlier run).
 */
import path from 'node:path';
import { AppSession } from '../services/app-session';
import { AppSettings, defaultSettingsDir } from '../settings/app-settings';
import type { GenerationService } from './generation-service';
import { attachGeneration } from './session-generation';

export interface CliSession {
  session: AppSession;
  generation: GenerationService;
  close(): Promise<void>;
}

export async function openCliSession(dir: string, cwd: string, log?: (line: string) => void): Promise<CliSession> {
  const session = new AppSession(new AppSettings(defaultSettingsDir()), { host: 'web', version: 'cli', mediaBase: '' });
  const generation = attachGeneration(session, { log });
  await session.open(path.resolve(cwd, dir));
  return { session, generation, close: () => session.close() };
}
