import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMedia, toWebResponse } from '../../main/media-access';

let base: string;
let root: string;
let bytes: Buffer;

async function readAll(stream: Readable | null): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-media-'));
  root = path.join(base, 'Film.shotline');
  fs.mkdirSync(path.join(root, 'media', 'takes'), { recursive: true });
  // Distinct bytes at every offset, so a wrong slice cannot pass by accident.
  bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) % 256));
  fs.writeFileSync(path.join(root, 'media', 'takes', 'shot 1.mp4'), bytes);
  fs.writeFileSync(path.join(root, 'media', 'still.png'), Buffer.from('png-bytes'));
  fs.writeFileSync(path.join(root, 'project.db'), 'sqlite');
  fs.writeFileSync(path.join(base, 'secret.png'), 'SECRET-BYTES');
  fs.symlinkSync(path.join(base, 'secret.png'), path.join(root, 'media', 'escape.png'));
  fs.symlinkSync(base, path.join(root, 'media', 'up'));
  // A link that stays inside the folder is fine.
  fs.symlinkSync(path.join(root, 'media', 'still.png'), path.join(root, 'media', 'alias.png'));
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (p: string, range?: string) => serveMedia(root, { method: 'GET', path: p, range: range ?? null });

describe('media access: refusals', () => {
  const hostile: Array<[string, string]> = [
    ['dot-dot', '../secret.png'],
    ['dot-dot in the middle', 'media/../../secret.png'],
    ['absolute', '/etc/passwd'],
    ['absolute, encoded slash', '%2Fetc%2Fpasswd'],
    ['windows drive', 'C:/Windows/win.ini'],
    ['encoded traversal', '%2e%2e%2fsecret.png'],
    ['encoded traversal, upper case', 'media%2F%2E%2E%2F%2E%2E%2Fsecret.png'],
    ['double-encoded traversal', '%252e%252e%252fsecret.png'],
    ['NUL', 'media/still.png%00.mp4'],
    ['raw NUL', 'media/still.png\0'],
    ['backslash traversal', '..%5csecret.png'],
    ['symlink to a file outside', 'media/escape.png'],
    ['symlink to a folder outside', 'media/up/secret.png'],
    ['malformed escape', 'media/%E0%A4%A.png'],
    ['empty', ''],
  ];
  for (const [label, p] of hostile) {
    it(`refuses ${label}`, async () => {
      const res = await get(p);
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const text = (await readAll(res.body)).toString();
      expect(text).not.toContain('SECRET-BYTES');
      expect(text).not.toContain('root:');
    });
  }

  it('refuses files that are not media (the database)', async () => {
    const res = await get('project.db');
    expect(res.status).toBe(403);
    expect((await readAll(res.body)).toString()).toMatch(/not a media file/);
  });

  it('answers 404 for a missing file and when no project is open', async () => {
    expect((await get('media/nope.mp4')).status).toBe(404);
    expect((await serveMedia(null, { method: 'GET', path: 'media/still.png' })).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await serveMedia(root, { method: 'POST', path: 'media/still.png' })).status).toBe(405);
  });
});

describe('media access: serving', () => {
  it('serves a file inside the folder with its type (encoded space in the name)', async () => {
    const res = await get('media/takes/shot%201.mp4');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe('5000');
    expect((await readAll(res.body)).equals(bytes)).toBe(true);
  });

  it('follows a symlink that stays inside the folder', async () => {
    const res = await get('media/alias.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((await readAll(res.body)).toString()).toBe('png-bytes');
  });

  it('answers a Range with 206 and exactly those bytes', async () => {
    const res = await get('media/takes/shot%201.mp4', 'bytes=1000-1999');
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 1000-1999/5000');
    expect(res.headers['content-length']).toBe('1000');
    expect((await readAll(res.body)).equals(bytes.subarray(1000, 2000))).toBe(true);
  });

  it('answers open-ended and suffix ranges', async () => {
    const tail = await get('media/takes/shot%201.mp4', 'bytes=4990-');
    expect(tail.headers['content-range']).toBe('bytes 4990-4999/5000');
    expect((await readAll(tail.body)).equals(bytes.subarray(4990))).toBe(true);
    const suffix = await get('media/takes/shot%201.mp4', 'bytes=-10');
    expect((await readAll(suffix.body)).equals(bytes.subarray(4990))).toBe(true);
  });

  it('answers 416 with the size for an unsatisfiable range', async () => {
    const res = await get('media/takes/shot%201.mp4', 'bytes=6000-7000');
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */5000');
  });

  it('HEAD has headers and no body', async () => {
    const res = await serveMedia(root, { method: 'HEAD', path: 'media/still.png' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('9');
    expect(res.body).toBeNull();
  });

  it('converts to a web Response with the same bytes (the Electron protocol path)', async () => {
    const res = toWebResponse(await get('media/takes/shot%201.mp4', 'bytes=0-99'));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
  });
});
