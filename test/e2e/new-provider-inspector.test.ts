/**
 * Runway end to end in the real page: the dev host in process with the shipped registry and
 * adapter, Runway's base URL pointed at the Runway contract server
 * (test/contract-servers/runway-server.ts, which takes only its own key). In Chromium: Settings
 * says a key is needed and where to get one, the key typed there is accepted (and gone from the
 * field), the inspector's model picker offers Runway's Gen-4.5, generating asks for the price
 * first, the server sees exactly one create with that key, a take appears, and the Spend panel
 * books it under Runway.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHost } from '../../main/hosts/dev-host/dev-host';
import { startRunwayContractServer, type RunwayContractServer } from '../contract-servers/runway-server';
import { createProjectInPage, startE2eHost, type E2eHost } from './e2e-host';


let e2e: E2eHost | undefined;
let server: RunwayContractServer | undefined;
let host: DevHost | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startRunwayContractServer({ renderMs: 300, steps: 3 });
  e2e = await startE2eHost('runway-e2e', { configure: (settings) => settings.update({ providers: { runway: { baseUrl: server!.baseUrl } } }) });
  host = e2e.host;
  browser = e2e.browser;
});

afterAll(async () => {
  await e2e?.close();
  await server?.close();
});

describe('Runway from Settings to a take', () => {
  it('takes the key in Settings, the model in the inspector, the price confirmation, and makes one take', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const store = () => host!.app.workspace.current!.store;

    await createProjectInPage(page, host!.url, 'Runway film');

    // Settings: no key yet, so the row says what to do; the key typed goes to main.
    await page.getByTestId('open-settings').click();
    const row = page.getByTestId('provider-runway');
    await row.waitFor();
    const advice = await row.getByTestId('key-advice-runway').textContent();
    expect(advice).toContain('needs an API key');
    expect(advice).toContain('RUNWAYML_API_SECRET');
    expect(await row.getByTestId('base-url-runway').inputValue()).toBe(server!.baseUrl);
    await row.getByTestId('api-key-runway').fill(server!.apiKey);
    await row.getByTestId('save-key-runway').click();
    await expect.poll(() => row.getByTestId('key-status-runway').textContent()).toMatch(/^A key is set/);
    expect(await row.getByTestId('api-key-runway').inputValue()).toBe('');
    expect(await row.getByTestId('key-advice-runway').count()).toBe(0);
    await page.getByTestId('settings-close').click();

    // The inspector's picker: Runway, Gen-4.5.
    await page.getByTestId('add-first-shot').click();
    await page.getByTestId('shot-editor').waitFor();
    await page.getByTestId('shot-prompt').fill('A kite rises over the dunes at dawn.');
    await page.getByTestId('shot-title').click();
    await page.getByTestId('shot-provider').selectOption('runway');
    await expect.poll(() => page.getByTestId('shot-model').locator('option').allTextContents()).toContain('Gen-4.5');
    await page.getByTestId('shot-model').selectOption('gen4.5');
    await page.getByTestId('shot-seconds').selectOption('4');
    await expect.poll(() => store().shots.list().map((s) => [s.provider, s.model, s.size, s.seconds])).toEqual([['runway', 'gen4.5', '1280x720', 4]]);
    const shotId = store().shots.list()[0]!.id;

    // The price first (12 credits/s at $0.01 for 4 s), then exactly one create at Runway, then a take.
    await page.getByTestId('generate-shot').click();
    const dialog = page.getByTestId('cost-confirm');
    await dialog.waitFor();
    expect(await dialog.getByTestId('cost-total').textContent()).toBe('$0.48');
    expect(server!.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    await dialog.getByTestId('cost-confirm-button').click();
    await expect.poll(() => store().takes.ofShot(shotId).map((t) => [t.provider, t.model, t.status]), { timeout: 30_000 }).toEqual([['runway', 'gen4.5', 'ready']]);
    const creates = server!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/text_to_video');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.headers.authorization).toBe(`Bearer ${server!.apiKey}`);
    await page.locator('[data-testid="take"]').first().waitFor();

    // The Spend panel books the job under Runway.
    await page.getByTestId('open-spend').click();
    const byProvider = page.getByTestId('spend-by-provider');
    await byProvider.waitFor();
    await expect.poll(() => byProvider.locator('[data-testid="spend-row"]').first().getAttribute('data-key')).toBe('runway');

    expect(problems).toEqual([]);
    await page.close();
  });
});
