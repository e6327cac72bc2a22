/**
 * The `comfyui` provider against the ComfyUI contract server over real HTTP and a real
 * WebSocket: the workflow as queued, progress from /ws and from /history polling, a real MP4 or
 * PNG at the destination, the host pool, every failure a GPU host has, and the guard that keeps
 * a create that was taken but not answered from rendering twice.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ComfyUiProvider, KEY_FIELD, promptIdFor } from '../../main/providers/comfyui/comfyui-provider';
import { clientIdOf } from '../../main/providers/comfyui/progress-watcher';
import type { ImageInput, PollResult, ProviderRequest } from '../../main/providers/provider';
import { checkRequest, mergeRegistry, parseRegistryOverride, shippedRegistry } from '../../shared/registry/registry';
import { startComfyContractServer, TEMPLATE_MODELS, type ApiNode, type ComfyContractServer } from '../contract-servers/comfyui-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';

let server: ComfyContractServer;
let dir: string;
let logs: string[];
const made: ComfyUiProvider[] = [];

beforeAll(async () => {
  server = await startComfyContractServer({ renderMs: 150, steps: 3 });
  dir = makeTempDir('comfyui-provider');
});
afterAll(async () => {
  for (const p of made) p.dispose();
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

function provider(baseUrl: string = server.baseUrl, extra: Partial<ConstructorParameters<typeof ComfyUiProvider>[0]> = {}): ComfyUiProvider {
  logs = [];
  const p = new ComfyUiProvider({ baseUrl, log: (line) => logs.push(line), watcher: { connectTimeoutMs: 500 }, ...extra });
  made.push(p);
  return p;
}

const key = () => `shotline-${crypto.randomUUID()}`;
const ltx: ProviderRequest = { provider: 'comfyui', model: 'ltx-2-19b-distilled', prompt: 'A lighthouse at dusk, the lamp turning.', negativePrompt: 'subtitles, captions', seconds: 2, size: '768x512', fps: { num: 24, den: 1 } };
const flux: ProviderRequest = { provider: 'comfyui', model: 'flux1-schnell', prompt: 'Storyboard frame: a lighthouse.', seconds: 0, size: '1024x1024', fps: { num: 24, den: 1 }, output: 'image' };

async function imageInput(width: number, height: number): Promise<ImageInput> {
  const file = await makeImage(path.join(dir, `${crypto.randomUUID()}.png`), { width, height, color: '#884422' });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: 'media/inputs/first.png', name: 'first.png', mime: 'image/png', width, height, sha256 };
}

const promptsTo = (s: ComfyContractServer) => s.requests.filter((r) => r.method === 'POST' && r.path === '/prompt');
const nodesOf = (graph: Record<string, ApiNode>, cls: string) => Object.values(graph).filter((n) => n.class_type === cls);
/** A local port nothing listens on (a host that is down). */
async function closedPort(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('comfyui provider against the ComfyUI contract server', () => {
  it('queues the patched LTX-2 workflow under the prompt id derived from the key, follows it over /ws and downloads a real MP4', async () => {
    const p = provider();
    const k = key();
    const { remoteId } = await p.submit(ltx, { idempotencyKey: k });
    const promptId = promptIdFor(k);
    expect(remoteId).toBe(`${server.baseUrl}#${promptId}`);

    const [create] = promptsTo(server);
    const body = create!.json as { prompt: Record<string, ApiNode>; client_id: string; prompt_id: string; extra_data: Record<string, unknown> };
    expect(body.prompt_id).toBe(promptId);
    expect(body.client_id).toBe(clientIdOf(promptId));
    expect(body.extra_data).toEqual({ [KEY_FIELD]: k });
    const graph = body.prompt;
    const texts = nodesOf(graph, 'CLIPTextEncode').map((n) => n.inputs!.text);
    expect(texts).toEqual([ltx.prompt, 'subtitles, captions']);
    expect(nodesOf(graph, 'EmptyLTXVLatentVideo')[0]!.inputs).toMatchObject({ width: 768, height: 512 });
    // 2 s at 24 fps is 48 frames; LTX takes 8n+1, so 49.
    expect(nodesOf(graph, 'PrimitiveInt')[0]!.inputs!.value).toBe(49);
    expect(nodesOf(graph, 'CreateVideo')[0]!.inputs!.fps).toBe(24);
    // The socket was open before the prompt was queued, under the prompt's own client id.
    const socketAt = server.requests.findIndex((r) => r.path === '/ws');
    expect(socketAt).toBeGreaterThanOrEqual(0);
    expect(socketAt).toBeLessThan(server.requests.indexOf(create!));
    expect(server.socketClients.at(-1)).toBe(clientIdOf(promptId));

    const seen = await pollToEnd(p, remoteId);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'completed', progress: 1 });
    expect(last.serviceState).toMatch(/^GPU time \d+\.\d s on 127\.0\.0\.1:\d+$/);
    const progress = seen.map((r) => r.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const dest = path.join(dir, 'ltx', 'take.mp4');
    await p.download(remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 768, height: 512, video: 'h264' });
    expect(probe.duration).toBeCloseTo(49 / 24, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);
    const view = server.requests.find((r) => r.path === '/view');
    expect(view?.query).toEqual({ filename: 'LTX-2_00001_.mp4', subfolder: 'video', type: 'output' });
    expect(logs.some((l) => l.includes(`queued ${promptId}`))).toBe(true);
    expect(logs.some((l) => /finished .*GPU time/.test(l))).toBe(true);
  });

  it('reports progress from the socket while rendering, without asking /history or /queue', async () => {
    const slow = await startComfyContractServer({ renderMs: 1200, steps: 6 });
    try {
      const p = provider(slow.baseUrl);
      const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
      // Let it start, then poll the way the queue does.
      await new Promise((r) => setTimeout(r, 400));
      slow.requests.length = 0;
      const running: PollResult[] = [];
      for (let i = 0; i < 4; i++) {
        running.push(await p.poll(remoteId));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(running.every((r) => r.state === 'running')).toBe(true);
      expect(running.some((r) => r.progress > 0 && r.progress < 1)).toBe(true);
      expect(running.at(-1)!.serviceState).toMatch(/^Rendering on 127\.0\.0\.1:\d+: node \d+ step \d\/6, \d+ s of GPU time so far$/);
      expect(slow.requests.filter((r) => r.path.startsWith('/history') || r.path === '/queue')).toEqual([]);
      expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    } finally {
      await slow.close();
    }
  });

  it('falls back to polling /history and /queue when the host has no socket, reporting the place in its queue', async () => {
    const noWs = await startComfyContractServer({ renderMs: 300, steps: 2, websocket: false });
    try {
      const p = provider(noWs.baseUrl);
      const first = await p.submit(ltx, { idempotencyKey: key() });
      const second = await p.submit({ ...ltx, prompt: 'Rain on the window.' }, { idempotencyKey: key() });
      const waiting = await p.poll(second.remoteId);
      expect(waiting).toMatchObject({ state: 'queued', progress: 0 });
      expect(waiting.serviceState).toMatch(/^Queued on 127\.0\.0\.1:\d+: 1 ahead$/);
      const seen = await pollToEnd(p, first.remoteId);
      expect(seen.at(-1)?.state).toBe('completed');
      expect(seen.some((r) => r.state === 'running')).toBe(true);
      expect((await pollToEnd(p, second.remoteId)).at(-1)?.state).toBe('completed');
      expect(noWs.requests.some((r) => r.path === '/history/' + promptIdFor('x'))).toBe(false);
      expect(noWs.requests.filter((r) => r.path.startsWith('/history/')).length).toBeGreaterThan(1);
      expect(logs.some((l) => l.includes('no progress socket'))).toBe(true);
    } finally {
      await noWs.close();
    }
  });

  it('uploads the first frame under a name from its hash and points LoadImage at it (Wan 2.2 image to video)', async () => {
    const p = provider();
    const firstFrame = await imageInput(832, 480);
    const request: ProviderRequest = { ...ltx, model: 'wan2.2-i2v-a14b', size: '832x480', seconds: 3, firstFrame };
    const { remoteId } = await p.submit(request, { idempotencyKey: key() });
    const upload = server.requests.find((r) => r.path === '/upload/image');
    expect(upload?.fields).toEqual({ overwrite: 'true', type: 'input' });
    expect(upload?.images?.[0]).toMatchObject({ field: 'image', type: 'image/png', width: 832, height: 480, filename: expect.stringMatching(/^shotline-[0-9a-f]{20}\.png$/) });
    const graph = (promptsTo(server)[0]!.json as { prompt: Record<string, ApiNode> }).prompt;
    expect(nodesOf(graph, 'LoadImage')[0]!.inputs!.image).toBe(upload!.images![0]!.filename);
    // 3 s at 16 fps is 48 frames; Wan takes 4n+1, so 49.
    expect(nodesOf(graph, 'WanImageToVideo')[0]!.inputs).toMatchObject({ width: 832, height: 480, length: 49 });
    await pollToEnd(p, remoteId);
    const dest = path.join(dir, 'wan', 'take.mp4');
    await p.download(remoteId, dest);
    expect(await probeClip(dest)).toMatchObject({ width: 832, height: 480 });
  });

  it('uses the LTX-2 first-frame template when the shot has one, and refuses Wan 2.2 without one before calling the host', async () => {
    const p = provider();
    await p.submit({ ...ltx, firstFrame: await imageInput(768, 512) }, { idempotencyKey: key() });
    const graph = (promptsTo(server)[0]!.json as { prompt: Record<string, ApiNode> }).prompt;
    expect(nodesOf(graph, 'LTXVImgToVideoInplace')).toHaveLength(1);
    server.requests.length = 0;
    const error = await expectProviderError(p.submit({ ...ltx, model: 'wan2.2-i2v-a14b', size: '832x480' }, { idempotencyKey: key() }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(/add one to the shot/);
    expect(server.requests).toEqual([]);
  });

  it('makes a still with the FLUX template and downloads the PNG', async () => {
    const p = provider();
    const { remoteId } = await p.submit(flux, { idempotencyKey: key() });
    const graph = (promptsTo(server)[0]!.json as { prompt: Record<string, ApiNode> }).prompt;
    expect(nodesOf(graph, 'EmptySD3LatentImage')[0]!.inputs).toMatchObject({ width: 1024, height: 1024 });
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    const dest = path.join(dir, 'still', 'original.mp4');
    await p.download(remoteId, dest);
    const meta = await sharp(dest).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1024]);
    expect(filesIn(path.dirname(dest))).toEqual(['original.mp4']);
  });

  it('sends a job to the pool host with the shortest queue, skips a host that is down, and polls each job on its host', async () => {
    const busy = await startComfyContractServer({ renderMs: 2000, steps: 2 });
    const idle = await startComfyContractServer({ renderMs: 100, steps: 2 });
    try {
      // Two prompts waiting on `busy`.
      await provider(busy.baseUrl).submit(ltx, { idempotencyKey: key() });
      await provider(busy.baseUrl).submit(ltx, { idempotencyKey: key() });
      const down = await closedPort();
      const p = provider(`${busy.baseUrl}, ${down} ${idle.baseUrl}`);
      const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
      expect(remoteId.startsWith(`${idle.baseUrl}#`)).toBe(true);
      expect(promptsTo(idle)).toHaveLength(1);
      expect(promptsTo(busy)).toHaveLength(2);
      expect(logs.some((l) => l.includes(`skipped ${new URL(down).host}`) && l.includes('ECONNREFUSED'))).toBe(true);
      expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
      expect(idle.requests.some((r) => r.path.startsWith('/history/'))).toBe(true);
    } finally {
      await Promise.all([busy.close(), idle.close()]);
    }
  });

  it('reports a host that is down as a network error that provably sent nothing, saying what to check', async () => {
    const down = await closedPort();
    const error = await expectProviderError(provider(down).submit(ltx, { idempotencyKey: key() }));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.details.sent).toBe('no');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toMatch(/is ComfyUI running there\?.*--listen/);
    const pool = await expectProviderError(provider(`${down},${await closedPort()}`).submit(ltx, { idempotencyKey: key() }));
    expect(pool.details.sent).toBe('no');
    expect(pool.message).toMatch(/None of the 2 ComfyUI hosts answered/);
    // A port the fetch standard blocks is refused here, before anything is sent.
    const blocked = await expectProviderError(provider('http://127.0.0.1:6000').submit(ltx, { idempotencyKey: key() }));
    expect(blocked.details.sent).toBe('no');
    expect(blocked.message).toMatch(/another port, such as 8188/);
  });

  it('names every node class the host lacks and says what to install, in ComfyUI\'s words, without retrying', async () => {
    const bare = await startComfyContractServer({ nodeClasses: (await import('../contract-servers/comfyui-server')).CORE_NODE_CLASSES.filter((c) => !c.startsWith('LTXV') && c !== 'LTXAVTextEncoderLoader') });
    try {
      const error = await expectProviderError(provider(bare.baseUrl).submit(ltx, { idempotencyKey: key() }));
      expect(error.kind).toBe('bad_request');
      expect(error.retryable).toBe(false);
      expect(error.details.code).toBe('missing_node_type');
      for (const cls of ['LTXAVTextEncoderLoader', 'LTXVAudioVAELoader', 'LTXVConditioning', 'LTXVSeparateAVLatent']) expect(error.message).toContain(`"${cls}"`);
      expect(error.message).toContain('The custom node may not be installed.');
      expect(error.message).toMatch(/Install Missing Custom Nodes/);
      expect(promptsTo(bare)).toHaveLength(1);
      expect(bare.prompts).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });

  it('names the model files the host lacks and the models/ folder each goes in', async () => {
    const noWan = await startComfyContractServer({ models: { ...TEMPLATE_MODELS, diffusion_models: [] } });
    try {
      const request: ProviderRequest = { ...ltx, model: 'wan2.2-i2v-a14b', size: '832x480', firstFrame: await imageInput(832, 480) };
      const error = await expectProviderError(provider(noWan.baseUrl).submit(request, { idempotencyKey: key() }));
      expect(error.kind).toBe('bad_request');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('"wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors" (UNETLoader unet_name: put it in ComfyUI/models/diffusion_models/)');
      expect(error.message).toContain('wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors');
    } finally {
      await noWan.close();
    }
  });

  it('reports out of GPU memory as a failure that says what to change, and another node error in ComfyUI\'s words', async () => {
    const p = provider();
    server.setFault({ kind: 'oom' });
    const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
    const last = (await pollToEnd(p, remoteId)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error?.kind).toBe('bad_request');
    expect(last.error?.retryable).toBe(false);
    expect(last.error?.details.code).toBe('out_of_memory');
    expect(last.error?.message).toMatch(/ran out of GPU memory in node 15 \(SamplerCustomAdvanced\)/);
    expect(last.error?.message).toMatch(/smaller size or a shorter clip/);
    const gone = await expectProviderError(p.download(remoteId, path.join(dir, 'oom', 'take.mp4')));
    expect(gone.details.code).toBe('out_of_memory');

    server.clearFaults();
    server.setFault({ kind: 'execution-error', exceptionType: 'RuntimeError', message: 'mat1 and mat2 shapes cannot be multiplied (77x768 and 4096x3072)' });
    const other = await p.submit(ltx, { idempotencyKey: key() });
    const failed = (await pollToEnd(p, other.remoteId)).at(-1)!;
    expect(failed.error?.kind).toBe('server');
    expect(failed.error?.message).toContain('RuntimeError: mat1 and mat2 shapes cannot be multiplied');
  });

  it('surfaces a 429 on /prompt as rate_limit with retry-after, sent once', async () => {
    server.setFault({ kind: 'status', route: 'prompt', status: 429, retryAfterSeconds: 7 });
    const error = await expectProviderError(provider().submit(ltx, { idempotencyKey: key() }));
    expect(error.kind).toBe('rate_limit');
    expect(error.details.retryAfterMs).toBe(7000);
    expect(promptsTo(server)).toHaveLength(1);
  });

  it('marks a failed first-frame upload as never sent: nothing was queued, so sending again cannot render twice', async () => {
    server.setFault({ kind: 'status', route: 'upload', status: 503 });
    const error = await expectProviderError(provider().submit({ ...ltx, firstFrame: await imageInput(768, 512) }, { idempotencyKey: key() }));
    expect(error.kind).toBe('server');
    expect(error.details.sent).toBe('no');
    expect(promptsTo(server)).toHaveLength(0);
  });

  it('surfaces a 500 on poll as a retryable server error, and the next poll recovers', async () => {
    const noWs = await startComfyContractServer({ renderMs: 50, websocket: false });
    try {
      const p = provider(noWs.baseUrl);
      const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
      noWs.setFault({ kind: 'status', route: 'history', status: 500 });
      const error = await expectProviderError(p.poll(remoteId));
      expect(error.kind).toBe('server');
      expect(error.retryable).toBe(true);
      expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    } finally {
      await noWs.close();
    }
  });

  it('turns a download cut off half way into a network error with no file and no .part, and the retry succeeds', async () => {
    const p = provider();
    const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
    await pollToEnd(p, remoteId);
    const folder = path.join(dir, 'cut');
    server.setFault({ kind: 'cut-download' });
    const error = await expectProviderError(p.download(remoteId, path.join(folder, 'take.mp4')));
    expect(error.kind).toBe('network');
    expect(filesIn(folder)).toEqual([]);
    await p.download(remoteId, path.join(folder, 'take.mp4'));
    expect(filesIn(folder)).toEqual(['take.mp4']);

    const still = await p.submit(flux, { idempotencyKey: key() });
    await pollToEnd(p, still.remoteId);
    server.setFault({ kind: 'cut-download' });
    const cutStill = await expectProviderError(p.download(still.remoteId, path.join(folder, 'still.png')));
    expect(cutStill.kind).toBe('network');
    expect(filesIn(folder)).toEqual(['take.mp4']);
  });

  it('reports a job on a host that restarted (queue and history are in memory) and a deleted file as expired', async () => {
    const p = provider();
    const done = await p.submit(ltx, { idempotencyKey: key() });
    await pollToEnd(p, done.remoteId);
    server.setFault({ kind: 'expired' });
    const gone = await expectProviderError(p.download(done.remoteId, path.join(dir, 'gone', 'take.mp4')));
    expect(gone.kind).toBe('expired');
    server.clearFaults();

    const lost = await p.submit(ltx, { idempotencyKey: key() });
    server.restart();
    const last = (await pollToEnd(p, lost.remoteId)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error?.kind).toBe('expired');
    expect(last.error?.message).toMatch(/no longer has prompt .* probably restarted/);
    expect(last.error?.retryable).toBe(false);
  });

  it('sends proxy credentials from the base URL as Basic auth, and says what to fix when they are wrong, never showing them', async () => {
    const guarded = await startComfyContractServer({ renderMs: 50, basicAuth: 'artist:s3cret-pw' });
    try {
      const url = new URL(guarded.baseUrl);
      const wrong = await expectProviderError(provider(`http://artist:nope@${url.host}`).submit(ltx, { idempotencyKey: key() }));
      expect(wrong.kind).toBe('auth');
      expect(wrong.retryable).toBe(false);
      expect(wrong.message).toMatch(/ComfyUI itself has no login.*http:\/\/user:password@host:port/);
      expect(wrong.message).not.toContain('nope');

      const p = provider(`http://artist:s3cret-pw@${url.host}`);
      const { remoteId } = await p.submit(ltx, { idempotencyKey: key() });
      expect(remoteId).not.toContain('s3cret');
      expect(promptsTo(guarded)[0]!.headers.authorization).toBe(`Basic ${Buffer.from('artist:s3cret-pw').toString('base64')}`);
      expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
      expect(logs.join('\n')).not.toContain('s3cret');
    } finally {
      await guarded.close();
    }
  });

  it('reports a model without a workflow as not found, and the registry refuses a retired ComfyUI model with its date', async () => {
    const error = await expectProviderError(provider().submit({ ...ltx, model: 'ltx-video-0.9.8' }, { idempotencyKey: key() }));
    expect(error.kind).toBe('not_found');
    expect(error.message).toMatch(/no ComfyUI workflow for the model "ltx-video-0.9.8"/);
    expect(server.requests).toEqual([]);

    const override = parseRegistryOverride([{
      ...shippedRegistry().models.find((m) => m.model === 'ltx-2-19b-distilled')!,
      model: 'ltx-video-0.9.8',
      status: { state: 'retired', date: '2026-01-06', replacement: { provider: 'comfyui', model: 'ltx-2-19b-distilled' } },
    }]);
    const { registry } = mergeRegistry(shippedRegistry(), override);
    const check = checkRequest(registry, { provider: 'comfyui', model: 'ltx-video-0.9.8', size: '768x512', seconds: 2 });
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toBe('ltx-video-0.9.8 was retired by the provider on 2026-01-06; pick ltx-2-19b-distilled.');
  });

  it('cancels a waiting prompt by deleting it from the queue and the running one with a targeted interrupt', async () => {
    const slow = await startComfyContractServer({ renderMs: 3000, steps: 30 });
    try {
      const p = provider(slow.baseUrl);
      const running = await p.submit(ltx, { idempotencyKey: key() });
      const waiting = await p.submit(ltx, { idempotencyKey: key() });
      await new Promise((r) => setTimeout(r, 100));
      await p.cancel(waiting.remoteId);
      await p.cancel(running.remoteId);
      const waitingId = waiting.remoteId.split('#')[1];
      const runningId = running.remoteId.split('#')[1];
      expect(slow.requests.filter((r) => r.method === 'POST' && r.path === '/queue').map((r) => r.json)).toEqual([{ delete: [waitingId] }]);
      expect(slow.requests.filter((r) => r.path === '/interrupt').map((r) => r.json)).toEqual([{ prompt_id: runningId }]);
      const last = (await pollToEnd(p, running.remoteId)).at(-1)!;
      expect(last.error?.kind).toBe('cancelled');
      expect(last.error?.message).toMatch(/interrupted prompt/);
      // The deleted one never ran.
      expect((await p.poll(waiting.remoteId)).error?.kind).toBe('expired');
    } finally {
      await slow.close();
    }
  });

  it('after a restart of Shotline, a new adapter finds the job by its prompt id and follows it again over its socket', async () => {
    const slow = await startComfyContractServer({ renderMs: 900, steps: 9 });
    try {
      const first = provider(slow.baseUrl);
      const { remoteId } = await first.submit(ltx, { idempotencyKey: key() });
      first.dispose(); // the process died: its sockets are gone
      await new Promise((r) => setTimeout(r, 200));
      const second = provider(slow.baseUrl);
      const seen = await pollToEnd(second, remoteId);
      expect(seen.at(-1)?.state).toBe('completed');
      // The second adapter reconnected under the same client id, and heard the rest of the render.
      const promptId = remoteId.split('#')[1]!;
      expect(slow.socketClients.filter((c) => c === clientIdOf(promptId)).length).toBe(2);
      expect(seen.some((r) => r.state === 'running' && r.progress > 0)).toBe(true);
      expect(promptsTo(slow)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe('a create the host took but did not answer', () => {
  it('dropped connection: reported without sent "no"; findSubmitted finds the prompt, so it is not queued again', async () => {
    const p = provider();
    const k = key();
    server.setFault({ kind: 'accept-then-drop', mode: 'reset' });
    const error = await expectProviderError(p.submit(ltx, { idempotencyKey: k }));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.details.sent).toBeUndefined();
    expect(server.prompts.filter((x) => x.promptId === promptIdFor(k))).toHaveLength(1);

    const found = await p.findSubmitted(ltx, { idempotencyKey: k, since: Date.now() - 60_000 });
    expect(found).toEqual({ remoteId: `${server.baseUrl}#${promptIdFor(k)}` });
    expect((await pollToEnd(p, found!.remoteId)).at(-1)?.state).toBe('completed');
    // Found again once it is in the history, not only while queued.
    expect(await p.findSubmitted(ltx, { idempotencyKey: k, since: 0 })).toEqual(found);
    expect(promptsTo(server)).toHaveLength(1);
    expect(p.createGuard).toBe('lookup');
  });

  it('500 after queueing: a retryable server error without sent "no"; the lookup finds it on whichever pool host has it', async () => {
    const other = await startComfyContractServer({ renderMs: 50 });
    try {
      const k = key();
      server.setFault({ kind: 'accept-then-drop', mode: 'status500' });
      const error = await expectProviderError(provider().submit(ltx, { idempotencyKey: k }));
      expect(error.kind).toBe('server');
      expect(error.details.sent).toBeUndefined();
      const pool = provider(`${other.baseUrl} ${server.baseUrl}`);
      expect(await pool.findSubmitted(ltx, { idempotencyKey: k, since: 0 })).toEqual({ remoteId: `${server.baseUrl}#${promptIdFor(k)}` });
      expect(await pool.findSubmitted(ltx, { idempotencyKey: key(), since: 0 })).toBeNull();
      expect(promptsTo(server)).toHaveLength(1);
      expect(promptsTo(other)).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('does not claim "not there" when a host cannot be asked', async () => {
    const error = await expectProviderError(provider(`${server.baseUrl},${await closedPort()}`).findSubmitted(ltx, { idempotencyKey: key(), since: 0 }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/it was not sent again/);
  });

  it('on an older server that picks its own prompt ids, follows that id and finds the job by the key in extra_data', async () => {
    const old = await startComfyContractServer({ renderMs: 50, honoursPromptId: false });
    try {
      const p = provider(old.baseUrl);
      const k = key();
      const { remoteId } = await p.submit(ltx, { idempotencyKey: k });
      const serverId = old.prompts[0]!.promptId;
      expect(serverId).not.toBe(promptIdFor(k));
      expect(remoteId).toBe(`${old.baseUrl}#${serverId}`);
      expect(await p.findSubmitted(ltx, { idempotencyKey: k, since: 0 })).toEqual({ remoteId });
      await pollToEnd(p, remoteId);
      expect(await p.findSubmitted(ltx, { idempotencyKey: k, since: 0 })).toEqual({ remoteId });
    } finally {
      await old.close();
    }
  });
});
