/**
 * The queue with the real fal adapter (composeApp, the shipped registry's fal models, FAL_KEY's
 * slot in the key store) against the fal contract server: a generation runs through to a take
 * and a ledger line, and a create that fal took (and billed) but whose answer was lost ends as
 * "outcome unknown" with exactly one billed request at fal, since fal's queue has no
 * idempotency key and the client no request list (guard `none`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { startFalContractServer, type FalContractServer } from '../contract-servers/fal-server';
import { makeHarness, ok, type Harness } from '../generation/harness';
import { cleanupTempDirs } from '../helpers/make-media';

const KEY = 'fal-key-queue-test-9c8d7e6f';
let server: FalContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startFalContractServer({ apiKey: KEY, renderMs: 60 });
});
afterEach(async () => {
  server.clearFaults();
  await h?.app.dispose();
  h = null;
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

async function harness(): Promise<Harness> {
  h = await makeHarness({ keys: { fal: KEY }, providers: { fal: { baseUrl: server.baseUrl } } });
  return h;
}

async function generate(t: Harness, shotId: string): Promise<Job> {
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shotId] }));
  await t.generation.idle();
  return t.store.jobs.find(started.jobs[0]!.id)!;
}

const createsFor = (prompt: string) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/fal-ai/veo3.1' && String((r.json as { prompt?: unknown } | undefined)?.prompt ?? '').includes(prompt));
const billedFor = (prompt: string) => [...server.jobs.values()].filter((j) => String(j.input.prompt).includes(prompt));

describe('the queue at fal', () => {
  it('generates a shot through the fal adapter to one take and one ledger line at the registry\'s price', async () => {
    const t = await harness();
    const shot = t.store.shots.add(undefined, { prompt: 'A heron lifts off the pond.', seconds: 4, provider: 'fal', model: 'fal-ai/veo3.1', size: '1280x720' });
    const job = await generate(t, shot.id);
    expect(job.status, job.message).toBe('done');
    expect(job.remoteId).toMatch(/^fal-ai\/veo3\.1\/requests\//);
    expect(createsFor('A heron lifts off the pond.')).toHaveLength(1);
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
    const [line] = t.store.ledger.list().filter((l) => l.jobId === job.id);
    // fal reports no money: the estimate ($0.40/s x 4 s) stands.
    expect(line?.costUsd).toBeCloseTo(1.6);
    expect(line).toMatchObject({ billedBy: 'estimate', billed: null });
    expect(t.logs.some((l) => l.includes('[fal] submitted fal-ai/veo3.1'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(KEY);
  });

  describe.each(['reset', 'status500'] as const)('a create billed and then dropped (%s)', (how) => {
    it('ends as outcome unknown with one billed request at fal, and sends nothing more until the user resends', async () => {
      const t = await harness();
      const prompt = `A heron lands (${how}).`;
      const shot = t.store.shots.add(undefined, { prompt, seconds: 4, provider: 'fal', model: 'fal-ai/veo3.1', size: '1280x720' });
      server.setFault({ kind: 'billed-then-drop', how });
      const job = await generate(t, shot.id);
      expect(job.status).toBe('unknown');
      expect(job.message).toMatch(/may have made \(and billed\) the clip/);
      expect(job.message).toMatch(/Resend.*Cancel/);
      expect(createsFor(prompt)).toHaveLength(1);
      expect(billedFor(prompt)).toHaveLength(1);
      expect(t.store.takes.ofShot(shot.id)).toHaveLength(0);

      // Generating the shot again does not quietly send a second create.
      ok(await t.call('generation.start', { shotIds: [shot.id] }));
      await t.generation.idle();
      expect(createsFor(prompt)).toHaveLength(1);
      expect(billedFor(prompt)).toHaveLength(1);

      // The user's Resend is the only way to a second create (and a second bill).
      expect(ok<Job>(await t.call('jobs.resend', { jobId: job.id })).status).toBe('queued');
      await t.generation.idle();
      expect(t.store.jobs.find(job.id)!.status).toBe('done');
      expect(createsFor(prompt)).toHaveLength(2);
      expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
    });
  });
});
