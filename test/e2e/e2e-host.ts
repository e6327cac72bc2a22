/**
 * What the in-process e2e tests share: the real app composed for the web host with test pacing,
 * the dev host serving the built renderer, Debian's Chromium, and a fresh project opened in the
 * page the way a user creates one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { composeApp, type AppOverrides } from '../../main/app/compose';
import { startDevHost, type DevHost } from '../../main/hosts/dev-host/dev-host';
import { AppSettings } from '../../main/settings/app-settings';
import { FAST_TIMING } from '../generation/harness';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { launchChromium } from './chromium';

export const RENDERER_DIR = path.join(REPO_ROOT, 'out/renderer');

export interface E2eHost {
  host: DevHost;
  browser: Browser;
  /** The test's temp folder (settings live in `<tmp>/settings`). */
  tmp: string;
  close(): Promise<void>;
}

/**
 * Starts the dev host on the real app (no keys from the environment) and Chromium. `configure`
 * sees the settings before the app starts (a base URL a user would already have set).
 */
export async function startE2eHost(label: string, options: { overrides?: AppOverrides; configure?: (settings: AppSettings) => void } = {}): Promise<E2eHost> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR}/index.html is missing: build the renderer first with "npm run build:renderer".`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shotline-${label}-`));
  const settingsDir = path.join(tmp, 'settings');
  const settings = new AppSettings(settingsDir);
  options.configure?.(settings);
  const app = composeApp({ kind: 'web', version: 'test', mediaBase: '/media/', settings, env: {} }, { timing: FAST_TIMING, progressIntervalMs: 0, ...options.overrides });
  const host = await startDevHost({ port: 0, settingsDir, rendererDir: RENDERER_DIR, app, log: () => {} });
  const browser = await launchChromium();
  return {
    host,
    browser,
    tmp,
    async close() {
      await browser.close();
      await host.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Opens the page and creates a project named `name` from the start view. */
export async function createProjectInPage(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('start-view').waitFor();
  await page.getByTestId('create-name').fill(name);
  await page.getByTestId('create-submit').click();
  await page.getByTestId('project-view').waitFor();
}

/** A file for `dropFiles`: text (a script) or bytes as base64 (a sound, a picture). */
export type DroppedFile = { name: string; type: string } & ({ text: string } | { base64: string });

/**
 * Drops files on the `index`th element matching `selector` the way a desktop drag does:
 * dragenter, dragover and drop with a DataTransfer holding them. `clientX` places the drop
 * (where a lane reads the time from); without it the event carries 0.
 */
export async function dropFiles(page: Page, selector: string, files: DroppedFile[], options: { index?: number; clientX?: number } = {}): Promise<void> {
  await page.locator(selector).nth(options.index ?? 0).evaluate(
    (target, { files, clientX }) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const body = 'text' in f ? f.text : Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([body], f.name, { type: f.type }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, clientX }));
    },
    { files, clientX: options.clientX ?? 0 },
  );
}

/**
 * Calls the contract on a dev host (in this process or a child: anything with its URL and token)
 * as a client would, to read what main holds; throws main's message on a refusal.
 */
export async function callApi<T>(host: { url: string; token: string }, name: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${new URL(host.url).origin}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shotline-token': host.token },
    body: JSON.stringify(input),
  });
  const envelope = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value;
}

/** The generation queue's rows' states, top to bottom (`done`, `running`...). */
export const queueStates = (page: Page): Promise<Array<string | null>> =>
  page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
