/**
 * Never pay twice through the real queue and the real `vertex` adapter (createGuard `none`):
 * a Veo job whose create Vertex takes and bills and then loses the answer to (a dropped
 * connection, or a 500) ends with exactly one billed create on the server, in status `unknown`
 * with a message that says what happened and what to do; it is sent again only when the user
 * resends it. A create that provably cannot have billed (a 429, or no token to send it with)
 * is simply sent again. Credentials: a workload-identity file exchanged at the contract
 * server's STS origin, set as the provider's fields as Settings would.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { startVertexContractServer, writeExternalAccountFile, type VertexContractServer } from '../contract-servers/vertex-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

let server: VertexContractServer;
let keyFile: string;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startVertexContractServer({ renderMs: 80, steps: 2 });
  keyFile = writeExternalAccountFile(server, path.join(makeTempDir('vertex-never-twice'), 'credentials'));
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
  h = await makeHarness({ providers: { vertex: { baseUrl: server.baseUrl, fields: { project: server.project, keyFile } } } });
  return h;
}

async function generate(t: Harness, prompt: string): Promise<{ job: Job; shotId: string }> {
  const shot = t.store.shots.add(undefined, { title: prompt.slice(0, 20), prompt, seconds: 4, provider: 'vertex', model: 'veo-3.1-fast-generate-001', size: '1280x720' });
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
  await t.generation.idle();
  return { job: t.store.jobs.find(started.jobs[0]!.id)!, shotId: shot.id };
}

const creates = () => server.requests.filter((r) => r.path.endsWith(':predictLongRunning'));

describe.each(['drop', 'status'] as const)('a Veo create billed and then lost (%s)', (mode) => {
  it('ends unknown with one billed create; nothing is resent until the user resends it', async () => {
    const t = await harness();
    server.failAfterBilling(mode);
    const { job, shotId } = await generate(t, `A lighthouse beam sweeps the fog (${mode}).`);
    expect(job.status).toBe('unknown');
    expect(job.message).toMatch(/may have made \(and billed\) the clip/);
    expect(job.message).toMatch(/Resend.*Cancel/);
    expect(creates()).toHaveLength(1);
    expect(server.billed).toHaveLength(1);
    // The create named the job, so the bill can be matched to it.
    expect(creates()[0]?.fields?.['label:shotline_job']).toBe(`shotline-${job.id}`);
    expect(t.store.takes.ofShot(shotId)).toHaveLength(0);

    // Generating the shot again does not quietly send a second create.
    const again = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shotId] }));
    expect(again.jobs.map((j) => j.id)).toEqual([job.id]);
    await t.generation.idle();
    expect(creates()).toHaveLength(1);

    // The user's decision: a second create (and a second bill), then a take.
    expect(ok<Job>(await t.call('jobs.resend', { jobId: job.id })).status).toBe('queued');
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    expect(creates()).toHaveLength(2);
    expect(server.billed).toHaveLength(2);
    expect(t.store.takes.ofShot(shotId)).toHaveLength(1);
  });
});

describe('creates that cannot have billed are sent again', () => {
  it('a 429 before anything was made: retried, one bill, one take', async () => {
    const t = await harness();
    server.setFault({ kind: 'status', route: 'predict', status: 429, retryAfterSeconds: 0 });
    const { job, shotId } = await generate(t, 'A keeper climbs the stair (429).');
    expect(job.status, job.message).toBe('done');
    expect(creates().map((r) => r.status)).toEqual([429, 200]);
    expect(server.billed).toHaveLength(1);
    expect(t.store.takes.ofShot(shotId)).toHaveLength(1);
  });

  it('no token to send it with (the token service down for a while): nothing reached Vertex, so it is sent once it can be; one bill', async () => {
    const t = await harness();
    server.setFault({ kind: 'status', route: 'sts', status: 503, times: 5 });
    const { job } = await generate(t, 'A gull on the rail (no token yet).');
    expect(job.status, job.message).toBe('done');
    // More failures than google-auth-library retries by itself: the queue had to send the job again.
    expect(server.requests.filter((r) => r.path === 'sts:/v1/token' && r.status === 503)).toHaveLength(5);
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(creates().map((r) => r.status)).toEqual([200]);
    expect(server.billed).toHaveLength(1);
  });
});
