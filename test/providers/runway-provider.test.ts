/**
 * The `runway` provider driving the real `@runwayml/sdk` against the Runway contract server over
 * real HTTP: request shapes per model, uploads, task states (THROTTLED too), credits billed, a
 * real MP4 at the destination, edits of a take, and every fault, including a create that was
 * billed and then lost on the way back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImageInput, ProviderRequest, VideoProvider } from '../../main/providers/provider';
import { RunwayProvider } from '../../main/providers/runway/runway-provider';
import { contractClip } from '../contract-servers/contract-clip';
import { RUNWAY_VERSION, startRunwayContractServer, type RunwayContractServer } from '../contract-servers/runway-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectCutDownloadRecovers, expectExpiredDownload, expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';

let server: RunwayContractServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  server = await startRunwayContractServer({ renderMs: 200, steps: 4 });
  dir = makeTempDir('runway-provider');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
  server.billed.length = 0;
  server.uploads.length = 0;
});

function provider(apiKey = server.apiKey, baseURL = server.baseUrl): RunwayProvider {
  logs = [];
  return new RunwayProvider({ apiKey, baseURL, log: (line) => logs.push(line) });
}

const KEY = { idempotencyKey: 'shotline-job-1' };
const textRequest: ProviderRequest = { provider: 'runway', model: 'gen4.5', prompt: 'The lamp swings; the camera drifts left.', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } };

async function imageInput(width: number, height: number, name = 'first.png', color = '#884422'): Promise<ImageInput> {
  const file = await makeImage(path.join(dir, `${crypto.randomUUID()}-${name}`), { width, height, color });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

/** A local address nothing listens on (a port just freed), so connecting is refused. */
async function closedPort(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && /^\/v1\/(text|image|video)_to_video$/.test(r.path));
describe('runway provider against the Runway API contract', () => {
  it('creates a text-to-video task with the documented body and headers, polls it to the end with its credits, and downloads a real MP4', async () => {
    const p = provider();
    const { remoteId, billed } = await p.submit({ ...textRequest, seed: 7 }, KEY);
    expect(billed).toBeUndefined(); // the create's estimatedCost is only a maximum
    const [create] = creates();
    expect(create?.path).toBe('/v1/text_to_video');
    expect(create?.json).toEqual({ model: 'gen4.5', promptText: textRequest.prompt, ratio: '1280:720', duration: 4, seed: 7 });
    expect(create?.headers.authorization).toBe(`Bearer ${server.apiKey}`);
    expect(create?.headers['x-runway-version']).toBe(RUNWAY_VERSION);
    // Runway takes no idempotency key: none is invented.
    expect(Object.keys(create?.headers ?? {}).filter((h) => /idempot/i.test(h))).toEqual([]);

    const seen = await pollToEnd(p, remoteId);
    expect(seen.at(-1)).toMatchObject({ state: 'completed', progress: 1, billed: { amount: 48, unit: 'credits' } });
    expect(server.billed).toEqual([{ taskId: remoteId, model: 'gen4.5', credits: 48 }]);
    expect(seen.some((r) => r.state === 'queued' || r.state === 'running')).toBe(true);
    expect(seen.filter((r) => r.state !== 'completed').every((r) => r.billed === undefined)).toBe(true);
    const progress = seen.map((r) => r.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const dest = path.join(dir, 'text', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect(probe.duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);
    // The signed output URL is fetched without the key.
    const output = server.requests.find((r) => r.path.startsWith('/outputs/'));
    expect(output?.status).toBe(200);
    expect(output?.headers.authorization).toBeUndefined();

    expect(logs.some((l) => l.includes(remoteId) && l.includes('at most 48 credits'))).toBe(true);
    expect(logs.join('\n')).not.toContain(server.apiKey);
  });

  it('uploads a first and a last frame with the SDK upload helper and sends Veo 3.1 their runway:// URIs, with sound and the negative prompt', async () => {
    const p = provider();
    const firstFrame = await imageInput(1280, 720, 'shot-04-first.png');
    const lastFrame = await imageInput(1280, 720, 'shot-04-last.png', '#224488');
    const request: ProviderRequest = { ...textRequest, model: 'veo3.1', seconds: 8, firstFrame, lastFrame, negativePrompt: 'text, watermark' };
    const { remoteId } = await p.submit(request, KEY);

    expect(server.uploads.map((u) => [u.filename, u.type, u.bytes, u.image?.width])).toEqual([
      ['shot-04-first.png', 'image/png', fs.statSync(firstFrame.path).size, 1280],
      ['shot-04-last.png', 'image/png', fs.statSync(lastFrame.path).size, 1280],
    ]);
    // Storage is presigned: the key goes only to the API.
    expect(server.uploads.every((u) => u.headers.authorization === undefined)).toBe(true);
    const [create] = creates();
    expect(create?.path).toBe('/v1/image_to_video');
    expect(create?.json).toEqual({
      model: 'veo3.1',
      promptImage: [
        { uri: server.uploads[0]!.runwayUri, position: 'first' },
        { uri: server.uploads[1]!.runwayUri, position: 'last' },
      ],
      promptText: request.prompt,
      ratio: '1280:720',
      duration: 8,
      audio: true,
      negativePrompt: 'text, watermark',
    });
    expect(JSON.stringify(create?.json)).not.toContain('data:');
    expect((await pollToEnd(p, remoteId)).at(-1)).toMatchObject({ state: 'completed', billed: { amount: 320, unit: 'credits' } });
  });

  it('sends Seedance 2.0 reference images as text-to-video references, and gen4_turbo its first frame', async () => {
    const p = provider();
    const references = [await imageInput(640, 640, 'ref-a.png'), await imageInput(640, 640, 'ref-b.png', '#448822')];
    await p.submit({ ...textRequest, model: 'seedance2', seconds: 5, size: '1920x1080', references }, KEY);
    await p.submit({ ...textRequest, model: 'gen4_turbo', seconds: 5, size: '1584x672', firstFrame: await imageInput(1584, 672) }, KEY);
    const [seedance, turbo] = creates();
    expect(seedance?.json).toEqual({
      model: 'seedance2', promptText: textRequest.prompt, ratio: '1920:1080', duration: 5,
      references: [{ uri: server.uploads[0]!.runwayUri }, { uri: server.uploads[1]!.runwayUri }], audio: true,
    });
    expect(turbo?.path).toBe('/v1/image_to_video');
    expect(turbo?.json).toMatchObject({ model: 'gen4_turbo', ratio: '1584:672', duration: 5, promptImage: [{ uri: server.uploads[2]!.runwayUri, position: 'first' }] });
    expect(creates().map((r) => r.status)).toEqual([200, 200]);
  });

  it('refuses what a model cannot make before sending or uploading anything, in sizes rather than ratios', async () => {
    const p = provider();
    const first = await imageInput(1280, 720);
    const cases: Array<[ProviderRequest, RegExp]> = [
      [{ ...textRequest, model: 'gen4_turbo' }, /starts only from a first frame/],
      [{ ...textRequest, size: '1104x832' }, /makes 1280x720, 720x1280 from text, not 1104x832 \(it makes 1104x832 from a first frame\)/],
      [{ ...textRequest, firstFrame: first, lastFrame: first }, /only a first frame, not a last frame/],
      [{ ...textRequest, lastFrame: first }, /last frame alone/],
      [{ ...textRequest, references: [first] }, /takes no reference images/],
      [{ ...textRequest, prompt: 'x'.repeat(1001) }, /at most 1000 characters; this one has 1001/],
      [{ ...textRequest, seconds: 4.5 }, /whole seconds/],
      [{ ...textRequest, model: 'aleph2' }, /only edits takes/],
    ];
    for (const [request, words] of cases) {
      const error = await expectProviderError(p.submit(request, KEY));
      expect(error.kind, request.model).toBe('bad_request');
      expect(error.message).toMatch(words);
      expect(error.details.sent).toBe('no');
    }
    expect(server.requests).toHaveLength(0);
  });

  it("reports the service's own words for a 400, never retried", async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, seed: 2 ** 33 }, KEY));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(400);
    expect(error.message).toContain('seed: Expected an integer from 0 to 4294967295.');
    expect(creates()).toHaveLength(1);
  });

  it('reads what a 400 says beyond its status: an empty credit balance, a moderation refusal at create time', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 400, message: 'You do not have enough credits to run this task.' });
    const broke = await expectProviderError(provider().submit(textRequest, KEY));
    expect(broke.kind).toBe('auth');
    expect(broke.message).toMatch(/no quota or credit left .*You do not have enough credits/);
    server.setFault({ kind: 'status', route: 'create', status: 400, message: 'promptText: Your prompt did not pass content moderation.' });
    const refused = await expectProviderError(provider().submit(textRequest, KEY));
    expect(refused.kind).toBe('refusal');
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('Your prompt did not pass content moderation.');
  });

  it('maps a bad key to auth with one request, without the key in the message', async () => {
    const error = await expectProviderError(provider('key_wrong').submit(textRequest, KEY));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/API key/);
    expect(error.message).not.toContain('key_wrong');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer key_wrong');
  });

  it('maps a retired model ("Model variant ... is not available") to not_found, not to a key problem', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, model: 'gen3a_turbo' }, KEY));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Model variant gen3a_turbo is not available.');
    expect(error.message).toMatch(/retired/);
    expect(creates()).toHaveLength(1);
  });

  it('surfaces a 429 on create as rate_limit with its retry-after, sent once', async () => {
    server.setFault({ kind: 'status', route: 'create', status: 429, retryAfterSeconds: 7 });
    const error = await expectProviderError(provider().submit(textRequest, KEY));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterMs).toBe(7000);
    expect(error.message).toContain('exceeded the number of generations');
    expect(creates()).toHaveLength(1);
  });

  it('lets the SDK retry a poll through two 5xx; a third surfaces as a retryable server error', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, KEY);
    server.setFault({ kind: 'status', route: 'task', status: 502, times: 2, retryAfterSeconds: 0 });
    expect(['queued', 'running', 'completed']).toContain((await p.poll(remoteId)).state);
    expect(server.requests.filter((r) => r.path === `/v1/tasks/${remoteId}`).map((r) => r.status)).toEqual([502, 502, 200]);

    server.setFault({ kind: 'status', route: 'task', status: 503, times: 3, retryAfterSeconds: 0 });
    const error = await expectProviderError(p.poll(remoteId));
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('shedding load');
  });

  it("reports a moderation failure as a refusal in Runway's words, and an internal failure as retryable", async () => {
    const p = provider();
    server.setFault({ kind: 'refusal', code: 'SAFETY.INPUT.TEXT', message: 'The prompt did not pass content moderation.' });
    const refused = await p.submit(textRequest, KEY);
    server.clearFaults();
    server.setFault({ kind: 'refusal', code: 'INTERNAL.BAD_OUTPUT.CODE01', message: 'The output was rejected for quality reasons.' });
    const broken = await p.submit(textRequest, KEY);

    const last = (await pollToEnd(p, refused.remoteId)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error?.kind).toBe('refusal');
    expect(last.error?.retryable).toBe(false);
    expect(last.error?.message).toContain('The prompt did not pass content moderation.');
    expect(last.error?.details.code).toBe('SAFETY.INPUT.TEXT');
    expect(last.billed).toEqual({ amount: 0, unit: 'credits' });

    const other = (await pollToEnd(p, broken.remoteId)).at(-1)!;
    expect(other.error?.kind).toBe('server');
    expect(other.error?.retryable).toBe(true);
    expect(other.error?.message).toContain('The output was rejected for quality reasons.');
  });

  it('shows THROTTLED tasks as queued with the service word, then runs them when a slot frees', async () => {
    const narrow = await startRunwayContractServer({ renderMs: 150, steps: 3, concurrency: 1 });
    try {
      const p = provider(narrow.apiKey, narrow.baseUrl);
      const a = await p.submit(textRequest, KEY);
      const b = await p.submit(textRequest, { idempotencyKey: 'shotline-job-2' });
      expect(await p.poll(b.remoteId)).toEqual({ state: 'queued', progress: 0, serviceState: 'THROTTLED' });
      expect((await pollToEnd(p, a.remoteId)).at(-1)?.state).toBe('completed');
      const seen = await pollToEnd(p, b.remoteId);
      expect(seen.at(-1)?.state).toBe('completed');
      expect(seen.some((r) => r.serviceState === undefined && r.state !== 'completed')).toBe(true);
    } finally {
      await narrow.close();
    }
  });

  it('cancels a running task with tasks.delete (then it polls as cancelled, 0 credits), deletes a finished one, and is quiet when it is gone', async () => {
    const p = provider();
    const running = await p.submit(textRequest, KEY);
    await p.cancel(running.remoteId);
    expect(server.taskStatus(running.remoteId)).toBe('CANCELLED');
    const polled = await p.poll(running.remoteId);
    expect(polled).toMatchObject({ state: 'failed', billed: { amount: 0, unit: 'credits' } });
    expect(polled.error?.kind).toBe('cancelled');

    const finished = await p.submit(textRequest, KEY);
    await pollToEnd(p, finished.remoteId);
    await p.cancel(finished.remoteId);
    expect(server.taskStatus(finished.remoteId)).toBe('DELETED');
    expect((await expectProviderError(p.poll(finished.remoteId))).kind).toBe('not_found');
    await p.cancel(finished.remoteId); // already gone: no error
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([204, 204, 404]);
    expect(logs.some((l) => l.includes('already gone'))).toBe(true);
  });

  it('turns a download cut off half way into a network error with no file and no .part, and the next attempt succeeds', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, KEY);
    await pollToEnd(p, remoteId);
    await expectCutDownloadRecovers(p, remoteId, path.join(dir, 'cut'), () => server.setFault({ kind: 'cut-download' }));
  });

  it('reports an output the storage no longer serves, or a task Runway no longer has, as expired', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, KEY);
    await pollToEnd(p, remoteId);
    const folder = path.join(dir, 'expired');
    const error = await expectExpiredDownload(p, remoteId, folder, () => server.setFault({ kind: 'expired' }));
    expect(error.details.status).toBe(403);
    expect(filesIn(folder)).toEqual([]);
    // Each download asked for the task again first (fresh signed URLs).
    expect(server.requests.filter((r) => r.path === `/v1/tasks/${remoteId}`).length).toBeGreaterThanOrEqual(2);

    server.clearFaults();
    await p.cancel(remoteId); // a finished task: deleted
    const gone = await expectProviderError(p.download(remoteId, path.join(folder, 'take.mp4')));
    expect(gone.kind).toBe('expired');
    expect(gone.message).toContain('no longer has task');
  });

  it('a create billed and then dropped on the way back: reported without sent "no", never resent by the adapter, one bill', async () => {
    const p = provider();
    expect(p.createGuard).toBe('none');
    expect((p as VideoProvider).findSubmitted).toBeUndefined();

    server.setFault({ kind: 'bill-then-fail', answer: 'drop' });
    const dropped = await expectProviderError(p.submit(textRequest, KEY));
    expect(dropped.kind).toBe('network');
    expect(dropped.details.sent).toBeUndefined();
    expect(creates()).toHaveLength(1);
    expect(server.billed).toHaveLength(1);
    // The task exists and renders at Runway: only a lookup could find it, and Runway lists none.
    expect(server.taskStatus(server.billed[0]!.taskId)).toMatch(/PENDING|RUNNING|SUCCEEDED/);

    server.setFault({ kind: 'bill-then-fail', answer: 500 });
    const failed = await expectProviderError(p.submit(textRequest, KEY));
    expect(failed.kind).toBe('server');
    expect(failed.details.sent).toBeUndefined();
    expect(failed.details.status).toBe(500);
    expect(creates()).toHaveLength(2);
    expect(server.billed).toHaveLength(2);
  });

  it('marks failures that provably never reached Runway as sent "no": a refused connection, and an upload that failed before the create', async () => {
    const refused = await expectProviderError(provider('key_x', await closedPort()).submit(textRequest, KEY));
    expect(refused.kind).toBe('network');
    expect(refused.details.sent).toBe('no');

    server.setFault({ kind: 'status', route: 'storage', status: 500 });
    const upload = await expectProviderError(provider().submit({ ...textRequest, firstFrame: await imageInput(1280, 720) }, KEY));
    expect(upload.kind).toBe('server');
    expect(upload.details.sent).toBe('no');
    expect(creates()).toHaveLength(0);
    expect(server.billed).toHaveLength(0);
  });

  it('edits a take with Aleph 2: the take goes up as an MP4 and video_to_video gets its URI and the prompt, no ratio or duration', async () => {
    const p = provider();
    const take = await contractClip({ width: 1280, height: 720, seconds: 4 });
    const request: ProviderRequest = {
      ...textRequest, model: 'aleph2', prompt: 'Make it night, rain on the window.', seed: 3,
      editOf: { takeId: 'take-1', remoteId: 'task-0', video: take },
    };
    const { remoteId } = await p.edit(request, KEY);
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0]).toMatchObject({ type: 'video/mp4', bytes: fs.statSync(take).size, video: { width: 1280, height: 720 } });
    const [create] = creates();
    expect(create?.path).toBe('/v1/video_to_video');
    expect(create?.json).toEqual({ model: 'aleph2', videoUri: server.uploads[0]!.runwayUri, promptText: request.prompt, seed: 3 });
    expect((await pollToEnd(p, remoteId)).at(-1)).toMatchObject({ state: 'completed', billed: { amount: 80, unit: 'credits' } });
    const dest = path.join(dir, 'edit', 'take.mp4');
    await p.download(remoteId, dest);
    expect(await probeClip(dest)).toMatchObject({ width: 1280, height: 720 });

    // Gemini Omni Flash edits with reference images; Gen-4.5 does not edit.
    const refs = [await imageInput(640, 640, 'style.png')];
    await p.edit({ ...request, model: 'gemini_omni_flash', seed: undefined, references: refs }, KEY);
    // References go up first, then the take.
    expect(creates()[1]?.json).toEqual({ model: 'gemini_omni_flash', videoUri: server.uploads[2]!.runwayUri, promptText: request.prompt, references: [{ uri: server.uploads[1]!.runwayUri }] });
    const refusedEdit = await expectProviderError(p.edit({ ...request, model: 'gen4.5' }, KEY));
    expect(refusedEdit.kind).toBe('bad_request');
    expect(refusedEdit.message).toMatch(/does not edit takes; pick Aleph 2/);
  });

  it("edits a take whose request still carries the parent's frames and references: the video stands for the frames, references go only where the model takes them", async () => {
    const p = provider();
    const take = await contractClip({ width: 1280, height: 720, seconds: 4 });
    const first = await imageInput(1280, 720, 'parent-first.png');
    const refs = [await imageInput(640, 640, 'parent-ref.png')];
    // As takes.edit builds it: the parent's request with the edit model and a new prompt.
    const inherited: ProviderRequest = { ...textRequest, model: 'aleph2', prompt: 'Snow instead of rain.', firstFrame: first, references: refs, editOf: { takeId: 't', remoteId: null, video: take } };
    await p.edit(inherited, KEY);
    expect(server.uploads.map((u) => u.type)).toEqual(['video/mp4']);
    expect(creates()[0]?.json).toEqual({ model: 'aleph2', videoUri: server.uploads[0]!.runwayUri, promptText: 'Snow instead of rain.' });
    expect(logs.some((l) => l.includes('not sent (from the parent') && l.includes('first frame, 1 reference image(s)'))).toBe(true);

    await p.edit({ ...inherited, model: 'gemini_omni_flash' }, KEY);
    expect(creates()[1]?.json).toMatchObject({ model: 'gemini_omni_flash', references: [{ uri: server.uploads[1]!.runwayUri }] });
    expect(server.uploads.map((u) => u.type)).toEqual(['video/mp4', 'image/png', 'video/mp4']);
  });

  it('reports a call stopped by its abort signal as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(provider().submit(textRequest, { signal: controller.signal, ...KEY }));
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
  });
});
