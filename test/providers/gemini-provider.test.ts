/**
 * The `google` provider (Gemini Omni Flash and the Gemini image models over the Interactions
 * API) driving the real @google/genai SDK against the Gemini contract server over real HTTP:
 * request shape, Files API uploads, real MP4s and PNGs at the destination, every fault, and a
 * queue killed mid-render that resumes without a second create.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { GeminiProvider } from '../../main/providers/gemini/gemini-provider';
import { withImageRoles } from '../../main/providers/gemini/gemini-frames';
import type { ImageInput, ProviderRequest } from '../../main/providers/provider';
import { ProjectStore } from '../../main/store/project-store';
import { startGeminiContractServer, type GeminiContractServer } from '../contract-servers/gemini-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectCutDownloadRecovers, expectExpiredDownload, expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';

let server: GeminiContractServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  server = await startGeminiContractServer({ renderMs: 200, steps: 4, fileProcessingMs: 60 });
  dir = makeTempDir('gemini-provider');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

function provider(apiKey = server.apiKey, baseUrl = server.baseUrl): GeminiProvider {
  logs = [];
  return new GeminiProvider({ apiKey, baseUrl, readBackoffMs: 10, fileCheckMs: 20, log: (line) => logs.push(line) });
}

const key = { idempotencyKey: 'shotline-job-1' };
const textRequest: ProviderRequest = {
  provider: 'google', model: 'gemini-omni-1.1-flash', prompt: 'Slow dolly-in on a lighthouse at dusk. Single continuous shot.', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 },
};

async function imageInput(width: number, height: number, name: string, color = '#884422'): Promise<ImageInput> {
  const file = await makeImage(path.join(dir, `${crypto.randomUUID()}-${name}`), { width, height, color });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && /^\/v1(beta)?\/interactions$/.test(r.path));
async function finishedClip(p: GeminiProvider, request = textRequest): Promise<{ remoteId: string; file: string }> {
  const { remoteId } = await p.submit(request, key);
  expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
  const file = path.join(dir, 'takes', `${remoteId}.mp4`);
  await p.download(remoteId, file);
  return { remoteId, file };
}

describe('google provider (Gemini Omni) against the Interactions contract', () => {
  it('creates a background interaction with the documented snake_case body, polls to completion and downloads a real MP4', async () => {
    // Slow enough that the first poll surely sees `queued` and a later one `in_progress`, even on a busy machine.
    const slow = await startGeminiContractServer({ renderMs: 1200, steps: 4 });
    onTestFinished(() => slow.close());
    const p = provider(slow.apiKey, slow.baseUrl);
    const creates = () => slow.requests.filter((r) => r.method === 'POST' && r.path === '/v1/interactions');
    expect(p.createGuard).toBe('none');
    const { remoteId } = await p.submit(textRequest, key);
    expect(remoteId).toMatch(/^v1_/);
    const create = creates()[0];
    expect(create?.headers['x-goog-api-key']).toBe(slow.apiKey);
    expect(create?.json).toEqual({
      model: 'gemini-omni-1.1-flash',
      input: [{ type: 'text', text: textRequest.prompt }],
      response_format: { type: 'video', aspect_ratio: '16:9', resolution: '720p', duration: '4s', delivery: 'uri' },
      background: true,
    });

    const seen = await pollToEnd(p, remoteId);
    expect(seen[0]).toEqual({ state: 'queued', progress: 0 });
    expect(seen.map((r) => r.state)).toContain('running');
    expect(seen.at(-1)).toEqual({ state: 'completed', progress: 1 });

    const dest = path.join(dir, 'text', 'take.mp4');
    await p.download(remoteId, dest);
    expect(await probeClip(dest)).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect((await probeClip(dest)).duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);
    const download = slow.requests.find((r) => r.path.endsWith(':download'));
    expect(download?.query.alt).toBe('media');
    expect(download?.headers['x-goog-api-key']).toBe(slow.apiKey);

    expect(logs.some((l) => l.includes(remoteId))).toBe(true);
    expect(logs.join('\n')).not.toContain(slow.apiKey);
  });

  it('uploads first frame, last frame and references with the Files API, sends them by URI with their roles, once per image', async () => {
    const p = provider();
    const firstFrame = await imageInput(1280, 720, 'first.png');
    const lastFrame = await imageInput(1280, 720, 'last.png', '#224488');
    const hero = await imageInput(512, 512, 'hero.png', '#22aa44');
    const request = { ...textRequest, model: 'gemini-omni-1.2-flash', size: '720x1280' as const, seconds: 12, seed: 7, firstFrame, lastFrame, references: [hero] };
    const { remoteId } = await p.submit(request, key);

    const uploads = server.requests.filter((r) => r.path === '/upload/v1/files' && !r.query.upload_id);
    expect(uploads.map((r) => (r.json as { file: { displayName: string } }).file.displayName)).toEqual(['first.png', 'last.png', 'hero.png']);
    expect(uploads.map((r) => r.headers['x-goog-upload-header-content-type'])).toEqual(['image/png', 'image/png', 'image/png']);
    const body = creates()[0]?.json as { input: Array<Record<string, string>>; generation_config: unknown; response_format: unknown };
    expect(body.input.slice(0, 3).map((b) => [b.type, b.mime_type, b.data])).toEqual([['image', 'image/png', undefined], ['image', 'image/png', undefined], ['image', 'image/png', undefined]]);
    expect(body.input.slice(0, 3).every((b) => b.uri?.startsWith(`${server.baseUrl}/v1/files/`))).toBe(true);
    expect(body.input[3]).toEqual({
      type: 'text',
      text: `[# Sources <FIRST_FRAME>@Image1 <LAST_FRAME>@Image2] [# References <IMAGE_REF_0>@Image3] ${textRequest.prompt}`,
    });
    // Frames and references together: the model infers the task; the seed goes along.
    expect(body.generation_config).toEqual({ seed: 7 });
    expect(body.response_format).toEqual({ type: 'video', aspect_ratio: '9:16', resolution: '720p', duration: '12s', delivery: 'uri' });
    expect(creates()[0]?.images?.map((i) => [i.width, i.height])).toEqual([[1280, 720], [1280, 720], [512, 512]]);
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');

    // The same bytes are not uploaded again while Google keeps them (48 h).
    server.requests.length = 0;
    await p.submit({ ...textRequest, firstFrame }, key);
    expect(server.requests.filter((r) => r.path.startsWith('/upload/'))).toEqual([]);
    expect((creates()[0]?.json as { generation_config: unknown }).generation_config).toEqual({ video_config: { task: 'image_to_video' } });
  });

  it('leaves a prompt that already binds its images as written', () => {
    const tagged = '<FIRST_FRAME> the statue turns';
    expect(withImageRoles(tagged, { firstFrame: true, lastFrame: false, references: 0 })).toBe(tagged);
    expect(withImageRoles('a gull lands', { firstFrame: false, lastFrame: false, references: 2 })).toBe('[# References <IMAGE_REF_0>@Image1 <IMAGE_REF_1>@Image2] a gull lands');
    expect(withImageRoles('a gull lands', { firstFrame: false, lastFrame: false, references: 0 })).toBe('a gull lands');
  });

  it('refuses a size Omni does not render before sending anything', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, size: '1024x1024' }, key));
    expect(error.kind).toBe('bad_request');
    expect(error.details.sent).toBe('no');
    expect(error.message).toContain('1024x1024');
    expect(server.requests).toHaveLength(0);
  });

  it('cancels a running interaction at Google; cancelling a finished one is quiet', async () => {
    // A render that surely still runs when the cancel arrives.
    const slow = await startGeminiContractServer({ renderMs: 5000 });
    onTestFinished(() => slow.close());
    const running = provider(slow.apiKey, slow.baseUrl);
    const { remoteId } = await running.submit(textRequest, key);
    await running.cancel(remoteId);
    const cancel = slow.requests.find((r) => r.path === `/v1/interactions/${remoteId}/cancel`);
    expect(cancel?.method).toBe('POST');
    expect(cancel?.status).toBe(200);
    const after = await running.poll(remoteId);
    expect(after.state).toBe('failed');
    expect(after.error?.kind).toBe('cancelled');

    const p = provider();
    const done = await finishedClip(p);
    await p.cancel(done.remoteId);
    expect(server.requests.find((r) => r.path === `/v1/interactions/${done.remoteId}/cancel`)?.status).toBe(400);
  });

  it('reports a refusal (a finished interaction with only text) in Google\'s words, never retryable', async () => {
    server.setFault({ kind: 'refusal', message: 'I can\'t make this video: it may go against our policies on depicting real people.' });
    const p = provider();
    const { remoteId } = await p.submit(textRequest, key);
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.state).toBe('failed');
    expect(last?.error?.kind).toBe('refusal');
    expect(last?.error?.retryable).toBe(false);
    expect(last?.error?.message).toContain('it may go against our policies on depicting real people.');
    const error = await expectProviderError(p.download(remoteId, path.join(dir, 'refused', 'take.mp4')));
    expect(error.kind).toBe('refusal');
    expect(filesIn(path.join(dir, 'refused'))).toEqual([]);
    expect(creates()).toHaveLength(1);
  });

  it('reports a failed interaction with a safety code as a refusal, and one refused at create time too', async () => {
    server.setFault({ kind: 'refusal', code: 'SAFETY', message: 'The prompt was blocked for safety reasons.' });
    const p = provider();
    const { remoteId } = await p.submit(textRequest, key);
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.error).toMatchObject({ kind: 'refusal', details: { code: 'SAFETY' } });
    expect(last?.error?.message).toContain('The prompt was blocked for safety reasons.');

    server.clearFaults();
    server.setFault({ kind: 'status', route: 'create', status: 400, code: 'invalid_request', message: 'The request was blocked for safety reasons: it depicts a real public figure.' });
    const atCreate = await expectProviderError(p.submit(textRequest, key));
    expect(atCreate.kind).toBe('refusal');
    expect(atCreate.retryable).toBe(false);
    expect(atCreate.message).toContain('it depicts a real public figure.');
  });

  it('surfaces a 429 on create as rate_limit with retry-after, sent once (no SDK retry)', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 429, retryAfterSeconds: 7 });
    const error = await expectProviderError(provider().submit(textRequest, key));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBe(7000);
    expect(creates()).toHaveLength(1);
  });

  it('lets the SDK retry polls: two 503s then OK recovers; a lasting 500 surfaces as a retryable server error', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, key);
    server.setFault({ kind: 'status', route: 'get', status: 503, times: 2, retryAfterSeconds: 0 });
    const result = await p.poll(remoteId);
    expect(['queued', 'running', 'completed']).toContain(result.state);
    expect(server.requests.filter((r) => r.path === `/v1/interactions/${remoteId}`).map((r) => r.status)).toEqual([503, 503, 200]);

    server.setFault({ kind: 'status', route: 'get', status: 500, times: 3, retryAfterSeconds: 0 });
    const error = await expectProviderError(p.poll(remoteId));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.details.status).toBe(500);
  });

  it('turns a download cut off half way into a network error with no file and no .part; the next attempt succeeds', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, key);
    await pollToEnd(p, remoteId);
    await expectCutDownloadRecovers(p, remoteId, path.join(dir, 'cut'), () => server.setFault({ kind: 'cut-download' }));
  });

  it('reports a generated file that is gone as expired', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, key);
    await pollToEnd(p, remoteId);
    const folder = path.join(dir, 'expired');
    const error = await expectExpiredDownload(p, remoteId, folder, () => server.setFault({ kind: 'expired' }));
    expect(error.message).toMatch(/48 hours/);
    expect(filesIn(folder)).toEqual([]);
  });

  it('reports an interaction Google no longer knows as not_found, saying how long Google keeps them', async () => {
    const error = await expectProviderError(provider().poll('v1_gone'));
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain('v1_gone');
    expect(error.message).toMatch(/55 days/);
  });

  it('maps a bad key to auth without retrying, and never puts the key in the message', async () => {
    const error = await expectProviderError(provider('AIza-wrong-key').submit(textRequest, key));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/API key/);
    expect(error.message).not.toContain('AIza-wrong-key');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-goog-api-key']).toBe('AIza-wrong-key');
  });

  it('maps a retired model to not_found with a message that says so', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, model: 'gemini-omni-flash-preview' }, key));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('gemini-omni-flash-preview');
    expect(error.message).toMatch(/retired/);
  });

  it('billed then dropped: a create Google took before the connection dropped is reported without sent:no and never resent', async () => {
    const p = provider();
    const before = server.interactions.length;
    server.failAfterCreate('drop');
    const dropped = await expectProviderError(p.submit(textRequest, key));
    expect(dropped.kind).toBe('network');
    expect(dropped.details.sent).toBeUndefined();
    const billed = server.interactions.length;
    expect(billed).toBe(before + 1);

    server.failAfterCreate('status-500');
    const failed = await expectProviderError(p.submit(textRequest, key));
    expect(failed.kind).toBe('server');
    expect(failed.details.sent).toBeUndefined();
    // Guard `none`: each call sent exactly one create, and Google holds (and bills) both.
    expect(creates()).toHaveLength(2);
    expect(server.interactions.length).toBe(billed + 1);
  });

  it('reports an unreachable service as a network error that provably never reached it', async () => {
    // A port that was just free (fetch refuses "bad ports" such as 9 before connecting at all).
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const p = provider('k', `http://127.0.0.1:${port}`);
    const error = await expectProviderError(p.submit(textRequest, key));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.details.sent).toBe('no');
  });

  it('reports a call stopped by its abort signal as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(provider().submit(textRequest, { ...key, signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
  });

  it('follows a download redirect without sending the key to the other host', async () => {
    const redirecting = await startGeminiContractServer({ renderMs: 50, redirectDownloads: true });
    try {
      const p = provider(redirecting.apiKey, redirecting.baseUrl);
      const { remoteId } = await p.submit(textRequest, key);
      await pollToEnd(p, remoteId);
      const dest = path.join(dir, 'redirect', 'take.mp4');
      await p.download(remoteId, dest);
      expect((await probeClip(dest)).width).toBe(1280);
      const blob = redirecting.requests.find((r) => r.path.startsWith('storage:'));
      expect(blob?.status).toBe(200);
      expect(blob?.headers['x-goog-api-key']).toBeUndefined();
    } finally {
      await redirecting.close();
    }
  });
});

describe('refine and extend a take', () => {
  it('refines through previous_interaction_id while Google keeps the interaction (edit)', async () => {
    const p = provider();
    const parent = await finishedClip(p);
    server.requests.length = 0;
    // The edit request carries the parent's images, as the queue builds it; a refine does not resend them.
    const hero = await imageInput(512, 512, 'hero-refine.png');
    const { remoteId } = await p.edit({ ...textRequest, references: [hero], prompt: 'Make it night. Keep everything else the same.', editOf: { takeId: 't1', remoteId: parent.remoteId, video: parent.file } }, key);
    expect(creates()[0]?.json).toEqual({
      model: 'gemini-omni-1.1-flash',
      previous_interaction_id: parent.remoteId,
      input: [{ type: 'text', text: 'Make it night. Keep everything else the same.' }],
      response_format: { type: 'video', delivery: 'uri' },
      background: true,
      generation_config: { video_config: { task: 'edit' } },
    });
    expect(server.requests.some((r) => r.path.startsWith('/upload/'))).toBe(false);
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    const dest = path.join(dir, 'refined.mp4');
    await p.download(remoteId, dest);
    expect(await probeClip(dest)).toMatchObject({ width: 1280, height: 720 });
  });

  it('sends the take\'s video as the source when the earlier interaction is gone or the take has none', async () => {
    const p = provider();
    const parent = await finishedClip(p);
    const hero = await imageInput(512, 512, 'hero-edit.png', '#aa2222');
    for (const remoteId of ['v1_forgotten', null]) {
      server.requests.length = 0;
      const { remoteId: id } = await p.edit({ ...textRequest, references: [hero], prompt: 'Make it anime.', editOf: { takeId: 't2', remoteId, video: parent.file } }, key);
      const uploads = server.requests.filter((r) => r.path === '/upload/v1/files' && !r.query.upload_id);
      expect(uploads.map((r) => r.headers['x-goog-upload-header-content-type'])).toContain('video/mp4');
      // The video was PROCESSING first: the adapter waited for ACTIVE before the create.
      expect(server.requests.filter((r) => r.path.startsWith('/v1/files/')).length).toBeGreaterThan(0);
      const body = creates()[0]?.json as { input: Array<Record<string, string>>; previous_interaction_id?: string };
      expect(body.previous_interaction_id).toBeUndefined();
      expect(body.input[0]).toMatchObject({ type: 'video', mime_type: 'video/mp4' });
      expect(body.input[0]?.uri).toMatch(/\/v1\/files\/[a-z0-9]+$/);
      // The source video, then the references with their roles, then the instruction.
      expect(body.input.slice(1).map((b) => b.type)).toEqual(['image', 'text']);
      expect(body.input[2]?.text).toBe('[# References <IMAGE_REF_0>@Image1] Make it anime.');
      expect((await pollToEnd(p, id)).at(-1)?.state).toBe('completed');
    }
  });

  it('extends a finished interaction by the seconds asked for', async () => {
    const p = provider();
    const parent = await finishedClip(p);
    server.requests.length = 0;
    const { remoteId } = await p.extend(parent.remoteId, { ...textRequest, prompt: 'The beam sweeps over the sea.', seconds: 3 }, key);
    expect(creates()[0]?.json).toEqual({
      model: 'gemini-omni-1.1-flash',
      previous_interaction_id: parent.remoteId,
      input: [{ type: 'text', text: 'The beam sweeps over the sea.' }],
      response_format: { type: 'video', duration: '3s', delivery: 'uri' },
      background: true,
      generation_config: { video_config: { task: 'extend' } },
    });
    await pollToEnd(p, remoteId);
    const dest = path.join(dir, 'extended.mp4');
    await p.download(remoteId, dest);
    expect((await probeClip(dest)).duration).toBeCloseTo(7, 0);

    const gone = await expectProviderError(p.extend('v1_forgotten', textRequest, key));
    expect(gone.kind).toBe('not_found');
    expect(gone.message).toMatch(/55 days/);
  });
});

describe('stills from the Gemini image models', () => {
  const still: ProviderRequest = { ...textRequest, model: 'gemini-3.1-flash-image', output: 'image', size: '1376x768', prompt: 'Storyboard frame: the lighthouse at dusk, wide.' };

  it('answers the create itself; poll says completed without asking again and download writes the PNG', async () => {
    const p = provider();
    const { remoteId } = await p.submit(still, key);
    expect(creates()[0]?.json).toEqual({
      model: 'gemini-3.1-flash-image',
      input: [{ type: 'text', text: still.prompt }],
      response_format: { type: 'image', aspect_ratio: '16:9', image_size: '1K' },
    });
    server.requests.length = 0;
    expect(await p.poll(remoteId)).toEqual({ state: 'completed', progress: 1 });
    const dest = path.join(dir, 'stills', 'frame.png');
    await p.download(remoteId, dest);
    expect(server.requests).toHaveLength(0);
    expect(await sharp(dest).metadata()).toMatchObject({ format: 'png', width: 1376, height: 768 });
    expect(filesIn(path.dirname(dest))).toEqual(['frame.png']);
  });

  it('survives a restart: a new process fetches the stored interaction again', async () => {
    const { remoteId } = await provider().submit({ ...still, model: 'gemini-3-pro-image', size: '2048x2048' }, key);
    const restarted = provider();
    expect((await restarted.poll(remoteId)).state).toBe('completed');
    const dest = path.join(dir, 'stills', 'after-restart.jpg');
    await restarted.download(remoteId, dest);
    expect(server.requests.filter((r) => r.path === `/v1/interactions/${remoteId}`)).toHaveLength(2);
    // The bytes say PNG whatever the name says; ingest reads the bytes.
    expect(await sharp(dest).metadata()).toMatchObject({ format: 'png', width: 2048, height: 2048 });
  });

  it('reports a still Google declined as a refusal in its words', async () => {
    server.setFault({ kind: 'refusal', message: 'I can\'t create that image because it may go against our policies.' });
    const p = provider();
    const { remoteId } = await p.submit(still, key);
    const result = await p.poll(remoteId);
    expect(result.state).toBe('failed');
    expect(result.error?.kind).toBe('refusal');
    expect(result.error?.message).toContain('it may go against our policies.');
  });

  it('refuses a size the image models do not make before sending anything', async () => {
    const error = await expectProviderError(provider().submit({ ...still, size: '1280x720' }, key));
    expect(error.kind).toBe('bad_request');
    expect(server.requests).toHaveLength(0);
  });
});

// ---- The queue in a child process, killed mid-render (the pattern of crash-resume.test.ts) ----

const KEY = 'AIza-shotline-crash-test-key-5e6f';




describe('google provider under the real queue', () => {
  it('resumes after SIGKILL mid-render by polling the stored interaction ids: one create per shot', async () => {
    const crashServer = await startGeminiContractServer({ apiKey: KEY, renderMs: 2500, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const projectRoot = makeTempDir('gemini-crash');
      const settingsDir = path.join(projectRoot, 'home');
      const store = await ProjectStore.create(projectRoot, { name: 'Omni crash', size: '1280x720' });
      for (const prompt of ['The lamp turns.', 'A ship on the horizon.', 'Rain on the window.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 4, provider: 'google', model: 'gemini-omni-1.1-flash', size: '1280x720' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      // The descriptor's variables: GEMINI_API_KEY and GOOGLE_GEMINI_BASE_URL.
      const env = { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: crashServer.baseUrl };

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      await waitFor('two interaction ids in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const atKill = jobRows(dbFile);
      expect(atKill.filter((j) => j.status === 'running' && j.remote_id?.startsWith('v1_'))).toHaveLength(2);
      expect(crashServer.interactions).toHaveLength(2);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      expect(await b.exited, b.err()).toBe(0);
      expect((JSON.parse(b.out()) as Array<{ status: string }>).map((j) => j.status)).toEqual(['done', 'done', 'done']);
      // Exactly one create per shot on the server, and the two resumed jobs were polled by id.
      expect(crashServer.interactions).toHaveLength(3);
      for (const row of atKill.filter((j) => j.remote_id)) {
        expect(crashServer.requests.some((r) => r.method === 'GET' && r.path === `/v1/interactions/${row.remote_id}`)).toBe(true);
      }
      const reopened = await ProjectStore.open(projectDir);
      try {
        for (const shot of reopened.shots.list()) expect(reopened.takes.ofShot(shot.id)).toHaveLength(1);
      } finally {
        reopened.close();
      }
      expect(b.err()).not.toContain(KEY);
    } finally {
      first?.proc.kill('SIGKILL');
      await crashServer.close();
    }
  }, 60_000);
});
