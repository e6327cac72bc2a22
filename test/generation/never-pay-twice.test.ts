/**
 * Never pay twice, also when a create fails halfway. Fakevid's contract server makes (and
 * bills) the job and then drops the connection or answers 500; the queue must end with exactly
 * one billed job for each of the three create guards an adapter can declare:
 * - idempotency-key: resent with the same key, which the service answers with the same job;
 * - lookup: the job is found among the service's recent jobs before anything is resent;
 * - none: the job becomes "unknown" and is resent only when the user says so.
 * The same rules hold for a job that a killed process left mid-submit.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import type { CreateGuard } from '../../main/providers/provider';
import { startFakeVideoServer, type FakeVideoServer } from '../fake-provider/fake-video-server';
import { fakevidAdapterWith, registryWithFakevid } from '../fake-provider/fakevid';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'fakevid-token-never-twice-0123';
let server: FakeVideoServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startFakeVideoServer({ apiKey: KEY, renderMs: 60 });
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

async function harness(guard: CreateGuard): Promise<Harness> {
  h = await makeHarness({
    keys: { fakevid: KEY },
    providers: { fakevid: { baseUrl: server.baseUrl } },
    overrides: { registry: registryWithFakevid(), adapters: { fakevid: fakevidAdapterWith(guard) } },
    size: '640x360',
  });
  return h;
}

/** A shot whose prompt no other test uses, so server-side matches are this test's. */
function addShot(t: Harness, prompt: string) {
  return t.store.shots.add(undefined, { prompt, seconds: 2, provider: 'fakevid', model: 'fake-1', size: '640x360' });
}

/** Generates the shot and waits until its job settles. */
async function generate(t: Harness, shotId: string): Promise<Job> {
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shotId] }));
  await t.generation.idle();
  return t.store.jobs.find(started.jobs[0]!.id)!;
}

const postsFor = (prompt: string) => server.requests.filter((r) => r.method === 'POST' && r.path === '/v2/jobs' && (r.json as { prompt?: string } | undefined)?.prompt?.includes(prompt));
const billedSince = (before: number) => server.billed().length - before;

describe.each(['bill-then-drop', 'bill-then-500'] as const)('a create billed and then %s', (fault) => {
  it('with an idempotency key: resent with the same key, billed once, one take', async () => {
    const t = await harness('idempotency-key');
    const prompt = `A gull lands (${fault}, key).`;
    const shot = addShot(t, prompt);
    const before = server.billed().length;
    server.fault(fault);
    const job = await generate(t, shot.id);
    expect(job.status, job.message).toBe('done');
    expect(billedSince(before)).toBe(1);
    const posts = postsFor('A gull lands');
    const mine = posts.slice(-2);
    expect(mine.map((r) => r.headers['idempotency-key'])).toEqual([`shotline-${job.id}`, `shotline-${job.id}`]);
    expect(mine[1]!.status).toBe(200); // the service recognised the key: no second job
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
    expect(t.store.ledger.list().filter((l) => l.jobId === job.id)).toHaveLength(1);
  });

  it('with a lookup: the job is found among recent jobs, never sent again', async () => {
    const t = await harness('lookup');
    const prompt = `A gull takes off (${fault}, lookup).`;
    const shot = addShot(t, prompt);
    const before = server.billed().length;
    server.fault(fault);
    const job = await generate(t, shot.id);
    expect(job.status, job.message).toBe('done');
    expect(billedSince(before)).toBe(1);
    expect(postsFor(prompt)).toHaveLength(1);
    expect(server.requests.some((r) => r.method === 'GET' && r.path === '/v2/jobs')).toBe(true);
    expect(t.logs.some((l) => l.includes('had reached fakevid'))).toBe(true);
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
  });

  it('with no guard: outcome unknown, counted against the budget, resent only when the user says so', async () => {
    const t = await harness('none');
    const prompt = `A gull circles (${fault}, none).`;
    const shot = addShot(t, prompt);
    const before = server.billed().length;
    server.fault(fault);
    const job = await generate(t, shot.id);
    expect(job.status).toBe('unknown');
    expect(job.message).toMatch(/may have made \(and billed\) the clip/);
    expect(job.message).toMatch(/Resend.*Cancel/);
    expect(postsFor(prompt)).toHaveLength(1);
    expect(billedSince(before)).toBe(1);
    // Not spent as far as we know, but held: the budget cannot be overrun by it.
    expect(ok<{ spend: { reservedUsd: number } }>(await t.call('generation.spend')).spend.reservedUsd).toBeCloseTo(0.1);
    // Generating the shot again does not quietly send a second create.
    const again = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
    expect(again.jobs.map((j) => j.id)).toEqual([job.id]);
    await t.generation.idle();
    expect(postsFor(prompt)).toHaveLength(1);

    const resent = ok<Job>(await t.call('jobs.resend', { jobId: job.id }));
    expect(resent.status).toBe('queued');
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    expect(postsFor(prompt)).toHaveLength(2);
    expect(billedSince(before)).toBe(2);
  });
});

