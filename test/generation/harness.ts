/**
 * A real app for generation tests (test/helpers/test-app.ts) with a project open, paced for
 * tests: retries and polls in tens of milliseconds, events unthrottled, and ingest probing only.
 */
import type { QueueTiming } from '../../main/generation/job-queue';
import { probeOnlyIngest } from '../../main/generation/ingest';
import type { AppOverrides } from '../../main/app/compose';
import type { ProviderSettings } from '../../main/settings/app-settings';
import { makeTestApp, type TestApp } from '../helpers/test-app';

/** Pacing small enough for tests: retries and polls in tens of milliseconds. */
export const FAST_TIMING: Partial<QueueTiming> = {
  backoff: { baseMs: 20, maxMs: 200, maxAttempts: 4 },
  firstPollMs: 30,
  pollMinMs: 20,
  pollMaxMs: 200,
  deadlineMs: 20_000,
};

export interface Harness extends TestApp {
  dir: string;
  readonly generation: TestApp['project']['generation'];
  readonly queue: TestApp['project']['queue'];
}

export async function makeHarness(
  options: { keys?: Record<string, string>; providers?: Record<string, ProviderSettings>; overrides?: AppOverrides; size?: string } = {},
): Promise<Harness> {
  const t = makeTestApp({
    keys: options.keys,
    providers: options.providers,
    overrides: {
      timing: FAST_TIMING,
      progressIntervalMs: 0,
      // Probing only keeps the suite fast; one test runs the full ingest (normalise, poster, filmstrip).
      ingest: probeOnlyIngest,
      ...options.overrides,
    },
  });
  await t.app.workspace.create({ name: 'Gen Test', parentDir: t.root, size: options.size ?? '1280x720' });
  // Getters, so a test that closes and reopens the project sees the new one's services.
  return Object.defineProperties(t, {
    dir: { value: t.root },
    generation: { get: () => t.project.generation },
    queue: { get: () => t.project.queue },
  }) as Harness;
}

export { ok } from '../helpers/test-app';
