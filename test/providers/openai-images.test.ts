/**
 * Stills at the `openai` provider: `client.images.generate` against the contract server's
 * `/v1/images/generations`, fitted into submit -> poll -> download through a cache file, with
 * refusals, 429, lost answers, a restart that kept or lost the cache, and the registry's still
 * models sent as model + quality.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiProvider } from '../../main/providers/openai-provider';
import { imageModelOf } from '../../main/providers/openai/images';
import { ProviderError, type ProviderRequest } from '../../main/providers/provider';
import { shippedRegistry } from '../../shared/registry/registry';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

let server: OpenAiContractServer;
let dir: string;
let cacheDir: string;
let logs: string[];

beforeAll(async () => {
  server = await startOpenAiContractServer({ imageMs: 20, retiredModels: ['dall-e-3'] });
  dir = makeTempDir('openai-images');
  cacheDir = path.join(dir, 'cache');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
  server.billed.length = 0;
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

function provider(apiKey = server.apiKey): OpenAiProvider {
  logs = [];
  return new OpenAiProvider({ apiKey, baseURL: server.baseUrl, imageCacheDir: cacheDir, log: (line) => logs.push(line) });
}

const still: ProviderRequest = {
  provider: 'openai',
  model: 'gpt-image-1.5:medium',
  prompt: 'Storyboard frame: a lighthouse keeper at the lamp, night, rain on the glass',
  seconds: 0,
  size: '1536x1024',
  fps: { num: 24, den: 1 },
  output: 'image',
};

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const generations = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/images/generations');
const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

describe('stills through the Images API', () => {
  it('generates with the documented JSON body, completes at once, and moves the PNG onto the destination', async () => {
    const p = provider();
    const { remoteId, billed } = await p.submit(still, { idempotencyKey: 'shotline-still-1' });
    expect(remoteId).toMatch(/^image:[0-9a-f-]{36}$/);
    // Token usage is not money: nothing is reported billed, the per-image estimate stands.
    expect(billed).toBeUndefined();
    const [call] = generations();
    expect(call?.headers['content-type']).toMatch(/^application\/json/);
    expect(call?.json).toEqual({ model: 'gpt-image-1.5', prompt: still.prompt, n: 1, size: '1536x1024', quality: 'medium' });
    expect(call?.headers['idempotency-key']).toBe('shotline-still-1');
    expect(server.requests).toHaveLength(1);

    expect(await p.poll(remoteId)).toEqual({ state: 'completed', progress: 1 });
    const dest = path.join(dir, 'takes', 'still-1.png');
    await p.download(remoteId, dest);
    const meta = await sharp(dest).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1536, 1024, 'png']);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['still-1.png']);
    // Moved out of the cache; no second call to the service for any of it.
    expect(cacheFiles()).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/x-request-id req_\d+/);
    expect(logs.join('\n')).not.toContain(server.apiKey);
  });

  it('sends a model id without a quality suffix as is, with no quality', async () => {
    await provider().submit({ ...still, model: 'gpt-image-1', size: '1024x1024' }, { idempotencyKey: 'k' });
    expect(generations()[0]?.json).toEqual({ model: 'gpt-image-1', prompt: still.prompt, n: 1, size: '1024x1024' });
    expect(imageModelOf('vendor:model')).toEqual({ model: 'vendor:model' });
    expect(imageModelOf('gpt-image-1:high')).toEqual({ model: 'gpt-image-1', quality: 'high' });
  });

  it('reports a moderation refusal in the service words, not retryable, nothing billed or cached', async () => {
    server.setFault({ kind: 'refusal', message: 'Your request was rejected by the safety system. safety_violations=[violence].' });
    const error = await failure(provider().submit(still, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('refusal');
    expect(error.retryable).toBe(false);
    expect(error.details.code).toBe('moderation_blocked');
    expect(error.message).toContain('Your request was rejected by the safety system. safety_violations=[violence].');
    expect(error.message).toContain('image service');
    expect(server.billed).toEqual([]);
    expect(cacheFiles()).toEqual([]);
  });

  it('surfaces a 429 with retry-after, sent once (no SDK retry on a generation)', async () => {
    server.setFault({ kind: 'status', route: 'images', status: 429, retryAfterSeconds: 3 });
    const error = await failure(provider().submit(still, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('rate_limit');
    expect(error.details.retryAfterMs).toBe(3000);
    expect(generations()).toHaveLength(1);
  });

  it.each(['billed-drop', 'billed-500'] as const)('%s: reported without "not sent", and no lookup can clear it', async (kind) => {
    server.setFault({ kind, route: 'images' });
    const p = provider();
    const since = Date.now();
    const error = await failure(p.submit(still, { idempotencyKey: 'k' }));
    expect(error.kind).toBe(kind === 'billed-drop' ? 'network' : 'server');
    expect(error.details.sent).toBeUndefined();
    expect(server.billed).toHaveLength(1);
    // The queue asks before resending: the adapter cannot tell, so it throws and nothing goes out.
    const lookup = await failure(p.findSubmitted(still, { idempotencyKey: 'k', since }));
    expect(lookup.message).toMatch(/not sent again/);
    expect(generations()).toHaveLength(1);
    expect(cacheFiles()).toEqual([]);
  });

  it('after a restart the still is polled and downloaded from the cache; once the cache lost it, it is expired', async () => {
    const { remoteId } = await provider().submit(still, { idempotencyKey: 'k' });
    // A new adapter (a new process) with the same cache folder.
    const again = provider();
    expect((await again.poll(remoteId)).state).toBe('completed');
    await again.download(remoteId, path.join(dir, 'restart', 'kept.png'));
    expect((await sharp(path.join(dir, 'restart', 'kept.png')).metadata()).width).toBe(1536);

    const { remoteId: lost } = await provider().submit(still, { idempotencyKey: 'k2' });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const polled = await provider().poll(lost);
    expect(polled.state).toBe('failed');
    expect(polled.error?.kind).toBe('expired');
    expect(polled.error?.message).toMatch(/generate the still again/);
    const download = await failure(provider().download(lost, path.join(dir, 'restart', 'lost.png')));
    expect(download.kind).toBe('expired');
    expect(fs.readdirSync(path.join(dir, 'restart'))).toEqual(['kept.png']);
  });

  it('cancel drops the cached still; an id that is not one of ours is refused, never read as a path', async () => {
    const p = provider();
    const { remoteId } = await p.submit(still, { idempotencyKey: 'k' });
    expect(cacheFiles()).toHaveLength(1);
    await p.cancel(remoteId);
    expect(cacheFiles()).toEqual([]);
    expect((await failure(p.poll('image:../../etc/passwd'))).kind).toBe('not_found');
  });

  it('maps a bad key to auth and a retired image model to not_found', async () => {
    const bad = await failure(provider('wrong-key').submit(still, { idempotencyKey: 'k' }));
    expect(bad.kind).toBe('auth');
    expect(bad.message).not.toContain('wrong-key');
    const retired = await failure(provider().submit({ ...still, model: 'dall-e-3' }, { idempotencyKey: 'k' }));
    expect(retired.kind).toBe('not_found');
    expect(retired.message).toContain('dall-e-3');
  });

  it('refuses images in a still request before calling the service', async () => {
    const firstFrame = { path: '/nope.png', file: 'media/inputs/x.png', name: 'x.png', mime: 'image/png' as const, width: 1, height: 1, sha256: 'x' };
    expect((await failure(provider().submit({ ...still, firstFrame }, { idempotencyKey: 'k' }))).kind).toBe('bad_request');
    expect(server.requests).toHaveLength(0);
  });

  it("every still model of the shipped registry is served by the contract server as its model and quality", async () => {
    const models = shippedRegistry().models.filter((m) => m.provider === 'openai' && m.output === 'image');
    expect(models.length).toBeGreaterThanOrEqual(3);
    const p = provider();
    for (const m of models) {
      expect(m.seconds).toBeUndefined();
      for (const size of m.sizes) {
        const { remoteId } = await p.submit({ ...still, model: m.model, size: size as ProviderRequest['size'] }, { idempotencyKey: 'k' });
        await p.cancel(remoteId);
      }
    }
    const sent = generations().map((r) => r.json as { model: string; quality?: string; size: string });
    expect(sent.every((body) => body.quality !== undefined && !body.model.includes(':'))).toBe(true);
    expect(generations().every((r) => r.status === 200)).toBe(true);
  });
});
