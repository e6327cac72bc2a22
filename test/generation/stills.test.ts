/**
 * Stills through the real app: a shot's storyboard frame made free and offline by the local
 * still, or paid at OpenAI's image API (its contract server, through the SDK), priced before it
 * is sent and checked against the budget; an element's reference sheet; and a still taken as the
 * shot's first frame, which the next generation then starts from.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StillEstimate } from '../../shared/contract/stills';
import type { Element, Job, Shot } from '../../shared/domain';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import path from 'node:path';
import { cleanupTempDirs, makeImage } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

let server: OpenAiContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startOpenAiContractServer({ imageMs: 20 });
});
afterEach(async () => {
  await h?.app.dispose();
  h = null;
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

async function harness(withKey: boolean): Promise<Harness> {
  h = await makeHarness({
    ...(withKey ? { keys: { openai: server.apiKey } } : {}),
    providers: { openai: { baseUrl: server.baseUrl } },
  });
  return h;
}

const imagePosts = () => server.requests.filter((r) => r.method === 'POST' && r.path.includes('/images/')).length;

describe('a still frame of a shot', () => {
  it('is free and offline by default: the local still lands as a frame take that is not the shot’s clip', async () => {
    const t = await harness(false);
    const shot = t.store.shots.add(undefined, { title: 'Harbour', prompt: 'Wide: boats at dawn', seconds: 3 });
    const estimate = ok<StillEstimate>(await t.call('generation.estimateStill', { shotId: shot.id }));
    expect(estimate).toMatchObject({ provider: 'animatic', model: 'animatic-still', size: '1280x720', usd: 0, text: '$0.00', problem: null });

    const job = ok<Job>(await t.call('generation.still', { shotId: shot.id }));
    expect(job.kind).toBe('still');
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    const [take] = t.store.takes.ofShot(shot.id);
    expect(take!.request.output).toBe('image');
    const meta = await sharp(t.store.resolve(take!.files.original)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1280, 720]);
    expect(fs.existsSync(t.store.resolve(take!.files.poster!))).toBe(true);
    expect(t.store.shots.get(shot.id).selectedTakeId).toBeNull();

    // The same still again is the same job while it runs, and a clip cannot be made a first frame.
    const clip = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
    await t.generation.idle();
    const clipTake = t.store.takes.find(t.store.jobs.find(clip.jobs[0]!.id)!.takeId!)!;
    const refused = await t.call('takes.useAsFirstFrame', { takeId: clipTake.id });
    expect(refused.error?.message).toContain('Only a still frame can become the first frame');
  });

  it('becomes the shot’s first frame, and the next generation starts from it', async () => {
    const t = await harness(false);
    const first = t.store.shots.add(undefined, { prompt: 'A door opens.', seconds: 2 });
    const shot = t.store.shots.add(first.id, { prompt: 'She steps in.', seconds: 2, continuePrevious: true });
    ok(await t.call('generation.still', { shotId: shot.id }));
    await t.generation.idle();
    const still = t.store.takes.ofShot(shot.id)[0]!;

    const updated = ok<Shot>(await t.call('takes.useAsFirstFrame', { takeId: still.id }));
    expect(updated.continuePrevious).toBe(false);
    expect(updated.references[0]!.path).toMatch(/^media\/refs\//);
    expect([updated.references[0]!.width, updated.references[0]!.height]).toEqual([1280, 720]);
    const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
    expect(t.store.jobs.request(started.jobs[0]!.id).firstFrame).toBeDefined();
    await t.generation.idle();
    expect(t.store.shots.get(shot.id).selectedTakeId).not.toBeNull();
  });

  it('is paid at an image model: priced at the nearest framing, billed once, refused over the budget with nothing sent', async () => {
    const t = await harness(true);
    const shot = t.store.shots.add(undefined, { prompt: 'Close-up: a hand on the tiller', seconds: 4 });
    const estimate = ok<StillEstimate>(await t.call('generation.estimateStill', { shotId: shot.id, provider: 'openai', model: 'gpt-image-1.5:low' }));
    expect(estimate.size).toBe('1536x1024');
    expect(estimate.usd).toBeGreaterThan(0);

    t.store.project.update({ budgetUsd: estimate.usd! / 2 });
    const refused = await t.call('generation.still', { shotId: shot.id, provider: 'openai', model: 'gpt-image-1.5:low' });
    expect(refused.error?.message).toMatch(/This still would cost about .*budget/);
    expect(imagePosts()).toBe(0);

    t.store.project.update({ budgetUsd: null });
    const job = ok<Job>(await t.call('generation.still', { shotId: shot.id, provider: 'openai', model: 'gpt-image-1.5:low' }));
    await t.generation.idle();
    expect(t.store.jobs.find(job.id)!.status).toBe('done');
    expect(imagePosts()).toBe(1);
    const take = t.store.takes.ofShot(shot.id)[0]!;
    expect(take.request).toMatchObject({ provider: 'openai', model: 'gpt-image-1.5:low', size: '1536x1024', output: 'image' });
    expect(t.store.ledger.ofJob(job.id)).toMatchObject({ provider: 'openai' });
  });

  it('defaults to the shot’s own provider when it makes stills and has a key, else to the free still', async () => {
    const t = await harness(true);
    const shot = t.store.shots.add(undefined, { prompt: 'x', provider: 'openai', model: t.app.registry.registry().models.find((m) => m.provider === 'openai' && m.output === 'video')!.model });
    expect(ok<StillEstimate>(await t.call('generation.estimateStill', { shotId: shot.id })).provider).toBe('openai');
    await t.call('secrets.clear', { provider: 'openai' });
    expect(ok<StillEstimate>(await t.call('generation.estimateStill', { shotId: shot.id })).model).toBe('animatic-still');
    const video = await t.call('generation.estimateStill', { shotId: shot.id, provider: 'animatic', model: 'animatic' });
    expect(ok<StillEstimate>(video).problem).toContain('makes clips, not stills');
  });
});

describe('a reference sheet for an element', () => {
  it('lands as one more image of the element, and a real person needs consent first', async () => {
    const t = await harness(false);
    const events: Element[] = [];
    t.app.events.subscribe((name, payload) => {
      if (name === 'element.updated') events.push(payload as Element);
    });
    const mara = ok<Element>(await t.call('elements.add', { kind: 'character', name: 'Mara', description: 'keeper, yellow oilskin' }));
    const job = ok<Job>(await t.call('elements.generateSheet', { elementId: mara.id }));
    expect([job.kind, job.shotId, job.elementId]).toEqual(['sheet', null, mara.id]);
    expect(t.store.jobs.request(job.id).prompt).toContain('Mara: keeper, yellow oilskin');
    await t.generation.idle();
    const after = t.store.elements.get(mara.id);
    expect(after.images).toHaveLength(1);
    expect(after.images[0]!.name).toMatch(/^reference sheet \(animatic-still\)\.png$/);
    expect(events.at(-1)?.images).toHaveLength(1);

    const added = ok<Element>(await t.call('elements.add', { kind: 'character', name: 'Ana' }));
    const real = ok<Element>(await t.call('elements.update', { id: added.id, patch: { realPerson: true } }));
    const refused = await t.call('elements.generateSheet', { elementId: real.id });
    expect(refused.error?.message).toContain('without a consent record');
    expect(t.store.jobs.list().filter((j) => j.elementId === real.id)).toHaveLength(0);
  });

  it('sends the element’s images as references to a model that takes them', async () => {
    const t = await harness(false);
    const mara = ok<Element>(await t.call('elements.add', { kind: 'character', name: 'Mara' }));
    const png = await makeImage(path.join(t.root, 'mara.png'), { width: 64, height: 48 });
    ok(await t.call('references.add', { target: { kind: 'element', id: mara.id }, files: [{ name: 'mara.png', dataBase64: fs.readFileSync(png).toString('base64') }] }));
    // A model taking references, added as a registry edit (a user's override would do the same).
    const still = t.app.registry.registry().models.find((m) => m.model === 'animatic-still')!;
    t.app.registry.registry().models.push({ ...structuredClone(still), model: 'animatic-still-refs', imageInputs: { ...still.imageInputs, maxReferences: 2 } });
    const job = ok<Job>(await t.call('elements.generateSheet', { elementId: mara.id, provider: 'animatic', model: 'animatic-still-refs' }));
    const sent = t.store.jobs.request(job.id);
    expect(sent.references).toHaveLength(1);
    expect(sent.references![0]!.file).toBe(t.store.elements.get(mara.id).images[0]!.path);
  });
});
