/**
 * The `google` adapter under the real queue (the shipped registry and adapter table): a Gemini
 * Omni create that Google takes and bills, and whose answer is then lost, must end as one
 * billed interaction. The Interactions API takes no idempotency key and cannot list
 * interactions (guard `none`), so the job becomes `unknown` and is sent again only when the
 * user says so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { makeHarness, ok, type Harness } from '../generation/harness';
import { startGeminiContractServer, type GeminiContractServer } from '../contract-servers/gemini-server';
import { cleanupTempDirs } from '../helpers/make-media';

const KEY = 'AIza-shotline-queue-test-key-7a8b';
let server: GeminiContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startGeminiContractServer({ apiKey: KEY, renderMs: 80, steps: 2 });
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
  h = await makeHarness({ keys: { google: KEY }, providers: { google: { baseUrl: server.baseUrl } } });
  return h;
}

const createsFor = (prompt: string) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/interactions' && JSON.stringify(r.json ?? '').includes(prompt));

async function generate(t: Harness, shotId: string): Promise<Job> {
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shotId] }));
  await t.generation.idle();
  return t.store.jobs.find(started.jobs[0]!.id)!;
}

describe.each(['drop', 'status-500'] as const)('a Gemini Omni create billed and then lost (%s)', (mode) => {
  it('ends unknown with one billed interaction; generating again sends nothing; Resend sends exactly one more', async () => {
    const t = await harness();
    const prompt = `A lighthouse beam sweeps the fog (${mode}).`;
    const shot = t.store.shots.add(undefined, { prompt, seconds: 4, provider: 'google', model: 'gemini-omni-1.1-flash', size: '1280x720' });
    const billedBefore = server.interactions.length;
    server.failAfterCreate(mode);

    const job = await generate(t, shot.id);
    expect(job.status, job.message).toBe('unknown');
    expect(job.message).toMatch(/may have made \(and billed\) the clip/);
    expect(job.message).toMatch(/Resend.*Cancel/);
    expect(job.message).not.toContain(KEY);
    expect(createsFor(prompt)).toHaveLength(1);
    expect(server.interactions.length - billedBefore).toBe(1);

    // Generating the shot again finds the unknown job: no second create goes out quietly.
    const again = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
    expect(again.jobs.map((j) => j.id)).toEqual([job.id]);
    await t.generation.idle();
    expect(createsFor(prompt)).toHaveLength(1);
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(0);

    // The user checked AI Studio and asks for it again: one more create, one take.
    ok<Job>(await t.call('jobs.resend', { jobId: job.id }));
    await t.generation.idle();
    const done = t.store.jobs.find(job.id)!;
    expect(done.status, done.message).toBe('done');
    expect(createsFor(prompt)).toHaveLength(2);
    expect(server.interactions.length - billedBefore).toBe(2);
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
  });
});

describe('a create Google turned away', () => {
  it('is sent again after a 429 (nothing was made) and ends done with one interaction', async () => {
    const t = await harness();
    const prompt = 'The keeper climbs the stairs (rate limited).';
    const shot = t.store.shots.add(undefined, { prompt, seconds: 4, provider: 'google', model: 'gemini-omni-1.1-flash', size: '1280x720' });
    const billedBefore = server.interactions.length;
    server.setFault({ kind: 'status', route: 'create', status: 429, retryAfterSeconds: 0 });
    const job = await generate(t, shot.id);
    expect(job.status, job.message).toBe('done');
    expect(createsFor(prompt).map((r) => r.status)).toEqual([429, 200]);
    expect(server.interactions.length - billedBefore).toBe(1);
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
  });
});
