/**
 * The real queue with the real `comfyui` adapter against the ComfyUI contract server: a create
 * the host takes (it will render it) and then loses the answer to ends with exactly one prompt
 * on the host and one take, found by the prompt id the adapter derived from the job's key; a
 * host that cannot be asked leaves the job unknown with nothing sent again; a host that is down
 * is retried because nothing reached it. And a user's own exported workflow, dropped into the
 * settings folder with its mapping and a registry entry, runs through the queue like a built-in.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { promptIdFor } from '../../main/providers/comfyui/comfyui-provider';
import { idempotencyKeyOf } from '../../main/generation/job-queue';
import { startComfyContractServer, TEMPLATE_MODELS, type ApiNode, type ComfyContractServer } from '../contract-servers/comfyui-server';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

let server: ComfyContractServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await startComfyContractServer({ renderMs: 80, steps: 2 });
});
afterEach(async () => {
  server.clearFaults();
  server.requests.length = 0;
  await h?.app.dispose();
  h = null;
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

async function harness(baseUrl = server.baseUrl): Promise<Harness> {
  h = await makeHarness({ providers: { comfyui: { baseUrl } }, size: '768x512' });
  return h;
}

async function generate(t: Harness, prompt: string, model = 'ltx-2-19b-distilled', size = '768x512'): Promise<{ job: Job; shotId: string }> {
  const shot = t.store.shots.add(undefined, { title: prompt.slice(0, 20), prompt, seconds: 2, provider: 'comfyui', model, size });
  const started = ok<{ jobs: Job[] }>(await t.call('generation.start', { shotIds: [shot.id] }));
  await t.generation.idle();
  return { job: t.store.jobs.find(started.jobs[0]!.id)!, shotId: shot.id };
}

const posts = (s: ComfyContractServer) => s.requests.filter((r) => r.method === 'POST' && r.path === '/prompt');

describe.each(['reset', 'status500'] as const)('an LTX-2 create the host queued, then %s', (mode) => {
  it('is found by its prompt id: one prompt on the host, one take, nothing sent again', async () => {
    const t = await harness();
    server.setFault({ kind: 'accept-then-drop', mode });
    const before = server.prompts.length;
    const { job, shotId } = await generate(t, `A lighthouse beam sweeps the fog (${mode}).`);
    expect(job.status, job.message).toBe('done');
    const queued = server.prompts.slice(before);
    expect(queued).toHaveLength(1);
    expect(posts(server)).toHaveLength(1);
    expect(queued[0]!.promptId).toBe(promptIdFor(idempotencyKeyOf(job.id)));
    expect(job.remoteId).toBe(`${server.baseUrl}#${queued[0]!.promptId}`);
    expect(t.store.takes.ofShot(shotId)).toHaveLength(1);
    expect(t.logs.some((l) => l.includes(`had reached comfyui as ${job.remoteId}`))).toBe(true);
    // Free: the ledger has nothing to charge.
    expect(t.store.ledger.list().filter((l) => l.jobId === job.id).every((l) => l.costUsd === 0)).toBe(true);
  });
});

describe('when the first answer is unclear', () => {
  it('a 502 before the host queued anything: the lookup finds nothing, it is sent once more, one prompt renders', async () => {
    const t = await harness();
    server.setFault({ kind: 'status', route: 'prompt', status: 502 });
    const before = server.prompts.length;
    const { job } = await generate(t, 'A keeper climbs the stair (502 first).');
    expect(job.status, job.message).toBe('done');
    expect(posts(server).map((r) => r.status)).toEqual([502, 200]);
    expect(server.prompts.length - before).toBe(1);
  });

  it('a host whose history cannot be read leaves the job unknown, with nothing sent again', async () => {
    const t = await harness();
    server.setFault({ kind: 'accept-then-drop', mode: 'status500' });
    server.setFault({ kind: 'status', route: 'history', status: 503, times: 100 });
    const before = server.prompts.length;
    const { job } = await generate(t, 'A gull on the rail (history down).');
    expect(job.status).toBe('unknown');
    expect(job.message).toMatch(/could not be asked whether it made the job/);
    expect(posts(server)).toHaveLength(1);
    expect(server.prompts.length - before).toBe(1);
  });

  it('a host that is down is tried again (nothing reached it) and then reported with what to check', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const t = await harness(`http://127.0.0.1:${port}`);
    const { job } = await generate(t, 'Fog over the bay (host down).');
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(/is ComfyUI running there\?/);
    expect(job.attempts).toBeGreaterThan(1);
  });
});

describe('a FLUX still through the queue', () => {
  it('lands as a frame take with a poster, fetched again after a cut-off download', async () => {
    const t = await harness();
    const shot = t.store.shots.add(undefined, { title: 'Still', prompt: 'The lighthouse at dusk, wide.', seconds: 2, provider: 'comfyui', model: 'flux1-schnell', size: '1024x1024' });
    const request = { provider: 'comfyui', model: 'flux1-schnell', prompt: 'Storyboard frame: the lighthouse at dusk, wide.', seconds: 1, size: '1024x1024' as const, fps: { num: 24, den: 1 }, output: 'image' as const };
    const job = t.store.jobs.insert({ kind: 'still', shotId: shot.id, request, hash: 'comfy-still-1', estimateUsd: 0 });
    server.setFault({ kind: 'cut-download' });
    t.queue.start(job.id);
    await t.queue.idle();
    const done = t.store.jobs.find(job.id)!;
    expect(done.status, done.message).toBe('done');
    expect(server.requests.filter((r) => r.path === '/view').map((r) => r.status)).toEqual([200, 200]);
    const [take] = t.store.takes.ofShot(shot.id);
    expect(take?.files.poster).toBeTruthy();
    expect(take?.request.output).toBe('image');
    const sent = (posts(server)[0]!.json as { prompt: Record<string, ApiNode> }).prompt;
    expect(Object.values(sent).find((n) => n.class_type === 'EmptySD3LatentImage')!.inputs).toMatchObject({ width: 1024, height: 1024 });
  });
});

describe('a user workflow in the settings folder', () => {
  it('runs through the queue once the registry override names it, patched by its own mapping, on the idle host of a pool', async () => {
    const t = await harness();
    const other = await startComfyContractServer({ renderMs: 40, models: { ...TEMPLATE_MODELS, diffusion_models: ['wan2.2_ti2v_5B_fp16.safetensors'], vae: ['wan2.2_vae.safetensors'] } });
    try {
      // A pool in the one base-URL setting is accepted by Settings.
      ok(await t.call('settings.update', { providers: { comfyui: { baseUrl: `${other.baseUrl}, ${server.baseUrl}` } } }));
      const dir = path.join(t.settings.dir, 'comfyui', 'workflows');
      fs.mkdirSync(dir, { recursive: true });
      // Wan 2.2 5B text to video, as ComfyUI's File -> Export (API) writes it (ids from the UI).
      const graph: Record<string, ApiNode> = {
        '37': { class_type: 'UNETLoader', inputs: { unet_name: 'wan2.2_ti2v_5B_fp16.safetensors', weight_dtype: 'default' }, _meta: { title: 'Load Diffusion Model' } },
        '38': { class_type: 'CLIPLoader', inputs: { clip_name: 'umt5_xxl_fp8_e4m3fn_scaled.safetensors', type: 'wan', device: 'default' }, _meta: { title: 'Load CLIP' } },
        '39': { class_type: 'VAELoader', inputs: { vae_name: 'wan2.2_vae.safetensors' }, _meta: { title: 'Load VAE' } },
        '48': { class_type: 'ModelSamplingSD3', inputs: { model: ['37', 0], shift: 8 }, _meta: { title: 'ModelSamplingSD3' } },
        '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a cat', clip: ['38', 0] }, _meta: { title: 'CLIP Text Encode (Positive Prompt)' } },
        '7': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['38', 0] }, _meta: { title: 'CLIP Text Encode (Negative Prompt)' } },
        '55': { class_type: 'Wan22ImageToVideoLatent', inputs: { vae: ['39', 0], width: 1280, height: 704, length: 121, batch_size: 1 }, _meta: { title: 'Wan22ImageToVideoLatent' } },
        '3': { class_type: 'KSampler', inputs: { seed: 156680208700286, steps: 20, cfg: 5, sampler_name: 'uni_pc', scheduler: 'simple', denoise: 1, model: ['48', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['55', 0] }, _meta: { title: 'KSampler' } },
        '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['39', 0] }, _meta: { title: 'VAE Decode' } },
        '57': { class_type: 'CreateVideo', inputs: { images: ['8', 0], fps: 24 }, _meta: { title: 'Create Video' } },
        '58': { class_type: 'SaveVideo', inputs: { video: ['57', 0], filename_prefix: 'video/ComfyUI', format: 'auto', codec: 'auto' }, _meta: { title: 'Save Video' } },
      };
      fs.writeFileSync(path.join(dir, 'my-wan-5b.json'), JSON.stringify(graph));
      fs.writeFileSync(path.join(dir, 'my-wan-5b.map.json'), JSON.stringify({
        output: 'video',
        fps: 24,
        frameStep: 4,
        sizeStep: 32,
        inputs: {
          prompt: { classType: 'CLIPTextEncode', title: 'positive', input: 'text' },
          negativePrompt: { classType: 'CLIPTextEncode', title: 'negative', input: 'text' },
          width: { classType: 'Wan22ImageToVideoLatent', input: 'width' },
          height: { classType: 'Wan22ImageToVideoLatent', input: 'height' },
          frames: { classType: 'Wan22ImageToVideoLatent', input: 'length' },
          fps: { classType: 'CreateVideo', input: 'fps' },
          seed: { classType: 'KSampler', input: 'seed' },
        },
      }));
      fs.writeFileSync(path.join(t.settings.dir, 'models.json'), JSON.stringify([{
        provider: 'comfyui', model: 'my-wan-5b', displayName: 'My Wan 2.2 5B (ComfyUI)', promptFamily: 'wan',
        sizes: ['768x512'], seconds: { values: [2] }, imageInputs: { firstFrame: false, lastFrame: false, maxReferences: 0, referencesExcludeFrames: false },
        audio: false, negativePrompt: true, prices: [{ sizes: ['*'], usdPerSecond: 0, source: 'local' }], status: { state: 'active' },
      }]));

      const { job, shotId } = await generate(t, 'A lighthouse at dusk (my workflow).', 'my-wan-5b');
      expect(job.status, job.message).toBe('done');
      // The pool's idle host got it, and the graph was the user's, patched by its mapping.
      expect(posts(server)).toHaveLength(0);
      const [sent] = posts(other);
      const prompt = (sent!.json as { prompt: Record<string, ApiNode> }).prompt;
      expect(Object.keys(prompt).sort()).toEqual(Object.keys(graph).sort());
      expect(prompt['6']!.inputs!.text).toContain('A lighthouse at dusk (my workflow).');
      expect(prompt['7']!.inputs!.text).toContain('subtitles');
      // 2 s at 24 fps = 48 frames; 4n+1 -> 49.
      expect(prompt['55']!.inputs).toMatchObject({ width: 768, height: 512, length: 49 });
      expect(prompt['3']!.inputs!.seed).not.toBe(156680208700286);
      expect(t.store.takes.ofShot(shotId)).toHaveLength(1);
      expect(t.store.takes.ofShot(shotId)[0]!.durationSeconds).toBeCloseTo(49 / 24, 0);
    } finally {
      await other.close();
    }
  });
});
