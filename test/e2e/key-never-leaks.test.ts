/**
 * An API key typed in Settings goes to main and never comes back: not in the page's DOM (also
 * after a reload), not in localStorage, sessionStorage or IndexedDB, not in any response the
 * page receives (every response body is recorded, and the event stream through a second
 * subscriber), and not in the dev host's own output.
 * The page still learns that a key is set, and main really uses it: a paid generation against
 * the OpenAI contract server, which accepts only that key, succeeds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { REPO_ROOT, startDevHostProcess, type DevHostProcess } from '../helpers/dev-host-process';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';

const RENDERER_INDEX = path.join(REPO_ROOT, 'out/renderer/index.html');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
/** Distinctive, so any copy of it (or of a long piece of it) is found. */
const KEY = `sk-proj-${'Zq7'.repeat(6)}LEAKCANARY${Date.now()}`;

let settingsDir: string;
let host: DevHostProcess | undefined;
let browser: Browser | undefined;
let openai: OpenAiContractServer | undefined;

beforeAll(async () => {
  if (!fs.existsSync(RENDERER_INDEX)) throw new Error(`${RENDERER_INDEX} is missing: run "npm run build:renderer" first (npm test does it).`);
  settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-key-'));
  openai = await startOpenAiContractServer({ apiKey: KEY, renderMs: 50, steps: 2 });
  host = await startDevHostProcess({ settingsDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await openai?.close();
  if (settingsDir) fs.rmSync(settingsDir, { recursive: true, force: true });
});

/** Every place in the page a key could be kept. */
async function pageStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = (s: Storage) => JSON.stringify(Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)])));
    const dbs = (await indexedDB.databases?.()) ?? [];
    const values: string[] = [];
    for (const info of dbs) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => resolve([]);
        });
        values.push(JSON.stringify(all));
      }
      db.close();
    }
    const inputs = Array.from(document.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value);
    return [dump(localStorage), dump(sessionStorage), `idb:${dbs.length}`, ...values, ...inputs, document.documentElement.outerHTML].join('\n');
  });
}

describe('an API key typed in Settings', () => {
  it('reaches main and never shows up in the page, its storage or its responses', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const bodies: Promise<string>[] = [];
    const urls: string[] = [];
    // The page's event stream cannot be read from page.on('response') (it never ends), so a
    // second subscriber records everything the host pushes to pages during the test.
    const streamed = { text: '' };
    const abort = new AbortController();
    const stream = fetch(`${host!.origin}/api/events?token=${host!.token}`, { signal: abort.signal })
      .then(async (res) => {
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          streamed.text += decoder.decode(value, { stream: true });
        }
      })
      .catch(() => {});
    page.on('response', (res: Response) => {
      urls.push(res.url());
      if (res.url().includes('/api/events')) return; // read by the subscriber above
      bodies.push(res.text().catch(() => ''));
    });

    await page.goto(host!.url);
    await page.getByTestId('start-view').waitFor();
    await page.getByTestId('create-name').fill('Keys');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('project-view').waitFor();

    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings').waitFor();
    await expect.poll(() => page.getByTestId('key-status-openai').textContent()).toBe('No key set.');
    await page.getByTestId('base-url-openai').fill(openai!.baseUrl);
    await page.getByTestId('save-connection-openai').click();
    await page.getByTestId('api-key-openai').fill(KEY);
    await page.getByTestId('save-key-openai').click();
    await expect.poll(() => page.getByTestId('key-status-openai').textContent()).toMatch(/^A key is set/);
    expect(await page.getByTestId('api-key-openai').inputValue()).toBe('');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'key-settings.png') });
    expect(await pageStorage(page)).not.toContain(KEY);

    // Main uses it: a paid shot at the contract server, which refuses any other key.
    await page.getByTestId('settings-close').click();
    await page.getByTestId('add-shot').click();
    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(1);
    const call = async (name: string, input: unknown) =>
      (await (
        await fetch(`${host!.origin}/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shotline-token': host!.token },
          body: JSON.stringify(input),
        })
      ).json()) as { ok: boolean; value: unknown };
    const shots = (await call('shots.list', {})).value as Array<{ id: string }>;
    // The model picker is the inspector's; here the shot is pointed at the paid model directly.
    const set = await call('shots.update', {
      id: shots[0]!.id,
      patch: { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'A lamp turns.' },
    });
    expect(set.ok).toBe(true);
    await page.reload();
    await page.getByTestId('project-view').waitFor();
    await page.getByTestId('generate-missing').click();
    await page.getByTestId('cost-confirm').waitFor();
    await page.getByTestId('cost-confirm-button').click();
    await expect.poll(() => page.getByTestId('queue-row').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(openai!.requests.some((r) => r.method === 'POST' && r.path.endsWith('/videos'))).toBe(true);

    // After a reload the page only knows that a key is set.
    await page.reload();
    await page.getByTestId('project-view').waitFor();
    await page.getByTestId('open-settings').click();
    await expect.poll(() => page.getByTestId('key-status-openai').textContent()).toMatch(/^A key is set/);
    expect(await pageStorage(page)).not.toContain(KEY);

    const texts = await Promise.all(bodies);
    expect(texts.length).toBeGreaterThan(10);
    expect(urls.some((u) => u.includes('/api/call/secrets.set'))).toBe(true);
    const leaking = texts.filter((t) => t.includes(KEY) || t.includes(KEY.slice(8, 30)));
    expect(leaking).toEqual([]);
    expect(host!.stderr()).not.toContain(KEY);
    abort.abort();
    await stream;
    // The stream carried the paid job's snapshots and its take, and no key.
    expect(streamed.text).toContain('event: job.updated');
    expect(streamed.text).toContain('event: take.created');
    expect(streamed.text).not.toContain(KEY);
    await page.close();
  });
});
