/**
 * The queue end to end against the OpenAI-compatible contract server, through the real
 * `openai` SDK (E2's provider), real SQLite and real ffprobe: retries, refusals, cut-off
 * downloads, budget, cache, consent, and that a known key leaks nowhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Take } from '../../shared/domain';
import type { CostEstimate, StartResult } from '../../shared/contract/generation';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs } from '../helpers/make-media';
import type { AppOverrides } from '../../main/app/compose';
import { ffmpegIngest } from '../../main/generation/ingest';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'sk-shotline-KNOWN-test-key-5f1c9e2a7b';
let server: OpenAiContractServer;

beforeAll(async () => {
  server = await startOpenAiContractServer({ apiKey: KEY, renderMs: 120, steps: 4 });
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos');
const sent = () => server.requests.length;

async function openaiHarness(budgetUsd: number | null = null, overrides: AppOverrides = {}, size?: string): Promise<Harness> {
  const h = await makeHarness({ keys: { openai: KEY }, providers: { openai: { baseUrl: server.baseUrl, concurrency: 2 } }, overrides, size });
  h.store.project.update({ budgetUsd, defaultProvider: 'openai', defaultModel: 'sora-2' });
  return h;
}

function addShot(h: Harness, prompt: string, seconds = 4) {
  return h.store.shots.add(undefined, { title: prompt.slice(0, 20), prompt, seconds, provider: 'openai', model: 'sora-2', size: '1280x720' });
}

async function startAndWait(h: Harness, input: Record<string, unknown>): Promise<{ result: StartResult; jobs: Job[] }> {
  const result = ok<StartResult>(await h.call('generation.start', input));
  await h.queue.idle();
  const jobs = result.jobs.map((j) => h.store.jobs.find(j.id)!);
  return { result, jobs };
}

describe('generation queue against the OpenAI contract server', () => {
  it('makes one selected take per shot (fully ingested), stores the exact request, bills the ledger at submit', { timeout: 120_000 }, async () => {
    // The real ingest (normalise to a small house format, poster, filmstrip) instead of probe-only.
    const h = await openaiHarness(null, { ingest: ffmpegIngest(() => locateFfmpeg(processLocatorInputs(null))) }, '320x180');
    const a = addShot(h, 'A lighthouse at dusk, the lamp turning.');
    const b = addShot(h, 'Waves break on the rocks below.', 8);
    const estimate = ok<CostEstimate>(await h.call('generation.estimate', {}));
    expect(estimate.shots.map((s) => s.usd)).toEqual([0.4, 0.8]);
    expect(estimate.totalText).toBe('$1.20');

    const { jobs } = await startAndWait(h, {});
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
    expect(creates()).toHaveLength(2);
    for (const shot of [a, b]) {
      const takes = ok<Take[]>(await h.call('takes.list', { shotId: shot.id }));
      expect(takes).toHaveLength(1);
      const take = takes[0]!;
      expect(h.store.shots.get(shot.id).selectedTakeId).toBe(take.id);
      expect(take.composedPrompt).toContain(shot.prompt.slice(0, 10));
      expect(take.request).toMatchObject({ provider: 'openai', model: 'sora-2', size: '1280x720', seconds: shot.seconds });
      expect(take.durationSeconds).toBeGreaterThan(0);
      expect(take.files.normalised).toMatch(/^media\/takes\//);
      expect(take.files.poster).not.toBeNull();
      expect(fs.statSync(h.store.resolve(take.files.original)).size).toBeGreaterThan(1000);
      // multipart/form-data carries newlines as CRLF (the HTML form encoding); compare the text.
      const sentPrompt = creates().find((r) => r.fields?.prompt?.replace(/\r\n/g, '\n') === take.composedPrompt);
      expect(sentPrompt, 'the stored prompt is the one the server received').toBeDefined();
    }
    const spend = ok<{ spend: { spentUsd: number }; ledger: Array<{ costUsd: number; model: string }> }>(await h.call('generation.spend'));
    expect(spend.ledger.map((l) => l.costUsd).sort()).toEqual([0.4, 0.8]);
    expect(spend.spend.spentUsd).toBeCloseTo(1.2, 6);
    // Events: every job reached done through job.updated, and each take was announced.
    const doneEvents = h.events.filter((e) => e.name === 'job.updated' && (e.payload as Job).status === 'done');
    expect(new Set(doneEvents.map((e) => (e.payload as Job).id)).size).toBe(2);
    expect(h.events.filter((e) => e.name === 'take.created')).toHaveLength(2);
  });

  it('retries a 429 (honouring retry-after) and 500s, then recovers', async () => {
    const h = await openaiHarness();
    addShot(h, 'A gull hangs in the wind.');
    server.setFault({ kind: 'status', route: 'create', status: 429, retryAfterSeconds: 1, times: 1 });
    server.setFault({ kind: 'status', route: 'retrieve', status: 500, times: 4 });
    const started = Date.now();
    const { jobs } = await startAndWait(h, {});
    expect(jobs[0]!.status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(creates()).toHaveLength(2); // the 429, then the accepted one
    expect(creates().map((r) => r.status)).toEqual([429, 200]);
    const failedPolls = server.requests.filter((r) => r.method === 'GET' && r.status === 500);
    expect(failedPolls).toHaveLength(4);
    expect(jobs[0]!.attempts).toBeGreaterThan(1);
    // Billed once, for the accepted job only.
    expect(h.store.ledger.list()).toHaveLength(1);
  });

  it('does not retry a refusal, and the service\u2019s message reaches the job', async () => {
    const h = await openaiHarness();
    const shot = addShot(h, 'A storm over the sea.');
    server.setFault({ kind: 'refusal', code: 'moderation_blocked', message: 'Blocked by the test moderation rule 42.' });
    const { jobs } = await startAndWait(h, {});
    expect(jobs[0]!.status).toBe('refused');
    expect(jobs[0]!.message).toContain('Blocked by the test moderation rule 42.');
    expect(creates()).toHaveLength(1);
    expect(h.store.shots.get(shot.id).selectedTakeId).toBeNull();
  });

  it('a continued shot waits; when its predecessor is refused it fails in words and is never sent', async () => {
    const h = await openaiHarness(10);
    addShot(h, 'A storm over the sea.');
    const next = h.store.shots.add(undefined, { title: 'After', prompt: 'The storm clears.', seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720', continuePrevious: true });
    server.setFault({ kind: 'refusal', code: 'moderation_blocked', message: 'Blocked by rule 7.' });
    const before = creates().length;
    const result = ok<StartResult>(await h.call('generation.start', {}));
    expect(result.jobs.map((j) => j.status)).toEqual(['queued', 'waiting']);
    // The waiting job reserves its estimate: both shots count against the budget.
    expect((ok<{ spend: { reservedUsd: number } }>(await h.call('generation.spend')).spend.reservedUsd)).toBeCloseTo(0.8, 6);
    await h.generation.idle();
    const waited = h.store.jobs.find(result.jobs[1]!.id)!;
    expect(waited.status).toBe('failed');
    expect(waited.message, waited.message).toMatch(/ended without a take, so this shot was not sent\. Generate "A storm over the sea", then this one/);
    expect(creates().length - before).toBe(1);
    expect(h.store.shots.get(next.id).selectedTakeId).toBeNull();
    server.clearFaults();

    // Nothing making the previous take: the shot cannot wait, and main says what to do.
    const alone = ok<StartResult>(await h.call('generation.start', { shotIds: [next.id] }));
    expect(alone.jobs).toEqual([]);
    expect(alone.deferred[0]!.reason).toMatch(/Nothing is making one: generate "A storm over the sea" first, or both together/);
  });

  it('retries a cut-off download; a download that never completes never becomes a take', async () => {
    const h = await openaiHarness();
    const shot = addShot(h, 'The keeper climbs the stairs.');
    server.setFault({ kind: 'cut-download', times: 1 });
    const first = await startAndWait(h, {});
    expect(first.jobs[0]!.status).toBe('done');
    const contentCalls = server.requests.filter((r) => r.path.endsWith('/content'));
    expect(contentCalls.length).toBeGreaterThanOrEqual(2);
    expect(ok<Take[]>(await h.call('takes.list', { shotId: shot.id }))).toHaveLength(1);

    server.requests.length = 0;
    const other = addShot(h, 'The keeper reaches the lamp room.');
    server.setFault({ kind: 'cut-download', times: 50 });
    const second = await startAndWait(h, { shotIds: [other.id] });
    expect(second.jobs[0]!.status).toBe('failed');
    expect(ok<Take[]>(await h.call('takes.list', { shotId: other.id }))).toHaveLength(0);
    const jobDir = h.store.resolve(`media/takes/${second.jobs[0]!.id}`);
    const leftovers = fs.existsSync(jobDir) ? fs.readdirSync(jobDir) : [];
    expect(leftovers.filter((f) => f.endsWith('.mp4'))).toEqual([]);
  });

  it('refuses a job over budget before any request is sent, showing the estimate and what is left', async () => {
    const h = await openaiHarness(0.5);
    addShot(h, 'A long slow pan across the bay.', 8);
    const envelope = await h.call('generation.start', {});
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.code).toBe('refused');
    expect(envelope.error?.message).toMatch(/\$0\.80.*\$0\.50/);
    expect(sent()).toBe(0);
    expect(h.store.jobs.list()).toHaveLength(0);
  });

  it('reuses the take of an identical request at $0, and sends again only for newTake', async () => {
    const h = await openaiHarness();
    const shot = addShot(h, 'Fog rolls over the headland.');
    await startAndWait(h, { onlyMissing: true });
    expect(creates()).toHaveLength(1);
    server.requests.length = 0;

    // generate again: the shot has its take, nothing goes out.
    const again = await startAndWait(h, { onlyMissing: true });
    expect(again.result.jobs).toHaveLength(0);
    // the same request asked for explicitly: the existing take, at $0.
    const explicit = await startAndWait(h, { shotIds: [shot.id] });
    expect(explicit.result.jobs).toHaveLength(0);
    expect(explicit.result.reused).toEqual([{ shotId: shot.id, takeId: h.store.shots.get(shot.id).selectedTakeId }]);
    expect(sent()).toBe(0);
    expect(h.store.ledger.list()).toHaveLength(1);

    const fresh = await startAndWait(h, { shotIds: [shot.id], newTake: true });
    expect(fresh.jobs[0]!.status).toBe('done');
    expect(creates()).toHaveLength(1);
    expect(ok<Take[]>(await h.call('takes.list', { shotId: shot.id }))).toHaveLength(2);
  });

  it('never sends a real person without consent: refused, naming the element', async () => {
    const h = await openaiHarness();
    const el = h.store.elements.add({ kind: 'character', name: 'Ines', description: 'a woman of forty, grey coat' });
    h.store.elements.update(el.id, { realPerson: true });
    addShot(h, '@Ines walks along the pier.');
    const envelope = await h.call('generation.start', {});
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.message).toMatch(/@Ines.*real person.*consent/);
    expect(sent()).toBe(0);

    h.store.elements.update(el.id, { consent: { consentedBy: 'Ines M.', date: '2026-11-01', scope: 'previs' } });
    const { jobs } = await startAndWait(h, {});
    expect(jobs[0]!.status).toBe('done');
    expect(creates()[0]!.fields?.prompt).toContain('grey coat');
  });

  it('keeps a known key out of the database, logs, project files, contract answers and events', async () => {
    const h = await openaiHarness();
    addShot(h, 'A boat leaves the harbour.');
    const answers: unknown[] = [];
    const record = async (name: string, input: unknown = {}) => {
      const e = await h.call(name, input);
      answers.push(e);
      return e;
    };
    await record('secrets.set', { provider: 'openai', key: KEY });
    await record('generation.estimate', {});
    await record('generation.start', {});
    await h.queue.idle();
    // A bad-key run makes the service answer 401, a message that could echo the key.
    server.setFault({ kind: 'status', route: 'create', status: 401, message: `Incorrect API key provided: ${KEY}.` });
    const s2 = addShot(h, 'The boat rounds the point.');
    await record('generation.start', { shotIds: [s2.id] });
    await h.queue.idle();
    for (const name of ['secrets.status', 'jobs.list', 'generation.spend', 'projects.current']) await record(name);
    for (const shot of h.store.shots.list()) await record('takes.list', { shotId: shot.id });
    const failed = h.store.jobs.list().find((j) => j.shotId === s2.id)!;
    expect(failed.status).toBe('failed');

    expect(JSON.stringify(answers)).not.toContain(KEY);
    expect(JSON.stringify(h.events)).not.toContain(KEY);
    expect(h.logs.join('\n')).not.toContain(KEY);
    // Every file in the project folder (database, WAL, media) and the settings folder.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(h.dir);
    expect(files.some((f) => f.endsWith('project.db-wal'))).toBe(true);
    const needle = Buffer.from(KEY);
    const holders = files.filter((f) => fs.readFileSync(f).includes(needle));
    expect(holders).toEqual([]);
    // The key did go out, as the credential header: the test would see it if it were anywhere.
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('remixes a take into a new linked take; select and delete (with files) work on takes', async () => {
    const h = await openaiHarness();
    const shot = addShot(h, 'The keeper lights the lamp.');
    await startAndWait(h, {});
    const parent = ok<Take[]>(await h.call('takes.list', { shotId: shot.id }))[0]!;
    const job = ok<Job>(await h.call('takes.remix', { takeId: parent.id, prompt: 'The keeper lights the lamp, in heavy rain.' }));
    await h.queue.idle();
    expect(h.store.jobs.find(job.id)!.status).toBe('done');
    expect(server.requests.some((r) => r.method === 'POST' && r.path === `/v1/videos/${parent.remoteId}/remix`)).toBe(true);
    const takes = ok<Take[]>(await h.call('takes.list', { shotId: shot.id }));
    expect(takes).toHaveLength(2);
    const child = takes.find((t) => t.id !== parent.id)!;
    expect(child.parentTakeId).toBe(parent.id);
    expect(child.composedPrompt).toContain('heavy rain');
    expect(h.store.shots.get(shot.id).selectedTakeId).toBe(parent.id); // a new take never steals the selection

    ok(await h.call('takes.select', { shotId: shot.id, takeId: child.id }));
    expect(h.store.shots.get(shot.id).selectedTakeId).toBe(child.id);
    const parentFile = h.store.resolve(parent.files.original);
    expect(fs.existsSync(parentFile)).toBe(true);
    ok(await h.call('takes.delete', { takeId: parent.id }));
    expect(fs.existsSync(parentFile)).toBe(false);
    expect(ok<Take[]>(await h.call('takes.list', { shotId: shot.id })).map((t) => t.id)).toEqual([child.id]);
    expect(ok<Take[]>(await h.call('takes.list', { shotId: shot.id }))[0]!.parentTakeId).toBeNull();
  });

  it('cancels a running job locally and at the service', async () => {
    const slow = await startOpenAiContractServer({ apiKey: KEY, renderMs: 10_000, steps: 10 });
    try {
      const h = await makeHarness({ keys: { openai: KEY }, providers: { openai: { baseUrl: slow.baseUrl } } });
      const shot = addShot(h, 'A ship waits offshore.');
      const started = ok<StartResult>(await h.call('generation.start', {}));
      const id = started.jobs[0]!.id;
      for (let i = 0; i < 200 && !h.store.jobs.find(id)!.remoteId; i++) await new Promise((r) => setTimeout(r, 20));
      const cancelled = ok<Job>(await h.call('jobs.cancel', { jobId: id }));
      expect(cancelled.status).toBe('cancelled');
      expect(slow.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/videos/${cancelled.remoteId}`)).toBe(true);
      await h.queue.idle();
      expect(h.store.jobs.find(id)!.status).toBe('cancelled');
      expect(ok<Take[]>(await h.call('takes.list', { shotId: shot.id }))).toHaveLength(0);
    } finally {
      await slow.close();
    }
  });
});
