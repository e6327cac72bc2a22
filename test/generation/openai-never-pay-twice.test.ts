/**
 * Never pay twice through the real queue and the real `openai` adapter: a sora-2 job at a
 * gateway base URL (the contract server), whose create the service takes and bills and then
 * loses the answer to (dropped connection, or a 500), ends with exactly one billed create on
 * the server and one take, found through the adapter's lookup of the account's videos. When
 * that lookup cannot be made, the job waits for the user and nothing more is sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'test-token-never-twice-openai-4e2d';
let server: OpenAiContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startOpenAiContractServer({ apiKey: KEY, renderMs: 80, steps: 2 });
});
afterEach(async () => {
  server.clearFaults();
  server.requests.length = 0;
  server.billed.length = 0;
  await h?.app.dispose();
  h = null;
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

async function harness(): Promise<Harness> {
  h = await makeHarness({ keys: { openai: KEY }, providers: { openai: { baseUrl: server.baseUrl } } });
  return h;
}

async function generate(t: Harness, prompt: string): Promise<{ job: Job; shotId: string }> {
  const shot = t.store.shots.add(undefined, { title: prompt.slice(0, 20), prompt, seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' });
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
  await t.generation.idle();
  return { job: t.store.jobs.find(started.jobs[0]!.id)!, shotId: shot.id };
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos');
const lists = () => server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/videos');

describe.each(['billed-drop', 'billed-500'] as const)('a sora-2 create at a gateway, billed and then %s', (kind) => {
  it('is found by the lookup: one billed create, one take, one ledger line', async () => {
    const t = await harness();
    server.setFault({ kind, route: 'create' });
    const { job, shotId } = await generate(t, `A lighthouse beam sweeps the fog (${kind}).`);
    expect(job.status, job.message).toBe('done');
    expect(server.billed).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(lists().length).toBeGreaterThanOrEqual(1);
    expect(job.remoteId).toBe(server.billed[0]!.id);
    expect(t.store.takes.ofShot(shotId)).toHaveLength(1);
    expect(t.store.ledger.list().filter((l) => l.jobId === job.id)).toHaveLength(1);
    expect(t.logs.some((l) => l.includes(`had reached openai as ${server.billed[0]!.id}`))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(KEY);
  });
});

describe('when nothing can tell', () => {
  it('a create that never got as far as billing is found missing and sent once more: one bill', async () => {
    const t = await harness();
    server.setFault({ kind: 'status', route: 'create', status: 502 });
    const { job } = await generate(t, 'A keeper climbs the stair (502 before billing).');
    expect(job.status, job.message).toBe('done');
    expect(creates().map((r) => r.status)).toEqual([502, 200]);
    expect(server.billed).toHaveLength(1);
  });

  it('a list that stays down leaves the job unknown, with nothing resent', async () => {
    const t = await harness();
    server.setFault({ kind: 'billed-500', route: 'create' });
    server.setFault({ kind: 'status', route: 'list', status: 503, times: 100, retryAfterSeconds: 0 });
    const { job } = await generate(t, 'A gull on the rail (list down).');
    expect(job.status).toBe('unknown');
    expect(job.message).toMatch(/could not be asked whether it made the job/);
    expect(creates()).toHaveLength(1);
    expect(server.billed).toHaveLength(1);
  });
});