describe('when the check itself fails or finds nothing', () => {
  it('a lookup that cannot be made leaves the job unknown and sends nothing more', async () => {
    const t = await harness('lookup');
    const prompt = 'A boat drifts (list down).';
    const shot = addShot(t, prompt);
    server.fault('bill-then-500');
    server.fault('list-500', 20);
    const job = await generate(t, shot.id);
    expect(job.status).toBe('unknown');
    expect(job.message).toMatch(/could not be asked whether it made the job/);
    expect(postsFor(prompt)).toHaveLength(1);
  });

  it('an unknown job can be given up: cancelled, its reservation released', async () => {
    const t = await harness('none');
    const shot = addShot(t, 'A buoy rocks (given up).');
    server.fault('bill-then-drop');
    const job = await generate(t, shot.id);
    expect(job.status).toBe('unknown');
    expect(ok<Job>(await t.call('jobs.cancel', { jobId: job.id })).status).toBe('cancelled');
    expect(ok<{ spend: { reservedUsd: number } }>(await t.call('generation.spend')).spend.reservedUsd).toBe(0);
    expect((await t.call('jobs.resend', { jobId: job.id })).error?.message).toMatch(/cancelled, not waiting for a decision/);
  });
});

describe('a job a killed process left mid-submit', () => {
  /** The state a SIGKILL during the create call leaves: submitting, a create noted as sent, no remote id. */
  async function leftMidSubmit(guard: CreateGuard, prompt: string, alreadyMade: boolean) {
    const t = await harness(guard);
    const shot = addShot(t, prompt);
    const request = { provider: 'fakevid', model: 'fake-1', prompt, seconds: 2, size: '640x360' as const, fps: { num: 24, den: 1 } };
    const job = t.store.jobs.insert({ kind: 'generate', shotId: shot.id, request, hash: `h-${prompt}`, estimateUsd: 0.1 });
    t.store.jobs.update(job.id, { status: 'submitting' });
    t.store.jobs.markSent(job.id);
    if (alreadyMade) {
      // The create reached the service before the process died (with the key, where one is sent).
      await fetch(`${server.baseUrl}/v2/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...(guard === 'idempotency-key' ? { 'idempotency-key': `shotline-${job.id}` } : {}) },
        body: JSON.stringify({ prompt, width: 640, height: 360, seconds: 2 }),
      });
    }
    const dir = t.store.dir;
    await t.app.workspace.close();
    await t.app.workspace.open(dir);
    return { t, job, before: server.billed().length };
  }

  it('without a guard: unknown, nothing sent', async () => {
    const { t, job } = await leftMidSubmit('none', 'A lamp swings (killed, none).', true);
    await t.generation.idle();
    const after = t.store.jobs.find(job.id)!;
    expect(after.status).toBe('unknown');
    expect(after.message).toMatch(/Shotline stopped while sending this job/);
    expect(postsFor('A lamp swings (killed, none).')).toHaveLength(1); // only the one from before the kill
  });

  it('with a key: sent again with the same key, which the service answers with the job it made', async () => {
    const { t, job, before } = await leftMidSubmit('idempotency-key', 'A lamp swings (killed, key).', true);
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    expect(billedSince(before)).toBe(0);
  });

  it('with a lookup: the job it made is found; with none made, it is sent once', async () => {
    const made = await leftMidSubmit('lookup', 'A lamp swings (killed, lookup, made).', true);
    await made.t.generation.idle();
    expect(made.t.store.jobs.find(made.job.id)!.status).toBe('done');
    expect(billedSince(made.before)).toBe(0);
    expect(postsFor('A lamp swings (killed, lookup, made).')).toHaveLength(1);
    await made.t.app.dispose();
    h = null;

    const lost = await leftMidSubmit('lookup', 'A lamp swings (killed, lookup, lost).', false);
    await lost.t.generation.idle();
    expect(lost.t.store.jobs.find(lost.job.id)!.status).toBe('done');
    expect(billedSince(lost.before)).toBe(1);
  });

  it('a job noted as queued (its create never went out) is simply sent', async () => {
    const t = await harness('none');
    const prompt = 'A door creaks (never sent).';
    const shot = addShot(t, prompt);
    const request = { provider: 'fakevid', model: 'fake-1', prompt, seconds: 2, size: '640x360' as const, fps: { num: 24, den: 1 } };
    const job = t.store.jobs.insert({ kind: 'generate', shotId: shot.id, request, hash: 'h-never', estimateUsd: 0.1 });
    t.store.jobs.update(job.id, { status: 'submitting' }); // killed after the state change, before the create went out
    const dir = t.store.dir;
    await t.app.workspace.close();
    await t.app.workspace.open(dir);
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    expect(postsFor(prompt)).toHaveLength(1);
  });
});

describe('the ledger', () => {
  it('takes what the service reports it billed, marked as such, and sums per shot and per provider', async () => {
    const t = await harness('idempotency-key');
    const a = addShot(t, 'A kite rises (ledger a).');
    const b = addShot(t, 'A kite falls (ledger b).');
    await generate(t, a.id);
    await generate(t, b.id);
    const lines = t.store.ledger.list();
    expect(lines).toHaveLength(2);
    // Listed at $0.05/s, billed by the service at $0.04/s: 2 s each.
    for (const line of lines) {
      expect(line).toMatchObject({ provider: 'fakevid', billedBy: 'service', billed: { amount: 0.08, unit: 'usd' } });
      expect(line.costUsd).toBeCloseTo(0.08);
    }
    expect(t.store.ledger.totalsBy('provider')).toEqual([{ key: 'fakevid', usd: expect.closeTo(0.16), estimated: 0, lines: 2 }]);
    expect(t.store.ledger.totalsBy('shot').map((l) => l.key).sort()).toEqual([a.id, b.id].sort());
  });
});
