/**
 * The `google` provider driving the real `@google/genai` SDK against the Veo contract server
 * over real HTTP: request body, operation polling (also from a bare stored name, as after a
 * restart), a real MP4 behind a cross-origin redirect, and every fault.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleProvider } from '../../main/providers/google-provider';
import { ProviderError, type ProviderRequest, type ImageInput } from '../../main/providers/provider';
import { startGoogleContractServer, type GoogleContractServer } from '../contract-servers/google-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { pollToEnd, probeClip } from './provider-test-kit';

let server: GoogleContractServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  server = await startGoogleContractServer({ renderMs: 200, steps: 2 });
  dir = makeTempDir('google-provider');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

function provider(apiKey = server.apiKey): GoogleProvider {
  logs = [];
  return new GoogleProvider({ apiKey, baseUrl: server.baseUrl, log: (line) => logs.push(line) });
}

const MODEL = 'veo-3.1-generate-preview';
const textRequest: ProviderRequest = { provider: 'google', model: MODEL, prompt: 'CLOSE-UP: rain on a window, rack focus', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } };

async function imageInput(width: number, height: number, color: string): Promise<ImageInput> {
  const name = `${crypto.randomUUID()}.png`;
  const file = await makeImage(path.join(dir, name), { width, height, color });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

function filesIn(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

describe('google provider against the Veo predictLongRunning contract', () => {
  it('sends the documented body, polls the operation and downloads a real MP4 without leaking the key to storage', async () => {
    const p = provider();
    const { remoteId } = await p.submit({ ...textRequest, negativePrompt: 'text, watermark' }, { idempotencyKey: 'shotline-test' });
    expect(remoteId).toMatch(new RegExp(`^models/${MODEL}/operations/[0-9a-f]+$`));

    const predict = server.requests[0];
    expect(predict?.method).toBe('POST');
    expect(predict?.path).toBe(`/v1beta/models/${MODEL}:predictLongRunning`);
    expect(predict?.headers['x-goog-api-key']).toBe(server.apiKey);
    expect(predict?.json).toEqual({
      instances: [{ prompt: textRequest.prompt }],
      parameters: { sampleCount: 1, durationSeconds: 4, aspectRatio: '16:9', resolution: '720p', negativePrompt: 'text, watermark' },
    });

    const seen = await pollToEnd(p, remoteId);
    expect(seen[0]?.state).toBe('running');
    expect(seen.at(-1)).toMatchObject({ state: 'completed', progress: 1 });
    expect(server.requests.some((r) => r.path === `/v1beta/${remoteId}`)).toBe(true);

    const dest = path.join(dir, 'text', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect(probe.duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);

    const fileRequest = server.requests.find((r) => r.path.includes(':download'));
    expect(fileRequest?.query).toEqual({ alt: 'media' });
    expect(fileRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
    const storageRequest = server.requests.find((r) => r.path.startsWith('storage:'));
    expect(storageRequest?.status).toBe(200);
    expect(storageRequest?.headers['x-goog-api-key']).toBeUndefined();
    expect(logs.join('\n')).not.toContain(server.apiKey);
  });

  it('sends first and last frames as base64 images and a portrait 1080p size as 9:16 / 1080p', async () => {
    const p = provider();
    const firstFrame = await imageInput(1080, 1920, '#224488');
    const lastFrame = await imageInput(1080, 1920, '#884422');
    const { remoteId } = await p.submit({ ...textRequest, seconds: 8, size: '1080x1920', firstFrame, lastFrame }, { idempotencyKey: 'shotline-test' });
    const predict = server.requests[0];
    const body = predict?.json as { instances: Record<string, { mimeType: string; bytesBase64Encoded: string }>[]; parameters: Record<string, unknown> };
    expect(body.parameters).toMatchObject({ durationSeconds: 8, aspectRatio: '9:16', resolution: '1080p' });
    expect(body.instances[0]?.image?.mimeType).toBe('image/png');
    expect(Buffer.from(body.instances[0]?.image?.bytesBase64Encoded ?? '', 'base64').equals(fs.readFileSync(firstFrame.path))).toBe(true);
    expect(predict?.images?.map((i) => [i.field, i.width, i.height])).toEqual([['image', 1080, 1920], ['lastFrame', 1080, 1920]]);
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
  });

  it('sends up to three references as asset reference images', async () => {
    const references = await Promise.all(['#aa0000', '#00aa00', '#0000aa'].map((c) => imageInput(640, 640, c)));
    await provider().submit({ ...textRequest, seconds: 8, references }, { idempotencyKey: 'shotline-test' });
    const predict = server.requests[0];
    expect(predict?.status).toBe(200);
    expect(predict?.images?.map((i) => i.field)).toEqual(['referenceImages[0]', 'referenceImages[1]', 'referenceImages[2]']);
    const body = predict?.json as { instances: { referenceImages: { referenceType: string }[] }[] };
    expect(body.instances[0]?.referenceImages.map((r) => r.referenceType)).toEqual(['ASSET', 'ASSET', 'ASSET']);
  });

  it('polls from a bare stored operation name, as after a restart, with a fresh client', async () => {
    const { remoteId } = await provider().submit(textRequest, { idempotencyKey: 'shotline-test' });
    const restarted = provider();
    expect((await pollToEnd(restarted, remoteId)).at(-1)?.state).toBe('completed');
    await restarted.download(remoteId, path.join(dir, 'restart', 'take.mp4'));
    expect(filesIn(path.join(dir, 'restart'))).toEqual(['take.mp4']);
  });

  it('maps a 400 for a request the API refuses (references without 8 s) to bad_request with the cause', async () => {
    const references = [await imageInput(640, 640, '#777777')];
    const error = await expectProviderError(provider().submit({ ...textRequest, seconds: 6, references }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(400);
    expect(error.message).toContain('referenceImages require durationSeconds 8');
  });

  it('refuses a size Veo does not render before calling the service', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, size: '1792x1024' }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('1792x1024');
    expect(server.requests).toHaveLength(0);
  });

  it('maps a wrong key (400 API_KEY_INVALID) and a 401 to auth, never retryable', async () => {
    const wrong = await expectProviderError(provider('wrong-key').submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(wrong.kind).toBe('auth');
    expect(wrong.retryable).toBe(false);
    expect(wrong.message).toContain('API key not valid');
    expect(server.requests[0]?.headers['x-goog-api-key']).toBe('wrong-key');

    server.setFault({ kind: 'status', route: 'predict', status: 401, message: 'Request had invalid authentication credentials.' });
    const unauthenticated = await expectProviderError(provider().submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(unauthenticated.kind).toBe('auth');
  });

  it('maps a retired model to not_found naming the model', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, model: 'veo-2.0-generate-001' }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('models/veo-2.0-generate-001 is not found');
  });

  it('surfaces 429 (with RetryInfo) and 500 as retryable errors, each sent once', async () => {
    server.setFault({ kind: 'status', route: 'predict', status: 429, retryAfterSeconds: 12 });
    const limited = await expectProviderError(provider().submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(limited.kind).toBe('rate_limit');
    expect(limited.retryable).toBe(true);
    expect(limited.details.retryAfterMs).toBe(12_000);

    server.setFault({ kind: 'status', route: 'operation', status: 500 });
    const { remoteId } = await provider().submit(textRequest, { idempotencyKey: 'shotline-test' });
    const failed = await expectProviderError(provider().poll(remoteId));
    expect(failed.kind).toBe('server');
    expect(failed.retryable).toBe(true);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200, 500]);
    // The queue's next poll goes through.
    expect((await pollToEnd(provider(), remoteId)).at(-1)?.state).toBe('completed');
  });

  it('reports an RAI-filtered result as a refusal with the filter reason', async () => {
    server.setFault({ kind: 'refusal', message: 'Your current safety settings for person generation prevented this video from being generated.' });
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.state).toBe('failed');
    expect(last?.error?.kind).toBe('refusal');
    expect(last?.error?.retryable).toBe(false);
    expect(last?.error?.message).toContain('prevented this video from being generated');
    const error = await expectProviderError(p.download(remoteId, path.join(dir, 'refused', 'take.mp4')));
    expect(error.kind).toBe('refusal');
    expect(filesIn(path.join(dir, 'refused'))).toEqual([]);
  });

  it('turns a download cut off half way into a network error with no file and no .part left', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    await pollToEnd(p, remoteId);
    server.setFault({ kind: 'cut-download' });
    const folder = path.join(dir, 'cut');
    const error = await expectProviderError(p.download(remoteId, path.join(folder, 'take.mp4')));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(filesIn(folder)).toEqual([]);
    await p.download(remoteId, path.join(folder, 'take.mp4'));
    expect(filesIn(folder)).toEqual(['take.mp4']);
  });

  it('reports a file that is gone as expired', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    await pollToEnd(p, remoteId);
    server.setFault({ kind: 'expired' });
    const folder = path.join(dir, 'expired');
    const error = await expectProviderError(p.download(remoteId, path.join(folder, 'take.mp4')));
    expect(error.kind).toBe('expired');
    expect(error.message).toMatch(/2 days/);
    expect(filesIn(folder)).toEqual([]);
  });

  it('reports a call stopped by its abort signal as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(provider().submit(textRequest, { signal: controller.signal, idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });

  it('reports an unreachable service as a retryable network error', async () => {
    const p = new GoogleProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', log: () => {} });
    const error = await expectProviderError(p.submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
  });
});
