/**
 * The ComfyUI contract server itself, driven with plain fetch and `ws` (no adapter): it must
 * enforce the documented protocol, or the provider tests would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import WebSocket from 'ws';
import { startComfyContractServer, type ApiNode, type ComfyContractServer } from './comfyui-server';

let server: ComfyContractServer;

beforeAll(async () => {
  server = await startComfyContractServer({ renderMs: 120, steps: 3 });
});
afterAll(async () => {
  await server.close();
});

/** A small still graph in API format: checkpoint -> prompt -> latent -> sampler -> decode -> save. */
function stillGraph(overrides: Record<string, ApiNode> = {}): Record<string, ApiNode> {
  return {
    '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'flux1-schnell-fp8.safetensors' } },
    '2': { class_type: 'CLIPTextEncode', inputs: { text: 'a lighthouse', clip: ['1', 1] }, _meta: { title: 'Positive' } },
    '3': { class_type: 'EmptySD3LatentImage', inputs: { width: 64, height: 48, batch_size: 1 } },
    '4': { class_type: 'KSampler', inputs: { model: ['1', 0], positive: ['2', 0], negative: ['2', 0], latent_image: ['3', 0], seed: 1, steps: 4, cfg: 1, sampler_name: 'euler', scheduler: 'simple', denoise: 1 } },
    '5': { class_type: 'VAEDecode', inputs: { samples: ['4', 0], vae: ['1', 2] } },
    '6': { class_type: 'SaveImage', inputs: { images: ['5', 0], filename_prefix: 'test/still' } },
    ...overrides,
  };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function waitForHistory(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const history = (await (await fetch(`${server.baseUrl}/history/${id}`)).json()) as Record<string, Record<string, unknown>>;
    if (history[id]) return history[id]!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${id} never reached the history`);
}

describe('ComfyUI contract server', () => {
  it('queues a prompt under the client-chosen prompt_id, streams its messages to that client and keeps the history', async () => {
    const clientId = 'client-a';
    const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/ws?clientId=${clientId}`);
    const messages: { type: string; data: Record<string, unknown> }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string; data: Record<string, unknown> }));
    await new Promise((resolve) => ws.once('open', resolve));

    const promptId = '0b7c5f2e-2a4e-4d5f-9c1e-1234567890ab';
    const res = await post('/prompt', { prompt: stillGraph(), client_id: clientId, prompt_id: promptId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ prompt_id: promptId, number: expect.any(Number), node_errors: {} });

    const entry = await waitForHistory(promptId);
    expect(entry.status).toMatchObject({ status_str: 'success', completed: true });
    const images = (entry.outputs as Record<string, { images: { filename: string; subfolder: string; type: string }[] }>)['6']!.images;
    expect(images).toEqual([{ filename: 'still_00001_.png', subfolder: 'test', type: 'output' }]);
    const view = await fetch(`${server.baseUrl}/view?filename=${images[0]!.filename}&subfolder=test&type=output`);
    expect((await sharp(Buffer.from(await view.arrayBuffer())).metadata()).width).toBe(64);

    await new Promise((r) => setTimeout(r, 30));
    ws.close();
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('status');
    expect(types).toEqual(expect.arrayContaining(['execution_start', 'executing', 'progress', 'executed', 'execution_success']));
    expect(messages.filter((m) => m.type === 'progress').map((m) => m.data.value)).toEqual([1, 2, 3]);
    expect(messages.find((m) => m.type === 'executing' && m.data.node === null)).toBeDefined();
    const statusMessages = (entry.status as { messages: [string, { timestamp: number }][] }).messages;
    expect(statusMessages.map(([t]) => t)).toEqual(['execution_start', 'execution_cached', 'execution_success']);
    expect(statusMessages.every(([, d]) => typeof d.timestamp === 'number')).toBe(true);
  });

  it('queues the same prompt_id twice when it is sent twice (ComfyUI does not dedupe)', async () => {
    const promptId = 'dup-prompt-id';
    const before = server.prompts.length;
    expect((await post('/prompt', { prompt: stillGraph(), prompt_id: promptId })).status).toBe(200);
    expect((await post('/prompt', { prompt: stillGraph(), prompt_id: promptId })).status).toBe(200);
    expect(server.prompts.slice(before).map((p) => p.promptId)).toEqual([promptId, promptId]);
  });

  it('refuses a missing node class, a missing model file and a graph without outputs with 400 and the documented bodies', async () => {
    const missing = await post('/prompt', { prompt: stillGraph({ '9': { class_type: 'FancyCustomNode', inputs: {}, _meta: { title: 'Fancy' } } }) });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { type: 'missing_node_type', extra_info: { node_id: '9', class_type: 'FancyCustomNode' } } });

    const model = await post('/prompt', { prompt: stillGraph({ '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'nope.safetensors' } } }) });
    expect(model.status).toBe(400);
    const body = (await model.json()) as { error: { type: string }; node_errors: Record<string, { errors: { type: string; extra_info: { input_name: string } }[] }> };
    expect(body.error.type).toBe('prompt_outputs_failed_validation');
    expect(body.node_errors['1']!.errors[0]).toMatchObject({ type: 'value_not_in_list', extra_info: { input_name: 'ckpt_name' } });

    const noOutputs = await post('/prompt', { prompt: { '1': stillGraph()['1'] } });
    expect(noOutputs.status).toBe(400);
    expect(await noOutputs.json()).toMatchObject({ error: { type: 'prompt_no_outputs' } });
  });

  it('takes an upload, lists pending prompts in /queue, deletes one and interrupts the running one', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'frame.png');
    form.append('overwrite', 'true');
    form.append('subfolder', 'shotline');
    const up = await fetch(`${server.baseUrl}/upload/image`, { method: 'POST', body: form });
    expect(await up.json()).toEqual({ name: 'frame.png', subfolder: 'shotline', type: 'input' });

    const slow = await startComfyContractServer({ renderMs: 2000, steps: 20 });
    try {
      const p = (id: string) => fetch(`${slow.baseUrl}/prompt`, { method: 'POST', body: JSON.stringify({ prompt: stillGraph(), prompt_id: id }) });
      await p('first');
      await p('second');
      await new Promise((r) => setTimeout(r, 50));
      const queue = (await (await fetch(`${slow.baseUrl}/api/queue`)).json()) as { queue_running: unknown[][]; queue_pending: unknown[][] };
      expect(queue.queue_running.map((i) => i[1])).toEqual(['first']);
      expect(queue.queue_pending.map((i) => i[1])).toEqual(['second']);
      await fetch(`${slow.baseUrl}/queue`, { method: 'POST', body: JSON.stringify({ delete: ['second'] }) });
      await fetch(`${slow.baseUrl}/interrupt`, { method: 'POST', body: JSON.stringify({ prompt_id: 'first' }) });
      const history = (await (await fetch(`${slow.baseUrl}/history`)).json()) as Record<string, { status: { status_str: string; messages: [string][] } }>;
      for (let i = 0; i < 50 && !history.first; i++) Object.assign(history, await (await fetch(`${slow.baseUrl}/history`)).json());
      expect(history.first?.status.status_str).toBe('error');
      expect(history.first?.status.messages.map(([t]) => t)).toContain('execution_interrupted');
      expect(history.second).toBeUndefined();
    } finally {
      await slow.close();
    }
  });

  it('reports an out-of-memory run as execution_error with torch.OutOfMemoryError, and forgets everything on restart', async () => {
    server.setFault({ kind: 'oom' });
    const res = await post('/prompt', { prompt: stillGraph(), prompt_id: 'oom-1' });
    const entry = await waitForHistory(((await res.json()) as { prompt_id: string }).prompt_id);
    server.clearFaults();
    const [type, data] = (entry.status as { messages: [string, Record<string, unknown>][] }).messages.at(-1)!;
    expect(type).toBe('execution_error');
    expect(data).toMatchObject({ exception_type: 'torch.OutOfMemoryError', node_type: 'KSampler' });
    server.restart();
    expect(await (await fetch(`${server.baseUrl}/history/oom-1`)).json()).toEqual({});
  });
});
