/**
 * A real app session for generation tests: a project in a temp folder (real SQLite), settings
 * in the same folder, the real handlers behind the real contract door, a MemorySecretStore,
 * and every event and log line recorded so tests can assert on them.
 */
import path from 'node:path';
import type { EventName } from '../../shared/contract';
import { createDispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { AppSession } from '../../main/services/app-session';
import { AppSettings, type ProviderSettings } from '../../main/settings/app-settings';
import { attachGeneration, type AttachOptions } from '../../main/generation/session-generation';
import type { GenerationService } from '../../main/generation/generation-service';
import type { QueueTiming } from '../../main/generation/job-queue';
import { probeOnlyIngest } from '../../main/generation/ingest';
import { MemorySecretStore } from '../../main/secrets/memory-secret-store';
import type { ProjectStore } from '../../main/store/project-store';
import { makeTempDir } from '../helpers/make-media';

/** Pacing small enough for tests: retries and polls in tens of milliseconds. */
export const FAST_TIMING: Partial<QueueTiming> = {
  backoff: { baseMs: 20, maxMs: 200, maxAttempts: 4 },
  firstPollMs: 30,
  pollMinMs: 20,
  pollMaxMs: 200,
  deadlineMs: 20_000,
};

export interface Harness {
  dir: string;
  session: AppSession;
  store: ProjectStore;
  generation: GenerationService;
  call: (name: string, input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  events: Array<{ name: EventName; payload: unknown }>;
  logs: string[];
}

export async function makeHarness(
  options: { keys?: Record<string, string>; providers?: Record<string, ProviderSettings>; attach?: AttachOptions; size?: string } = {},
): Promise<Harness> {
  const dir = makeTempDir('generation');
  const settings = new AppSettings(path.join(dir, 'home'));
  settings.update({ providers: options.providers ?? {} });
  const session = new AppSession(settings, { host: 'web', version: 'test', mediaBase: '/media/' });
  const events: Harness['events'] = [];
  session.events.subscribe((name, payload) => events.push({ name, payload }));
  const logs: string[] = [];
  const generation = attachGeneration(session, {
    secrets: new MemorySecretStore(options.keys ?? {}),
    timing: FAST_TIMING,
    log: (line) => logs.push(line),
    progressIntervalMs: 0,
    env: {},
    // Probing only keeps the suite fast; one test runs the full ingest (normalise, poster, filmstrip).
    ingest: probeOnlyIngest,
    ...options.attach,
  });
  const dispatch = createDispatch(createHandlers(session), (line) => logs.push(line));
  const store = await session.create({ name: 'Gen Test', parentDir: dir, size: options.size ?? '1280x720' });
  const call = (name: string, input: unknown = {}) => dispatch(name, input) as ReturnType<Harness['call']>;
  return { dir, session, store, generation, call, events, logs };
}

/** Unwraps an envelope, failing the test with the error message otherwise. */
export function ok<T>(envelope: { ok: boolean; value?: unknown; error?: { message: string } }): T {
  if (!envelope.ok) throw new Error(`call failed: ${envelope.error?.message}`);
  return envelope.value as T;
}
