/**
 * The contract servers themselves, driven with plain fetch (no SDK, no adapter): they must
 * enforce the documented contracts, or the provider tests would prove nothing.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { redactHeaders } from './contract-kit';
import { startOpenAiContractServer, type OpenAiContractServer } from './openai-server';

let openai: OpenAiContractServer;

beforeAll(async () => {
  openai = await startOpenAiContractServer({ renderMs: 0 });
});
afterAll(async () => {
  await openai.close();
});

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#123456' } }).png().toBuffer();

function videoForm(fields: Record<string, string>, reference?: { bytes: Buffer; name: string; type: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (reference) form.append('input_reference', new Blob([new Uint8Array(reference.bytes)], { type: reference.type }), reference.name);
  return form;
}

describe('OpenAI-compatible contract server', () => {
  const auth = () => ({ authorization: `Bearer ${openai.apiKey}` });

  it('answers a missing or wrong key with 401 in the OpenAI error shape', async () => {
    const missing = await fetch(`${openai.baseUrl}/videos/video_x`);
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    const wrong = await fetch(`${openai.baseUrl}/videos/video_x`, { headers: { authorization: 'Bearer nope' } });
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it('refuses an input_reference that is not exactly the requested size, or has no image MIME type', async () => {
    const fields = { model: 'sora-2', prompt: 'a boat', seconds: '4', size: '1280x720' };
    const wrongSize = await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm(fields, { bytes: await png(1280, 719), name: 'f.png', type: 'image/png' }) });
    expect(wrongSize.status).toBe(400);
    expect(((await wrongSize.json()) as { error: { message: string; type: string } }).error).toMatchObject({
      message: 'Inpaint image must match the requested width and height',
      type: 'invalid_request_error',
    });
    const noType = await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm(fields, { bytes: await png(1280, 720), name: 'f.bin', type: 'application/octet-stream' }) });
    expect(noType.status).toBe(400);
    const ok = await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm(fields, { bytes: await png(1280, 720), name: 'f.png', type: 'image/png' }) });
    expect(ok.status).toBe(200);
    expect(openai.requests.at(-1)?.images?.[0]).toMatchObject({ filename: 'f.png', type: 'image/png', width: 1280, height: 720 });
  });

  it('refuses durations outside "4", "8", "12" and non-multipart bodies', async () => {
    const bad = await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm({ prompt: 'x', seconds: '5', size: '1280x720' }) });
    expect(bad.status).toBe(400);
    const json = await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"prompt":"x"}' });
    expect(json.status).toBe(400);
  });

  it('sends x-request-id and openai-poll-after-ms on retrieve', async () => {
    const created = (await (await fetch(`${openai.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm({ prompt: 'x', size: '1280x720' }) })).json()) as { id: string; seconds: string };
    expect(created.seconds).toBe('4');
    const retrieved = await fetch(`${openai.baseUrl}/videos/${created.id}`, { headers: auth() });
    expect(retrieved.headers.get('x-request-id')).toMatch(/^req_/);
    expect(Number(retrieved.headers.get('openai-poll-after-ms'))).toBeGreaterThan(0);
    expect(((await retrieved.json()) as { status: string }).status).toBe('completed');
  });

  it('prints its base URL when run from the command line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract-servers/openai-server.ts', '--port', '0', '--key', 'cli-key'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const baseUrl = chunk.toString().trim();
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${baseUrl}/videos`, { headers: { authorization: 'Bearer cli-key' } });
      expect(response.status).toBe(200);
    } finally {
      child.kill();
    }
  });
});

describe('redactHeaders', () => {
  it('hides credentials and keeps everything else', () => {
    expect(redactHeaders({ authorization: 'Bearer sk-secret', 'x-goog-api-key': 'AIza-secret', 'content-type': 'application/json' })).toEqual({
      authorization: 'Bearer <redacted>',
      'x-goog-api-key': '<redacted>',
      'content-type': 'application/json',
    });
  });
});
