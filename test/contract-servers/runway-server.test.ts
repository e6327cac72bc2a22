/**
 * The Runway contract server on its own, driven with plain fetch (no SDK, no adapter): it must
 * hold clients to the documented contract, or the provider tests would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNWAY_VERSION, startRunwayContractServer, type RunwayContractServer } from './runway-server';

let server: RunwayContractServer;

beforeAll(async () => {
  server = await startRunwayContractServer({ renderMs: 100, steps: 2, concurrency: 1 });
});
afterAll(async () => {
  await server.close();
});

const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${server.apiKey}`, 'x-runway-version': RUNWAY_VERSION, 'content-type': 'application/json', ...extra,
});

async function post(path: string, body: unknown, h: Record<string, string> = headers()) {
  const response = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

const gen45 = { model: 'gen4.5', promptText: 'A door opens.', ratio: '1280:720', duration: 5 };

describe('Runway contract server', () => {
  it('needs the Bearer key and the X-Runway-Version header, answering with an `error` in words', async () => {
    expect(await post('/v1/text_to_video', gen45, headers({ authorization: 'Bearer nope' }))).toEqual({ status: 401, body: { error: 'The API key provided is not valid.' } });
    const { 'x-runway-version': _omit, ...noVersion } = headers();
    const missing = await post('/v1/text_to_video', gen45, noVersion);
    expect(missing.status).toBe(400);
    expect(missing.body?.error).toMatch(/X-Runway-Version/);
    expect(server.billed).toHaveLength(0);
  });

  it('checks bodies per model and endpoint as the SDK types list them', async () => {
    const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
      ['/v1/text_to_video', { ...gen45, ratio: '1104:832' }, 400, /ratio: Invalid enum value/],
      ['/v1/text_to_video', { ...gen45, duration: 11 }, 400, /duration: Must be one of 2, 3/],
      ['/v1/text_to_video', { ...gen45, duration: undefined }, 400, /duration: Required/],
      ['/v1/text_to_video', { ...gen45, audio: true }, 400, /Unrecognized key\(s\) in object: 'audio'/],
      ['/v1/text_to_video', { ...gen45, model: 'gen4_turbo' }, 400, /gen4_turbo cannot be used with \/v1\/text_to_video/],
      ['/v1/text_to_video', { ...gen45, model: 'veo3.1', duration: 5 }, 400, /duration: Must be one of 4, 6, 8/],
      ['/v1/text_to_video', { ...gen45, promptText: 'x'.repeat(1001) }, 400, /at most 1000/],
      ['/v1/text_to_video', { ...gen45, model: 'gen3a_turbo' }, 403, /Model variant gen3a_turbo is not available/],
      ['/v1/image_to_video', { ...gen45, promptImage: 'https://example.com/a.png' }, 400, /Failed to fetch asset/],
      ['/v1/image_to_video', { ...gen45, promptImage: [{ uri: 'runway://nope', position: 'first' }] }, 400, /Invalid asset URI/],
      ['/v1/image_to_video', { ...gen45, model: 'veo3.1', duration: 8, promptImage: [{ uri: 'data:image/png;base64,AAAA', position: 'last' }] }, 400, /only a last frame/],
      ['/v1/video_to_video', { model: 'aleph2', videoUri: 'runway://nope', ratio: '1280:720' }, 400, /Invalid asset URI/],
    ];
    for (const [path, body, status, words] of cases) {
      const answer = await post(path, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(String(answer.body?.error)).toMatch(words);
    }
    expect(server.billed).toHaveLength(0);
  });

  it('holds tasks over the concurrency limit THROTTLED, then runs them; cost is final only at the end', async () => {
    const a = await post('/v1/text_to_video', gen45);
    const b = await post('/v1/text_to_video', gen45);
    expect(a.body?.estimatedCost).toEqual({ credits: 60 });
    const task = async (id: unknown) => (await fetch(`${server.baseUrl}/v1/tasks/${String(id)}`, { headers: headers() })).json() as Promise<Record<string, unknown>>;
    expect(await task(b.body?.id)).toMatchObject({ status: 'THROTTLED', estimatedCost: { credits: 60 } });
    await new Promise((r) => setTimeout(r, 150));
    const done = await task(a.body?.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', cost: { credits: 60 } });
    expect(done.estimatedCost).toBeUndefined();
    expect((await task(b.body?.id)).status).toMatch(/PENDING|RUNNING/);
    // The signed output URL needs its signature, not the key.
    const url = new URL((done.output as string[])[0]!);
    expect((await fetch(url)).status).toBe(200);
    url.searchParams.set('signature', 'forged');
    expect((await fetch(url)).status).toBe(403);
  });

  it('accepts an upload only through the presigned POST it handed out', async () => {
    const placeholder = await post('/v1/uploads', { filename: 'a.png', type: 'ephemeral' });
    const { uploadUrl, fields } = placeholder.body as { uploadUrl: string; fields: Record<string, string> };
    const form = (signature: string) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({ ...fields, 'x-amz-signature': signature })) f.append(k, v);
      f.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
      return f;
    };
    expect((await fetch(uploadUrl, { method: 'POST', body: form('forged') })).status).toBe(403);
    expect((await fetch(uploadUrl, { method: 'POST', body: form(fields['x-amz-signature']!) })).status).toBe(204);
    // Not an image: a create cannot use it as one.
    const create = await post('/v1/image_to_video', { ...gen45, promptImage: [{ uri: (placeholder.body as { runwayUri: string }).runwayUri, position: 'first' }] });
    expect(create.status).toBe(400);
    expect(String(create.body?.error)).toMatch(/Expected an image/);
  });
});
