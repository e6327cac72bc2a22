/**
 * The OpenAI contract server's list paging, Images API and billed-then-lost faults, driven
 * with plain fetch (no SDK, no adapter): the adapter tests lean on these behaviours, so they
 * are checked against the documented contract on their own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startOpenAiContractServer, type OpenAiContractServer } from './openai-server';

let server: OpenAiContractServer;

beforeAll(async () => {
  server = await startOpenAiContractServer({ renderMs: 0, imageMs: 0 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.clearFaults();
  server.billed.length = 0;
});

const auth = () => ({ authorization: `Bearer ${server.apiKey}` });

function videoForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

async function createVideo(prompt: string): Promise<Response> {
  return fetch(`${server.baseUrl}/videos`, { method: 'POST', headers: auth(), body: videoForm({ model: 'sora-2', prompt, seconds: '4', size: '1280x720' }) });
}

interface ListPage {
  object: string;
  data: { id: string; prompt: string; created_at: number }[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

async function listPage(query: string): Promise<ListPage> {
  const response = await fetch(`${server.baseUrl}/videos?${query}`, { headers: auth() });
  expect(response.status).toBe(200);
  return (await response.json()) as ListPage;
}

describe('GET /v1/videos', () => {
  it('pages newest first by default with after = the previous last_id, and oldest first with order=asc', async () => {
    const now = Date.now();
    const seeded = [3, 2, 1].map((hoursAgo) => server.seedVideo({ model: 'sora-2', prompt: `seeded ${hoursAgo}`, seconds: '4', size: '1280x720', createdAt: now - hoursAgo * 3_600_000 }));
    const made = (await (await createVideo('made now')).json()) as { id: string };

    const first = await listPage('limit=2');
    expect(first.object).toBe('list');
    expect(first.data.map((v) => v.prompt)).toEqual(['made now', 'seeded 1']);
    expect(first).toMatchObject({ first_id: made.id, last_id: seeded[2], has_more: true });
    const second = await listPage(`limit=2&after=${first.last_id}`);
    expect(second.data.map((v) => v.id)).toEqual([seeded[1], seeded[0]]);
    expect(second.has_more).toBe(false);

    const asc = await listPage('order=asc&limit=1');
    expect(asc.data.map((v) => v.id)).toEqual([seeded[0]]);
    expect(asc.data[0]!.created_at).toBe(Math.floor((now - 3 * 3_600_000) / 1000));
  });

  it('refuses a limit outside 0..100, an unknown order and an unknown cursor', async () => {
    for (const query of ['limit=101', 'limit=-1', 'limit=x', 'order=newest', 'after=video_nope']) {
      const response = await fetch(`${server.baseUrl}/videos?${query}`, { headers: auth() });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
  });
});

describe('billed-then-lost creates', () => {
  it('billed-drop records the create, then cuts the connection before any answer', async () => {
    server.setFault({ kind: 'billed-drop', route: 'create' });
    await expect(createVideo('dropped after billing')).rejects.toThrow();
    expect(server.billed).toMatchObject([{ route: 'create', model: 'sora-2', prompt: 'dropped after billing', answer: 'dropped' }]);
    // The video exists and is listed: the service took it.
    const listed = await listPage('limit=100');
    expect(listed.data.some((v) => v.id === server.billed[0]!.id)).toBe(true);
    // Fired once: the next create is answered.
    expect((await createVideo('answered')).status).toBe(200);
    expect(server.billed.map((b) => b.answer)).toEqual(['dropped', 'sent']);
  });

  it('billed-500 records the create, then answers 500 in the OpenAI error shape', async () => {
    server.setFault({ kind: 'billed-500', route: 'create' });
    const response = await createVideo('500 after billing');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('server_error');
    expect(server.billed).toMatchObject([{ route: 'create', answer: '500' }]);
  });
});

describe('POST /v1/images/generations', () => {
  const generate = (body: unknown) =>
    fetch(`${server.baseUrl}/images/generations`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers base64 images of the asked size with token usage, and bills the generation', async () => {
    const response = await generate({ model: 'gpt-image-1', prompt: 'a lighthouse', size: '1536x1024', quality: 'low', n: 1 });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await response.json()) as { data: { b64_json: string }[]; size: string; quality: string; output_format: string; usage: { output_tokens: number; input_tokens_details: unknown } };
    expect(body).toMatchObject({ size: '1536x1024', quality: 'low', output_format: 'png', usage: { output_tokens: 400 } });
    const meta = await sharp(Buffer.from(body.data[0]!.b64_json, 'base64')).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1536, 1024, 'png']);
    expect(server.billed).toMatchObject([{ route: 'images', model: 'gpt-image-1', size: '1536x1024', quality: 'low', n: 1 }]);
  });

  it('refuses sizes, qualities and response_format the GPT image models do not take, without billing', async () => {
    const cases: [unknown, string][] = [
      [{ model: 'gpt-image-1', prompt: 'x', size: '1280x720' }, 'size'],
      [{ model: 'gpt-image-1', prompt: 'x', quality: 'hd' }, 'quality'],
      [{ model: 'gpt-image-1', prompt: 'x', response_format: 'url' }, 'response_format'],
      [{ model: 'gpt-image-1', prompt: 'x', n: 11 }, 'n'],
      [{ model: 'gpt-image-1' }, 'prompt'],
    ];
    for (const [body, param] of cases) {
      const response = await generate(body);
      expect(response.status, param).toBe(400);
      expect(((await response.json()) as { error: { param: string } }).error.param).toBe(param);
    }
    expect(server.billed).toEqual([]);
  });

  it('refuses a prompt at once in the Images API words when a refusal is armed', async () => {
    server.setFault({ kind: 'refusal' });
    const response = await generate({ model: 'gpt-image-1', prompt: 'x' });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; type: string; message: string } };
    expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
    expect(error.message).toMatch(/rejected by the safety system/);
    expect(server.billed).toEqual([]);
  });

  it('billed-drop on images bills one generation and cuts the answer', async () => {
    server.setFault({ kind: 'billed-drop', route: 'images' });
    await expect(generate({ model: 'gpt-image-1', prompt: 'x' })).rejects.toThrow();
    expect(server.billed).toMatchObject([{ route: 'images', answer: 'dropped' }]);
  });
});
