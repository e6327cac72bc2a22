/**
 * A provider and an export format the page has never heard of, in the real page: the dev host
 * runs in process with the app composed with Fakevid (test/fake-provider/fakevid.ts: a
 * descriptor, a model entry and an adapter, against its own contract server) and a shot-list
 * text format (one ExportFormat object), registered only through the composition root's
 * overrides. In Chromium: Settings lists "Fakevid (test service)" with a key field because its
 * descriptor takes a key, the key typed there is accepted (and gone from the field), the
 * inspector's model picker offers Fake One, generating the shot asks for the price, sends the job
 * to the Fakevid server with that key and produces a take; the export dialog has a tab for the
 * text format with its fields, and its export runs to done and writes the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHost } from '../../main/hosts/dev-host/dev-host';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { startFakeVideoServer, type FakeVideoServer } from '../fake-provider/fake-video-server';
import { fakevidAdapter, registryWithFakevid } from '../fake-provider/fakevid';
import { shotTextFormat } from '../fake-format/shot-text-format';
import { createProjectInPage, startE2eHost, type E2eHost } from './e2e-host';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'descriptor-screens');
const KEY = 'fakevid-token-e2e-0123456789';

let e2e: E2eHost | undefined;
let server: FakeVideoServer | undefined;
let host: DevHost | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startFakeVideoServer({ apiKey: KEY, renderMs: 200 });
  e2e = await startE2eHost('descriptors', { overrides: { registry: registryWithFakevid(), adapters: { fakevid: fakevidAdapter }, exportFormats: [shotTextFormat(100)] } });
  host = e2e.host;
  browser = e2e.browser;
});

afterAll(async () => {
  await e2e?.close();
  await server?.close();
});

describe('a provider and an export format known only by their descriptors', () => {
  it('are configured, picked, generated and exported through in the real page', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const store = () => host!.app.workspace.current!.store;

    await createProjectInPage(page, host!.url, 'Fakevid film');

    // Settings: Fakevid's row, derived from its descriptor (apiKey: base URL, jobs at once, key).
    await page.getByTestId('open-settings').click();
    const row = page.getByTestId('provider-fakevid');
    await row.waitFor();
    expect(await row.getByRole('heading').textContent()).toBe('Fakevid (test service)');
    expect(await row.getByTestId('concurrency-fakevid').count()).toBe(1);
    await row.getByTestId('base-url-fakevid').fill(server!.baseUrl);
    await row.getByTestId('save-connection-fakevid').click();
    await expect.poll(() => host!.app.settings.get().providers.fakevid?.baseUrl).toBe(server!.baseUrl);
    await row.getByTestId('api-key-fakevid').fill(KEY);
    await row.getByTestId('save-key-fakevid').click();
    await expect.poll(() => row.getByTestId('key-status-fakevid').textContent()).toMatch(/^A key is set/);
    expect(await row.getByTestId('api-key-fakevid').inputValue()).toBe('');
    // The animatic takes neither key nor address: no row.
    expect(await page.getByTestId('provider-animatic').count()).toBe(0);
    // Fake One makes 640x360 only: the house format to match.
    await page.getByTestId('house-size').selectOption('640x360');
    await page.getByTestId('save-project-settings').click();
    await expect.poll(() => page.getByTestId('project-format').textContent()).toBe('640×360 · 24 fps');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, '01-settings.png') });
    await page.getByTestId('settings-close').click();

    // The inspector's picker offers Fakevid and its model.
    await page.getByTestId('add-first-shot').click();
    await page.getByTestId('shot-editor').waitFor();
    await page.getByTestId('shot-prompt').fill('Waves break on the rocks below the lighthouse.');
    await page.getByTestId('shot-title').click();
    await page.getByTestId('shot-provider').selectOption('fakevid');
    // The model list follows the provider once the edit has round-tripped through main.
    await expect.poll(() => page.getByTestId('shot-model').locator('option').allTextContents()).toContain('Fake One');
    await page.getByTestId('shot-model').selectOption('fake-1');
    await page.getByTestId('shot-seconds').selectOption('2');
    await expect.poll(() => store().shots.list().map((s) => [s.provider, s.model, s.size, s.seconds, s.prompt])).toEqual([
      ['fakevid', 'fake-1', '640x360', 2, 'Waves break on the rocks below the lighthouse.'],
    ]);
    const shotId = store().shots.list()[0]!.id;

    // Generating: a paid service, so the price first; then the job at Fakevid's server, a take.
    await page.getByTestId('generate-shot').click();
    const dialog = page.getByTestId('cost-confirm');
    await dialog.waitFor();
    expect(await dialog.getByTestId('cost-total').textContent()).toBe('$0.10');
    await dialog.getByTestId('cost-confirm-button').click();
    await expect.poll(() => page.getByTestId('queue-row').first().getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => store().takes.ofShot(shotId).map((t) => [t.provider, t.model, t.status]), { timeout: 30_000 }).toEqual([['fakevid', 'fake-1', 'ready']]);
    const creates = server!.requests.filter((r) => r.method === 'POST' && r.path === '/v2/jobs');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    await page.locator('[data-testid="take"]').first().waitFor();
    expect(await page.locator('[data-testid="take"]').first().textContent()).toContain('Fakevid (test service) · fake-1');
    await page.screenshot({ path: path.join(ARTIFACTS, '02-take.png') });

    // The export dialog has the text format's tab and fields; its export runs to done.
    await page.getByTestId('open-export').click();
    const tab = page.getByTestId('export-tab-shot-text');
    expect(await tab.textContent()).toBe('Shot list (text)');
    await tab.click();
    expect(await page.getByTestId('export-description').textContent()).toBe('One line per shot: number and prompt.');
    await page.getByTestId('export-field-shout').check();
    await page.getByTestId('export-field-bullet').selectOption('star');
    const outPath = await page.getByTestId('export-path').inputValue();
    expect(outPath.endsWith('.txt')).toBe(true);
    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('export-status').textContent()).toBe(`Wrote 1 lines to ${outPath}.`);
    expect(fs.readFileSync(outPath, 'utf8')).toBe('* 1. WAVES BREAK ON THE ROCKS BELOW THE LIGHTHOUSE.\n');
    // Not a video: shown in its folder, never played.
    expect(await page.getByTestId('export-reveal').count()).toBe(1);
    expect(await page.getByTestId('export-play').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-export.png') });

    expect(problems).toEqual([]);
    await page.close();
  });
});
