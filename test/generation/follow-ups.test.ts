/**
 * A remix, extension or edit is money like a generation: priced before it is confirmed
 * (takes.estimateFollowUp), refused when its price is unknown, checked against the budget and
 * against the registry (a retired model, a duration the model does not make), and refused in
 * words where the provider cannot do it. Nothing is sent when it is refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUpEstimate } from '../../shared/contract/generation';
import type { Job, Take } from '../../shared/domain';
import type { Registry } from '../../shared/registry/registry';
import { startFakeVideoServer, type FakeVideoServer } from '../fake-provider/fake-video-server';
import { FAKEVID_MODEL, fakevidAdapter, registryWithFakevid } from '../fake-provider/fakevid';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'fakevid-token-follow-ups-0123';
let server: FakeVideoServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startFakeVideoServer({ apiKey: KEY, renderMs: 40 });
});
afterEach(async () => {
  await h?.app.dispose();
  h = null;
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

/** A project with one Fakevid shot and its finished take. */
async function withTake(registry: Registry = registryWithFakevid()): Promise<{ t: Harness; take: Take }> {
  const t = await makeHarness({
    keys: { fakevid: KEY },
    providers: { fakevid: { baseUrl: server.baseUrl } },
    // A copy: tests change their registry in place (as a user's override edit would).
    overrides: { registry: structuredClone(registry), adapters: { fakevid: fakevidAdapter } },
    size: '640x360',
  });
  h = t;
  const shot = t.store.shots.add(undefined, { prompt: 'A kite on the beach.', seconds: 2, provider: 'fakevid', model: 'fake-1', size: '640x360' });
  ok(await t.call('generation.start', { shotIds: [shot.id] }));
  await t.generation.idle();
  const take = t.store.takes.ofShot(shot.id)[0]!;
  return { t, take };
}

const extendPosts = () => server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/extend')).length;

describe('follow-ups are priced and checked like generations', () => {
  it('is priced before it is confirmed, and the job reserves that price', async () => {
    const { t, take } = await withTake();
    const estimate = ok<FollowUpEstimate>(await t.call('takes.estimateFollowUp', { kind: 'extend', takeId: take.id, seconds: 4 }));
    expect(estimate).toMatchObject({ usd: 0.2, text: '$0.20', problem: null });
    const job = ok<Job>(await t.call('takes.extend', { takeId: take.id, seconds: 4 }));
    expect(job.estimateUsd).toBeCloseTo(0.2);
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
  });

  it('refuses beyond the budget, sending nothing', async () => {
    const { t, take } = await withTake();
    const spent = t.store.ledger.spentUsd();
    t.store.project.update({ budgetUsd: spent + 0.05 });
    const before = extendPosts();
    const estimate = ok<FollowUpEstimate>(await t.call('takes.estimateFollowUp', { kind: 'extend', takeId: take.id }));
    expect(estimate.usd).toBeCloseTo(0.1);
    const refused = await t.call('takes.extend', { takeId: take.id });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/This extension would cost about \$0\.10.*budget/);
    expect(extendPosts()).toBe(before);
  });

  it('refuses an unknown price instead of recording $0', async () => {
    const { t, take } = await withTake();
    // The price becomes unknown after the take was made (an override the user edited).
    t.app.registry.registry().models.find((m) => m.model === FAKEVID_MODEL.model)!.prices = [{ sizes: ['*'], usdPerSecond: null, source: 'provider' }];
    const estimate = ok<FollowUpEstimate>(await t.call('takes.estimateFollowUp', { kind: 'extend', takeId: take.id }));
    expect(estimate.usd).toBeNull();
    expect(estimate.problem).toMatch(/No price is known for fake-1/);
    expect((await t.call('takes.extend', { takeId: take.id })).error?.message).toMatch(/cannot be checked against the budget/);
  });

  it('refuses a retired model and a duration the model does not make', async () => {
    const { t, take } = await withTake();
    expect((await t.call('takes.extend', { takeId: take.id, seconds: 3 })).error?.message).toMatch(/fake-1 makes 2 or 4 s clips; this shot is 3 s/);
    const model = t.app.registry.registry().models.find((m) => m.model === FAKEVID_MODEL.model)!;
    model.status = { state: 'retired', date: '2026-11-30', note: 'gone' };
    const before = extendPosts();
    expect((await t.call('takes.extend', { takeId: take.id })).error?.message).toMatch(/fake-1 was retired by the provider on 2026-11-30/);
    expect(extendPosts()).toBe(before);
  });

  it('refuses in words what the provider cannot do', async () => {
    const { t, take } = await withTake();
    expect((await t.call('takes.edit', { takeId: take.id, prompt: 'make it dusk' })).error?.message).toMatch(/cannot edit takes/);
    expect((await t.call('takes.remix', { takeId: take.id, prompt: 'make it dusk' })).error?.message).toMatch(/cannot remix takes/);
  });

  it('sends a follow-up that ended without a take again, as it was asked, and nothing else', async () => {
    const { t, take } = await withTake();
    const first = ok<Job>(await t.call('takes.extend', { takeId: take.id, prompt: 'The kite climbs.', seconds: 4 }));
    ok(await t.call('jobs.cancel', { jobId: first.id }));
    await t.generation.idle();
    expect(t.store.jobs.find(first.id)!.status).toBe('cancelled');
    const before = extendPosts();

    const again = ok<Job>(await t.call('jobs.retryFollowUp', { jobId: first.id }));
    expect([again.kind, again.parentTakeId, again.estimateUsd]).toEqual(['extend', take.id, first.estimateUsd]);
    expect(t.store.jobs.request(again.id)).toEqual(t.store.jobs.request(first.id));
    await t.generation.idle();
    expect(t.store.jobs.find(again.id)!.status).toBe('done');
    expect(extendPosts()).toBe(before + 1);

    expect((await t.call('jobs.retryFollowUp', { jobId: again.id })).error?.message).toMatch(/only one that ended without a take/);
    const generate = t.store.jobs.list().find((j) => j.kind === 'generate')!;
    expect((await t.call('jobs.retryFollowUp', { jobId: generate.id })).error?.message).toMatch(/not a remix, extension or edit/);
  });
});
