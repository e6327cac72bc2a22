import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_HOST } from '../../shared/contract/http';
import { startDevHost, type DevHost } from '../../main/hosts/dev-host/dev-host';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/csp';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let base: string;
let host: DevHost;
const repo = path.resolve(import.meta.dirname, '../..');

/** Raw HTTP (no URL normalisation, any Host header), so hostile paths reach the server as sent. */
function request(method: string, rawPath: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const auth = () => ({ [DEV_HOST.tokenHeader]: host.token });
async function callApi(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await request('POST', `${DEV_HOST.callPrefix}${name}`, { ...auth(), 'content-type': 'application/json' }, JSON.stringify(input));
  expect(res.status).toBe(200);
  return JSON.parse(res.body.toString()) as never;
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-devhost-'));
  const rendererDir = path.join(base, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Shotline test page</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app-123.js'), 'console.log("app")');
  host = await startDevHost({
    port: 0,
    settingsDir: path.join(base, 'settings'),
    rendererDir,
    bodyLimitBytes: 1024 * 1024,
    heartbeatMs: 200,
    log: () => {},
  });
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('dev host: the door', () => {
  const routes: Array<[string, string]> = [
    ['GET', '/'],
    ['GET', '/index.html'],
    ['GET', '/assets/app-123.js'],
    ['GET', '/some/client/route'],
    ['POST', '/api/call/app.info'],
    ['GET', '/api/events'],
    ['GET', '/media/media/clip.mp4'],
  ];

  it('prints a URL on 127.0.0.1 with a long random token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  for (const [method, route] of routes) {
    it(`${method} ${route} without a token is 401`, async () => {
      const res = await request(method, route);
      expect(res.status).toBe(401);
      expect(res.body.toString()).toMatch(/token/);
    });
  }

  it('a wrong token is 401 in the header, the cookie and the query', async () => {
    const wrong = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A');
    expect((await request('POST', '/api/call/app.info', { [DEV_HOST.tokenHeader]: wrong })).status).toBe(401);
    expect((await request('GET', '/', { cookie: `${DEV_HOST.tokenCookie}=${wrong}` })).status).toBe(401);
    expect((await request('GET', `/?token=${wrong}`)).status).toBe(401);
    expect((await request('GET', `/?token=`)).status).toBe(401);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const h of ['evil.example:' + host.port, '127.0.0.1:1', 'localhost']) {
      const res = await request('POST', '/api/call/app.info', { ...auth(), host: h });
      expect(res.status, h).toBe(403);
    }
    const ok = await request('POST', '/api/call/app.info', { ...auth(), host: `localhost:${host.port}` });
    expect(ok.status).toBe(200);
  });

  it('refuses a cross-origin POST even with the token', async () => {
    const res = await request('POST', '/api/call/app.info', { ...auth(), origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const site = await request('POST', '/api/call/app.info', { ...auth(), 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
    const same = await request('POST', '/api/call/app.info', { ...auth(), origin: `http://127.0.0.1:${host.port}` });
    expect(same.status).toBe(200);
  });

  it('opening /?token= sets a strict HttpOnly cookie that then opens assets', async () => {
    const page = await request('GET', `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Shotline test page');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${DEV_HOST.tokenCookie}=${host.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const asset = await request('GET', '/assets/app-123.js', { cookie: `${DEV_HOST.tokenCookie}=${host.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body.toString()).toBe('console.log("app")');
  });

  it('falls back to index.html for client routes, 404 for missing files, refuses traversal', async () => {
    const route = await request('GET', '/shots/42', auth());
    expect(route.body.toString()).toContain('Shotline test page');
    expect((await request('GET', '/assets/missing.js', auth())).status).toBe(404);
    const up = await request('GET', '/..%2f..%2fetc%2fpasswd', auth());
    expect(up.status).toBeGreaterThanOrEqual(400);
    expect(up.body.toString()).not.toContain('root:');
  });
});

describe('dev host: the contract over HTTP', () => {
  it('creates a project, adds a shot and lists it', async () => {
    const created = await callApi('projects.create', { name: 'Night Train', parentDir: path.join(base, 'projects') });
    expect(created.ok).toBe(true);
    const added = await callApi('shots.add', { fields: { title: 'Platform, dusk', prompt: 'A train pulls in.' } });
    expect(added.ok).toBe(true);
    const listed = await callApi('shots.list', {});
    expect(listed.ok).toBe(true);
    const shots = listed.value as Array<{ title: string }>;
    expect(shots.map((s) => s.title)).toEqual(['Platform, dusk']);
    const info = await callApi('app.info', {});
    expect(info.value).toMatchObject({ host: 'web', mediaBase: DEV_HOST.mediaPrefix });
  });

  it('answers invalid input with an invalid_input envelope', async () => {
    const bad = await callApi('shots.update', { id: 42, patch: { seconds: 'long' } });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('invalid_input');
    const unknown = await callApi('no.such.call', {});
    expect(unknown.error?.code).toBe('invalid_input');
    const notJson = await request('POST', '/api/call/shots.list', { ...auth(), 'content-type': 'application/json' }, '{oops');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await request('POST', '/api/call/projects.create', { ...auth(), 'content-type': 'application/json' }, big);
    expect(res.status).toBe(413);
    expect(res.body.toString()).toMatch(/larger than/);
  });

  it('delivers events over SSE', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: DEV_HOST.eventsPath, headers: auth() }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let text = '';
        let emitted = false;
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (!emitted && text.includes(': connected')) {
            emitted = true;
            host.app.events.emit('project.changed', null);
          }
          if (text.includes('event: project.changed') && text.includes(': ping')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      setTimeout(() => reject(new Error(`no event within 5 s`)), 5000).unref();
    });
    expect(received).toContain('event: project.changed\ndata: null\n\n');
  });

  it('serves project media with Range through media-access, and refuses traversal', async () => {
    const dir = host.app.workspace.current!.store.dir;
    const clip = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));
    fs.mkdirSync(path.join(dir, 'media', 'takes'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'media', 'takes', 'take-1.mp4'), clip);
    const res = await request('GET', '/media/media/takes/take-1.mp4', { ...auth(), range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 100-199/4096');
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.body.equals(clip.subarray(100, 200))).toBe(true);
    expect((await request('GET', '/media/media/takes/take-1.mp4', { ...auth(), range: 'bytes=5000-' })).status).toBe(416);
    expect((await request('GET', '/media/project.db', auth())).status).toBe(403);
    expect((await request('GET', '/media/..%2f..%2fsettings%2fsettings.json', auth())).status).toBeGreaterThanOrEqual(400);
    expect((await request('GET', '/media/%252e%252e%252fproject.db', auth())).status).toBe(400);
  });
});

describe('dev host: start.ts', () => {
  it('prints exactly one ready line and exits cleanly on SIGTERM', async () => {
    const settingsDir = path.join(base, 'cli-settings');
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/hosts/dev-host/start.ts', '--port', '0', '--settings-dir', settingsDir, '--renderer-dir', path.join(base, 'renderer')], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ready line within 20 s')), 20_000);
      child.stdout.on('data', () => {
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const match = /^Shotline dev host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))\n$/.exec(out);
    expect(match, out).not.toBeNull();
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
