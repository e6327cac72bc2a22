/**
 * The `fal` provider driving the real `@fal-ai/client` against the fal contract server over
 * real HTTP (the client's hosts swapped for the server's origin): the queue calls and storage
 * uploads as the client makes them, the request shapes, real MP4s and stills at the
 * destination, and every fault, including a create billed and then dropped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FalProvider } from '../../main/providers/fal/fal-provider';
import { INPUT_SHAPES } from '../../main/providers/fal/input-shapes';
import type { ImageInput, ProviderRequest } from '../../main/providers/provider';
import { findModel, mergeRegistry, parseRegistryOverride, shippedRegistry, type Registry } from '../../shared/registry/registry';
import type { ModelEntryInput } from '../../shared/registry/registry-schema';
import { startFalContractServer, type FalContractServer } from '../contract-servers/fal-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectCutDownloadRecovers, expectExpiredDownload, expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';

let server: FalContractServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  server = await startFalContractServer({ renderMs: 200, steps: 4 });
  dir = makeTempDir('fal-provider');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
  server.jobs.clear();
});

/** An address where nothing listens (connection refused). */
async function closedPort(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const shapesOf = (registry: Registry) => (model: string) => findModel(registry, 'fal', model)?.inputShape;

function provider(options: { apiKey?: string; registry?: Registry; baseUrl?: string } = {}): FalProvider {
  logs = [];
  return new FalProvider({
    apiKey: options.apiKey ?? server.apiKey,
    baseUrl: options.baseUrl ?? server.baseUrl,
    shapeOf: shapesOf(options.registry ?? shippedRegistry()),
    log: (line) => logs.push(line),
  });
}

const fps = { num: 24, den: 1 };
const veoText: ProviderRequest = {
  provider: 'fal',
  model: 'fal-ai/veo3.1',
  prompt: 'Slow dolly-in on a lighthouse at dusk. SFX: waves.',
  negativePrompt: 'text, watermark',
  seconds: 4,
  size: '1280x720',
  fps,
};

async function imageInput(width: number, height: number, name = 'frame.png', color = '#884422'): Promise<ImageInput> {
  const file = await makeImage(path.join(dir, `${crypto.randomUUID()}-${name}`), { width, height, color });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

const submits = () => server.requests.filter((r) => r.method === 'POST' && !r.path.startsWith('/storage/'));
const key = { idempotencyKey: 'shotline-test' };

describe('fal provider against the queue and storage contract', () => {
  it('submits Veo 3.1 text-to-video with its documented fields, polls the queue to COMPLETED and downloads a real MP4', async () => {
    const p = provider();
    expect(p.createGuard).toBe('none');
    const { remoteId } = await p.submit(veoText, key);
    expect(remoteId).toMatch(/^fal-ai\/veo3\.1\/requests\/[0-9a-f-]{36}$/);

    const [create] = submits();
    expect(create?.path).toBe('/fal-ai/veo3.1');
    expect(create?.headers.authorization).toBe(`Key ${server.apiKey}`);
    expect(create?.headers['x-fal-queue-priority']).toBe('normal');
    expect(create?.json).toEqual({
      prompt: veoText.prompt,
      negative_prompt: 'text, watermark',
      aspect_ratio: '16:9',
      duration: '4s',
      resolution: '720p',
      generate_audio: true,
      auto_fix: false,
    });

    const seen = await pollToEnd(p, remoteId);
    expect(seen.at(-1)).toMatchObject({ state: 'completed', progress: 1, serviceState: 'COMPLETED' });
    expect(seen[0]).toMatchObject({ state: 'queued', serviceState: 'IN_QUEUE (position 0)' });
    expect(seen.some((r) => r.state === 'running' && r.progress > 0 && r.progress < 1)).toBe(true);
    const id = remoteId.split('/').at(-1)!;
    const status = server.requests.find((r) => r.path.endsWith('/status'));
    expect(status).toMatchObject({ method: 'GET', path: `/fal-ai/veo3.1/requests/${id}/status`, query: { logs: '1' } });
    // Nothing reports money; the billable units are logged, not returned as billed.
    expect(seen.every((r) => r.billed === undefined)).toBe(true);
    expect(logs.some((l) => l.includes(id) && l.includes('4 billable units'))).toBe(true);

    const dest = path.join(dir, 'veo', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect(probe.duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);
    // The CDN is fetched without the key.
    const media = server.requests.find((r) => r.path.startsWith('/media/'));
    expect(media?.headers.authorization).toBeUndefined();
    expect(logs.join('\n')).not.toContain(server.apiKey);
  });

  it('uploads first and last frames through storage.upload and sends Kling 3.0 to its image-to-video sibling; status drops the sub-path', async () => {
    const p = provider();
    const firstFrame = await imageInput(1920, 1080, 'shot-04-first.png');
    const lastFrame = await imageInput(1920, 1080, 'shot-04-last.png', '#224488');
    const { remoteId } = await p.submit({ ...veoText, model: 'fal-ai/kling-video/v3/pro/text-to-video', size: '1920x1080', seconds: 5, firstFrame, lastFrame }, key);

    const initiates = server.requests.filter((r) => r.path === '/storage/upload/initiate');
    expect(initiates.map((r) => [r.query, r.json, r.headers.authorization])).toEqual([
      [{ storage_type: 'fal-cdn-v3' }, { content_type: 'image/png', file_name: 'shot-04-first.png' }, `Key ${server.apiKey}`],
      [{ storage_type: 'fal-cdn-v3' }, { content_type: 'image/png', file_name: 'shot-04-last.png' }, `Key ${server.apiKey}`],
    ]);
    const puts = server.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/upload/'));
    expect(puts).toHaveLength(2);
    expect(puts.every((r) => r.headers.authorization === undefined)).toBe(true);

    const create = submits()[0]!;
    expect(create.path).toBe('/fal-ai/kling-video/v3/pro/image-to-video');
    const input = create.json as Record<string, unknown>;
    expect(input).toMatchObject({ prompt: veoText.prompt, duration: '5', generate_audio: true, negative_prompt: 'text, watermark' });
    expect(input.aspect_ratio).toBeUndefined();
    expect(input.start_image_url).toMatch(new RegExp(`^${server.baseUrl}/files/[0-9a-f]+/shot-04-first\\.png$`));
    expect(create.images?.map((i) => [i.field, i.width, i.height])).toEqual([
      ['start_image_url', 1920, 1080],
      ['end_image_url', 1920, 1080],
    ]);
    expect(remoteId).toMatch(/^fal-ai\/kling-video\/v3\/pro\/image-to-video\/requests\//);

    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    const id = remoteId.split('/').at(-1)!;
    expect(server.requests.some((r) => r.path === `/fal-ai/kling-video/requests/${id}/status`)).toBe(true);
    const dest = path.join(dir, 'kling', 'take.mp4');
    await p.download(remoteId, dest);
    expect(await probeClip(dest)).toMatchObject({ width: 1920, height: 1080 });
  });

  it('sends reference images to the reference endpoints (Seedance 2.0 image_urls, Wan 2.7 reference_image_urls)', async () => {
    const p = provider();
    const references = [await imageInput(512, 512, 'mara.png'), await imageInput(512, 512, 'lamp.png', '#aa8800')];
    await p.submit({ ...veoText, model: 'bytedance/seedance-2.0/text-to-video', seconds: 6, references }, key);
    await p.submit({ ...veoText, model: 'fal-ai/wan/v2.7/text-to-video', size: '1920x1080', seconds: 8, references, seed: 7 }, key);
    const [seedance, wan] = submits();
    expect(seedance?.path).toBe('/bytedance/seedance-2.0/reference-to-video');
    expect(seedance?.json).toMatchObject({ aspect_ratio: '16:9', resolution: '720p', duration: '6', generate_audio: true });
    expect(seedance?.images?.map((i) => i.field)).toEqual(['image_urls[0]', 'image_urls[1]']);
    expect(wan?.path).toBe('/fal-ai/wan/v2.7/reference-to-video');
    expect(wan?.json).toMatchObject({ resolution: '1080p', duration: 8, seed: 7, negative_prompt: 'text, watermark' });
    expect(wan?.images?.map((i) => i.field)).toEqual(['reference_image_urls[0]', 'reference_image_urls[1]']);
    expect(wan?.status).toBe(200);
  });

  it('sizes LTX-2.3 22B in frames: 5 s is 121 frames at 24 fps, at the exact size', async () => {
    const p = provider();
    const { remoteId } = await p.submit({ ...veoText, model: 'fal-ai/ltx-2.3-22b/text-to-video', size: '1280x704', seconds: 5 }, key);
    expect(submits()[0]?.json).toMatchObject({ num_frames: 121, fps: 24, video_size: { width: 1280, height: 704 }, enable_prompt_expansion: false });
    await pollToEnd(p, remoteId);
    const dest = path.join(dir, 'ltx', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 704 });
    expect(probe.duration).toBeCloseTo(5, 0);
  });

  it('makes a still through the same queue: FLUX with image_size, the PNG bytes at the destination', async () => {
    const p = provider();
    const { remoteId } = await p.submit({ ...veoText, model: 'fal-ai/flux/dev', output: 'image', seconds: 1 }, key);
    expect(submits()[0]).toMatchObject({ path: '/fal-ai/flux/dev', json: { prompt: veoText.prompt, image_size: { width: 1280, height: 720 }, num_images: 1 } });
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    const dest = path.join(dir, 'still', 'original.mp4');
    await p.download(remoteId, dest);
    const bytes = fs.readFileSync(dest);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 1280, height: 720, format: 'png' });
    expect(filesIn(path.dirname(dest))).toEqual(['original.mp4']);
    // A still model makes a still even when the request does not say so; a clip it refuses.
    await p.submit({ ...veoText, model: 'fal-ai/bytedance/seedream/v4.5/text-to-image', size: '2560x1440', seconds: 1 }, key);
    expect(submits()[1]).toMatchObject({ path: '/fal-ai/bytedance/seedream/v4.5/text-to-image', status: 200, json: { image_size: { width: 2560, height: 1440 } } });
    const clip = await expectProviderError(p.submit({ ...veoText, model: 'fal-ai/flux/dev', output: 'video' }, key));
    expect(clip.message).toMatch(/make still images, not clips/);
  });

  it('takes a new endpoint from a registry entry alone when its inputs follow a known shape', async () => {
    const veoFast: ModelEntryInput = {
      provider: 'fal',
      model: 'fal-ai/veo3.1/fast',
      displayName: 'Veo 3.1 Fast (fal)',
      promptFamily: 'veo',
      inputShape: 'veo',
      sizes: ['1280x720'],
      seconds: { values: [4, 6, 8] },
      imageInputs: { firstFrame: true, lastFrame: true, maxReferences: 0, referencesExcludeFrames: false },
      audio: true,
      negativePrompt: true,
      prices: [{ sizes: ['*'], usdPerSecond: 0.15, source: 'third-party' }],
      status: { state: 'active' },
    };
    const { registry, added } = mergeRegistry(shippedRegistry(), parseRegistryOverride([veoFast]));
    expect(added).toEqual(['fal/fal-ai/veo3.1/fast']);
    const p = provider({ registry });
    const firstFrame = await imageInput(1280, 720);
    const { remoteId } = await p.submit({ ...veoText, model: 'fal-ai/veo3.1/fast', seconds: 6, firstFrame }, key);
    expect(submits()[0]).toMatchObject({ path: '/fal-ai/veo3.1/fast/image-to-video', status: 200, json: { duration: '6s', image_url: expect.stringContaining('/files/') } });
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    // Every shipped fal model names a shape the adapter knows.
    for (const m of shippedRegistry().models.filter((x) => x.provider === 'fal')) expect(Object.keys(INPUT_SHAPES)).toContain(m.inputShape);
  });

  it('refuses what a shape cannot send before uploading or submitting anything', async () => {
    const p = provider();
    const lastFrame = await imageInput(1280, 720);
    const firstFrame = await imageInput(1280, 720);
    const omni = await expectProviderError(p.submit({ ...veoText, model: 'google/gemini-omni-flash', firstFrame, lastFrame }, key));
    expect(omni.kind).toBe('bad_request');
    expect(omni.message).toMatch(/do not take a last frame/);
    const ltx = await expectProviderError(p.submit({ ...veoText, model: 'fal-ai/ltx-2.3-22b/text-to-video', size: '1280x704', seconds: 5.5 }, key));
    expect(ltx.message).toMatch(/133 frames/);
    const unshaped = await expectProviderError(provider({ registry: { ...shippedRegistry(), models: [] } }).submit(veoText, key));
    expect(unshaped.message).toMatch(/names no inputShape.*veo, omni, kling-v3/);
    expect(server.requests).toHaveLength(0);
  });

  it('maps a 422 validation error at submit to bad_request in fal\'s words, and a bad key to auth, each sent once', async () => {
    // A registry entry that names the wrong shape: fal's validator answers, not the adapter.
    const wrong = mergeRegistry(shippedRegistry(), parseRegistryOverride([{ ...findModel(shippedRegistry(), 'fal', 'google/gemini-omni-flash')!, inputShape: 'veo' }])).registry;
    const invalid = await expectProviderError(provider({ registry: wrong }).submit({ ...veoText, model: 'google/gemini-omni-flash' }, key));
    expect(invalid.kind).toBe('bad_request');
    expect(invalid.retryable).toBe(false);
    expect(invalid.message).toContain('Extra inputs are not permitted');
    expect(invalid.details).toMatchObject({ status: 422, code: 'extra_forbidden' });

    const badKey = await expectProviderError(provider({ apiKey: 'wrong-fal-key' }).submit(veoText, key));
    expect(badKey.kind).toBe('auth');
    expect(badKey.message).toContain('No user found for Key ID and Secret');
    expect(badKey.message).not.toContain('wrong-fal-key');
    expect(submits().map((r) => r.headers.authorization)).toEqual([`Key ${server.apiKey}`, 'Key wrong-fal-key']);
  });

  it('maps a retired endpoint to not_found with a message that says so', async () => {
    const retired = mergeRegistry(shippedRegistry(), parseRegistryOverride([{ ...findModel(shippedRegistry(), 'fal', 'fal-ai/kling-video/v3/standard/text-to-video')!, model: 'fal-ai/kling-video/v1/standard/text-to-video' }])).registry;
    const error = await expectProviderError(provider({ registry: retired }).submit({ ...veoText, model: 'fal-ai/kling-video/v1/standard/text-to-video', seconds: 5 }, key));
    expect(error.kind).toBe('not_found');
    expect(error.message).toMatch(/not found.*retired/);
  });

  it('surfaces a 429 at submit with its retry-after, sent once although the client would retry it three times', async () => {
    server.setFault({ kind: 'status', route: 'submit', status: 429, retryAfterSeconds: 7 });
    const error = await expectProviderError(provider().submit(veoText, key));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBe(7000);
    expect(submits()).toHaveLength(1);
    expect(server.jobs.size).toBe(0);
  });

  it('reports a 503 on a status check as a retryable server error after one call, and the next poll goes on', async () => {
    const p = provider();
    const { remoteId } = await p.submit(veoText, key);
    server.setFault({ kind: 'status', route: 'status', status: 503 });
    const error = await expectProviderError(p.poll(remoteId));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(server.requests.filter((r) => r.path.endsWith('/status')).map((r) => r.status)).toEqual([503]);
    expect(['queued', 'running', 'completed']).toContain((await p.poll(remoteId)).state);
    // A 5xx on the result read is a failed read too, not a failed job.
    await pollToEnd(p, remoteId).catch(() => undefined);
    server.setFault({ kind: 'status', route: 'result', status: 502 });
    const read = await expectProviderError(provider().poll(remoteId));
    expect(read.kind).toBe('server');
  });

  it('reports a refused shot as a failed job in fal\'s words, never retryable, with one create', async () => {
    server.setFault({ kind: 'refusal', message: 'The prompt was flagged by our content checker.' });
    const p = provider();
    const { remoteId } = await p.submit(veoText, key);
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.state).toBe('failed');
    expect(last?.error?.kind).toBe('refusal');
    expect(last?.error?.retryable).toBe(false);
    expect(last?.error?.message).toContain('The prompt was flagged by our content checker.');
    expect(last?.error?.details.code).toBe('content_policy_violation');
    expect(submits()).toHaveLength(1);
    // The download says the same, rather than fetching nothing.
    const again = await expectProviderError(provider().download(remoteId, path.join(dir, 'refused', 'take.mp4')));
    expect(again.kind).toBe('refusal');
    expect(filesIn(path.join(dir, 'refused'))).toEqual([]);
  });

  it('cancels a queued request (then reports it cancelled) and is quiet about a finished one', async () => {
    const slow = await startFalContractServer({ renderMs: 5000, steps: 10 });
    try {
      const p = provider({ baseUrl: slow.baseUrl, apiKey: slow.apiKey });
      const { remoteId } = await p.submit(veoText, key);
      await p.cancel(remoteId);
      const id = remoteId.split('/').at(-1)!;
      expect(slow.requests.find((r) => r.method === 'PUT')).toMatchObject({ path: `/fal-ai/veo3.1/requests/${id}/cancel`, status: 202 });
      const after = await p.poll(remoteId);
      expect(after.state).toBe('failed');
      expect(after.error?.kind).toBe('cancelled');
      // Cancelling again: fal answers 400 ALREADY_COMPLETED, which is not an error here.
      await p.cancel(remoteId);
      expect(slow.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([202, 400]);
    } finally {
      await slow.close();
    }
  });

  it('turns a download cut off half way into a network error with no file and no .part left; the retry succeeds', async () => {
    const p = provider();
    const { remoteId } = await p.submit(veoText, key);
    await pollToEnd(p, remoteId);
    await expectCutDownloadRecovers(p, remoteId, path.join(dir, 'cut'), () => server.setFault({ kind: 'cut-download' }));
  });

  it('reports an output the CDN no longer has as expired', async () => {
    const p = provider();
    const { remoteId } = await p.submit(veoText, key);
    await pollToEnd(p, remoteId);
    await expectExpiredDownload(p, remoteId, path.join(dir, 'expired'), () => server.setFault({ kind: 'expired' }));
  });

  it('a create billed and then dropped (reset or 500) is reported without sent: "no" and never resent by the adapter', async () => {
    for (const how of ['reset', 'status500'] as const) {
      server.requests.length = 0;
      server.jobs.clear();
      server.setFault({ kind: 'billed-then-drop', how });
      const error = await expectProviderError(provider().submit(veoText, key));
      expect(error.kind).toBe(how === 'reset' ? 'network' : 'server');
      expect(error.retryable).toBe(true);
      expect(error.details.sent).toBeUndefined();
      // The server took (and bills) one request; the client's own retries would have made four.
      expect(server.jobs.size).toBe(1);
      expect(submits().map((r) => r.status)).toEqual([how === 'reset' ? 0 : 500]);
    }
  });

  it('a create that times out after fal took it is a network failure (not a cancel), without sent: "no"', async () => {
    server.setFault({ kind: 'billed-then-drop', how: 'hang' });
    logs = [];
    const p = new FalProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, shapeOf: shapesOf(shippedRegistry()), timeouts: { submit: 150 }, log: (l) => logs.push(l) });
    const error = await expectProviderError(p.submit(veoText, key));
    expect(error.kind).toBe('network');
    expect(error.details.sent).toBeUndefined();
    expect(server.jobs.size).toBe(1);
    expect(submits()).toHaveLength(1);
  });

  it('marks failures that provably never reached fal with sent: "no": an unreachable host, a failed image upload', async () => {
    const offline = await expectProviderError(provider({ baseUrl: await closedPort() }).submit(veoText, key));
    expect(offline.kind).toBe('network');
    expect(offline.details.sent).toBe('no');

    server.setFault({ kind: 'status', route: 'initiate', status: 500 });
    const firstFrame = await imageInput(1280, 720);
    const upload = await expectProviderError(provider().submit({ ...veoText, firstFrame }, key));
    expect(upload.kind).toBe('server');
    expect(upload.details.sent).toBe('no');
    expect(upload.message).toMatch(/uploading the first frame/);
    expect(submits()).toHaveLength(0);
  });

  it('reports a call stopped by its abort signal as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(provider().submit(veoText, { ...key, signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
  });
});
