/**
 * Runway through the real queue (the composed app, the built-in registry entry and adapter)
 * against the Runway contract server: the ledger takes the credits a finished task reports,
 * THROTTLED reaches the job's message, and a create that Runway billed and then lost on the way
 * back ends with exactly one billed create: Runway dedupes nothing and lists no tasks (guard
 * `none`), so the job waits as `unknown` until the user resends or gives it up.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { startRunwayContractServer, type RunwayContractServer } from '../contract-servers/runway-server';
import { makeHarness, ok, type Harness } from '../generation/harness';
import { cleanupTempDirs } from '../helpers/make-media';

let server: RunwayContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  // Runway charges 10 credits/s here; the registry estimates gen4.5 at 12. Concurrency 1 makes a second task THROTTLED.
  server = await startRunwayContractServer({ renderMs: 150, steps: 3, concurrency: 1, creditsPerSecond: { 'gen4.5': 10 } });
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
  h = await makeHarness({ keys: { runway: server.apiKey }, providers: { runway: { baseUrl: server.baseUrl } } });
  return h;
}

function addShot(t: Harness, prompt: string) {
  return t.store.shots.add(undefined, { prompt, seconds: 4, provider: 'runway', model: 'gen4.5', size: '1280x720' });
}

const createsFor = (prompt: string) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/text_to_video' && (r.json as { promptText?: string } | undefined)?.promptText?.includes(prompt));

describe('runway through the queue', () => {
  it('makes takes, shows THROTTLED while Runway holds a task, and books the credits Runway reports', async () => {
    const t = await harness();
    const shots = [addShot(t, 'A kite rises over the dunes.'), addShot(t, 'A kite falls into the sea.')];
    ok(await t.call('generation.start', { shotIds: shots.map((s) => s.id) }));
    await t.generation.idle();
    const jobs = t.store.jobs.list();
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
    for (const shot of shots) expect(t.store.takes.ofShot(shot.id)).toHaveLength(1);
    // Shotline runs two at once, Runway one: one of them waited as THROTTLED, and the queue said so.
    const messages = t.events.filter((e) => e.name === 'job.updated').map((e) => (e.payload as Job).message);
    expect(messages).toContain('Queued at the service (runway says THROTTLED).');

    const lines = t.store.ledger.list();
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      // 4 s x 10 credits x $0.01, Runway's own figure rather than the registry's $0.48 estimate.
      expect(line).toMatchObject({ provider: 'runway', model: 'gen4.5', billedBy: 'service', billed: { amount: 40, unit: 'credits' } });
      expect(line.costUsd).toBeCloseTo(0.4, 6);
    }
    expect(server.billed).toHaveLength(2);
  });

  describe.each([['dropped', 'drop'], ['answered 500', 500]] as const)('a create billed and then %s', (_label, answer) => {
    it('ends with one billed create: the job is unknown with a clear message, nothing is resent until the user says so', async () => {
      const t = await harness();
      const prompt = `A gull circles the mast (${answer}).`;
      const shot = addShot(t, prompt);
      const before = server.billed.length;
      server.setFault({ kind: 'bill-then-fail', answer });
      const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
      await t.generation.idle();
      const job = t.store.jobs.find(started.jobs[0]!.id)!;
      expect(job.status).toBe('unknown');
      expect(job.message).toMatch(/may have made \(and billed\) the clip, and Shotline cannot find out, so it did not send it again/);
      expect(job.message).toMatch(/runway\u2019s dashboard.*Resend.*Cancel/);
      expect(createsFor(prompt)).toHaveLength(1);
      expect(server.billed.length - before).toBe(1);
      expect(t.store.takes.ofShot(shot.id)).toHaveLength(0);

      // Generating the shot again does not quietly send a second create.
      const again = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
      expect(again.jobs.map((j) => j.id)).toEqual([job.id]);
      await t.generation.idle();
      expect(createsFor(prompt)).toHaveLength(1);

      // The user looked in Runway's dashboard and chose to resend: now, and only now, a second create.
      expect(ok<Job>(await t.call('jobs.resend', { jobId: job.id })).status).toBe('queued');
      await t.generation.idle();
      expect(t.store.jobs.find(job.id)!.status).toBe('done');
      expect(createsFor(prompt)).toHaveLength(2);
      expect(server.billed.length - before).toBe(2);
    });
  });

  it('edits a take through takes.edit: the take goes up, Aleph 2 edits it, and the credits Runway reports replace the estimate', async () => {
    const t = await harness();
    const shot = addShot(t, 'A street at dusk.');
    ok(await t.call('generation.start', { shotIds: [shot.id] }));
    await t.generation.idle();
    const [take] = t.store.takes.ofShot(shot.id);
    const prompt = 'The same street, at night, in rain.';
    const estimate = ok<{ usd: number | null }>(await t.call('takes.estimateFollowUp', { kind: 'edit', takeId: take!.id, prompt, model: 'aleph2' }));
    expect(estimate.usd).toBeCloseTo(1.12, 6); // 4 s x the registry's 28 credits/s estimate x $0.01
    const job = ok<Job>(await t.call('takes.edit', { takeId: take!.id, prompt, model: 'aleph2' }));
    await t.generation.idle();
    const done = t.store.jobs.find(job.id)!;
    expect(done.status, done.message).toBe('done');
    expect(done.kind).toBe('edit');
    expect(server.uploads.at(-1)).toMatchObject({ type: 'video/mp4', video: { width: 1280, height: 720 } });
    const edit = server.requests.filter((r) => r.path === '/v1/video_to_video');
    expect(edit).toHaveLength(1);
    expect(edit[0]!.json).toMatchObject({ model: 'aleph2', videoUri: server.uploads.at(-1)!.runwayUri });
    expect((edit[0]!.json as { promptText: string }).promptText).toContain('night, in rain');
    expect(t.store.takes.ofShot(shot.id)).toHaveLength(2);
    // The server's 20 credits/s for 4 s: $0.80 booked as Runway's own figure, not the $1.12 estimate.
    expect(t.store.ledger.ofJob(job.id)).toMatchObject({ billedBy: 'service', billed: { amount: 80, unit: 'credits' }, costUsd: 0.8 });
  });

  it('retries a failed upload (it bills nothing) and sends the create once', async () => {
    const t = await harness();
    const prompt = 'The lighthouse beam sweeps the fog.';
    const first = addShot(t, 'A door opens.');
    const second = t.store.shots.add(undefined, { prompt, seconds: 4, provider: 'runway', model: 'gen4.5', size: '1280x720', continuePrevious: true });
    ok(await t.call('generation.start', { shotIds: [first.id] }));
    await t.generation.idle();
    // The continued shot starts from the first one's last frame: an upload, which fails once at storage.
    server.setFault({ kind: 'status', route: 'storage', status: 503 });
    const mark = server.requests.length;
    ok(await t.call('generation.start', { shotIds: [second.id] }));
    await t.generation.idle();
    const job = t.store.jobs.list().find((j) => j.shotId === second.id)!;
    expect(job.status, job.message).toBe('done');
    const since = server.requests.slice(mark);
    expect(since.filter((r) => r.path === '/storage/ephemeral').map((r) => r.status)).toEqual([503, 204]);
    const creates = since.filter((r) => r.method === 'POST' && r.path === '/v1/image_to_video');
    expect(creates.map((r) => r.status)).toEqual([200]);
  });
});
