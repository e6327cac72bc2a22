/**
 * The `openai` provider driving the real `openai` SDK against the OpenAI-compatible contract
 * server over real HTTP: request shape, a real MP4 at the destination, and every fault.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiProvider } from '../../main/providers/openai-provider';
import type { ProviderRequest, ImageInput } from '../../main/providers/provider';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectExpiredDownload, expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';

let server: OpenAiContractServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  server = await startOpenAiContractServer({ renderMs: 200, steps: 4 });
  dir = makeTempDir('openai-provider');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

function provider(apiKey = server.apiKey): OpenAiProvider {
  logs = [];
  return new OpenAiProvider({ apiKey, baseURL: server.baseUrl, log: (line) => logs.push(line) });
}

const textRequest: ProviderRequest = { provider: 'openai', model: 'sora-2', prompt: 'WIDE: a lighthouse at dusk, slow push in', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } };

async function imageInput(width: number, height: number, name = 'first.png'): Promise<ImageInput> {
  const file = await makeImage(path.join(dir, `${crypto.randomUUID()}-${name}`), { width, height, color: '#884422' });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

describe('openai provider against the /v1/videos contract', () => {
  it('submits a multipart create with the documented fields, polls to completion and downloads a real MP4', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    expect(remoteId).toMatch(/^video_/);

    const create = server.requests.find((r) => r.method === 'POST' && r.path === '/v1/videos');
    expect(create?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(create?.headers.authorization).toBe(`Bearer ${server.apiKey}`);
    // The job's key goes with the create (an explicit header: the SDK's own option sends none for OpenAI).
    expect(create?.headers['idempotency-key']).toBe('shotline-test');
    // Multipart fields are text: seconds goes as the string "4", exactly as the contract asks.
    expect(create?.fields).toEqual({ model: 'sora-2', prompt: textRequest.prompt, seconds: '4', size: '1280x720' });
    expect(create?.images).toEqual([]);

    const seen = await pollToEnd(p, remoteId);
    expect(seen.at(-1)).toMatchObject({ state: 'completed', progress: 1 });
    expect(seen.some((r) => r.state === 'queued' || r.state === 'running')).toBe(true);
    const progress = seen.map((r) => r.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(seen[0]?.pollAfterMs).toBe(50);

    const dest = path.join(dir, 'text', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect(probe.duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);
    const content = server.requests.find((r) => r.path.endsWith('/content'));
    expect(content?.query).toEqual({ variant: 'video' });

    // Request ids are logged; the key never is.
    expect(logs.some((l) => l.includes(remoteId) && /x-request-id req_\d+/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(server.apiKey);
  });

  it('uploads the first frame as input_reference with a filename, MIME type and the exact size', async () => {
    const p = provider();
    const firstFrame = await imageInput(1280, 720, 'shot-03-first.png');
    const { remoteId } = await p.submit({ ...textRequest, seconds: 8, firstFrame }, { idempotencyKey: 'shotline-test' });
    const create = server.requests.find((r) => r.method === 'POST' && r.path === '/v1/videos');
    expect(create?.fields?.seconds).toBe('8');
    expect(create?.images).toEqual([
      { field: 'input_reference', filename: 'shot-03-first.png', type: 'image/png', bytes: fs.statSync(firstFrame.path).size, width: 1280, height: 720, format: 'png' },
    ]);
    const seen = await pollToEnd(p, remoteId);
    expect(seen.at(-1)?.state).toBe('completed');
  });

  it('refuses a first frame that is not exactly the clip size before calling the service', async () => {
    const p = provider();
    const firstFrame = await imageInput(1024, 576);
    const error = await expectProviderError(p.submit({ ...textRequest, firstFrame }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('1024x576');
    expect(error.message).toContain('1280x720');
    expect(server.requests).toHaveLength(0);
  });

  it('maps a 400 from the service (size the model does not render) to bad_request, naming the cause', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, size: '1792x1024' }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(400);
    expect(error.message).toContain("'1792x1024'");
    expect(error.details.requestId).toMatch(/^req_/);
  });

  it('maps a bad key to auth without retrying, and sends the key as a Bearer header', async () => {
    const error = await expectProviderError(provider('wrong-key').submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/API key/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer wrong-key');
    expect(error.message).not.toContain('wrong-key');
  });

  it('maps a retired model to not_found with a message that says so', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, model: 'sora-1.0-turbo' }, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('sora-1.0-turbo');
    expect(error.message).toMatch(/retired/);
  });

  it('surfaces a 429 on create as a retryable rate_limit with retry-after, without an SDK retry', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 429, retryAfterSeconds: 7 });
    const error = await expectProviderError(provider().submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBe(7000);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('surfaces a 500 on create as a retryable server error, sent once (a POST may have billed)', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 500 });
    const error = await expectProviderError(provider().submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('lets the SDK retry idempotent polls: two 500s then OK recovers; three 429s surface as rate_limit', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    server.setFault({ kind: 'status', route: 'retrieve', status: 500, times: 2, retryAfterSeconds: 0 });
    const result = await p.poll(remoteId);
    expect(['queued', 'running', 'completed']).toContain(result.state);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === `/v1/videos/${remoteId}`).map((r) => r.status)).toEqual([500, 500, 200]);

    server.setFault({ kind: 'status', route: 'retrieve', status: 429, times: 3, retryAfterSeconds: 0 });
    const error = await expectProviderError(p.poll(remoteId));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
  });

  it('reports a moderation failure as a refusal with the provider message, never retryable', async () => {
    server.setFault({ kind: 'refusal', code: 'moderation_blocked', message: 'This request was blocked by our moderation system.' });
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.state).toBe('failed');
    expect(last?.error?.kind).toBe('refusal');
    expect(last?.error?.retryable).toBe(false);
    expect(last?.error?.message).toContain('This request was blocked by our moderation system.');
    expect(last?.error?.details.code).toBe('moderation_blocked');
  });

  it('maps a 400 with a moderation code at submit time to a refusal', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 400, code: 'moderation_blocked', message: 'Your prompt was flagged by our safety system.' });
    const error = await expectProviderError(provider().submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('refusal');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Your prompt was flagged by our safety system.');
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

    // The next attempt (as the queue would make) succeeds.
    await p.download(remoteId, path.join(folder, 'take.mp4'));
    expect(filesIn(folder)).toEqual(['take.mp4']);
  });

  it('reports content that is gone as expired', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    await pollToEnd(p, remoteId);
    await expectExpiredDownload(p, remoteId, path.join(dir, 'expired'), () => server.setFault({ kind: 'expired' }));
  });

  it('remixes a finished video with a JSON {prompt} and deletes it on cancel', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: 'shotline-test' });
    // A running job cannot be deleted by this API: cancel is quiet and leaves it alone.
    await p.cancel(remoteId);
    await pollToEnd(p, remoteId);

    const remix = await p.remix(remoteId, 'same shot, now at night', { idempotencyKey: 'shotline-test-remix' });
    expect(remix.remoteId).not.toBe(remoteId);
    const remixRequest = server.requests.find((r) => r.path === `/v1/videos/${remoteId}/remix`);
    expect(remixRequest?.json).toEqual({ prompt: 'same shot, now at night' });
    expect(remixRequest?.headers['idempotency-key']).toBe('shotline-test-remix');
    expect((await pollToEnd(p, remix.remoteId)).at(-1)?.state).toBe('completed');

    await p.cancel(remoteId);
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([400, 200]);
    const gone = await expectProviderError(p.poll(remoteId));
    expect(gone.kind).toBe('not_found');
  });

  it('reports a call stopped by its abort signal as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(provider().submit(textRequest, { signal: controller.signal, idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });

  it('reports an unreachable service as a retryable network error', async () => {
    const p = new OpenAiProvider({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', log: () => {} });
    const error = await expectProviderError(p.submit(textRequest, { idempotencyKey: 'shotline-test' }));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
  });
});
