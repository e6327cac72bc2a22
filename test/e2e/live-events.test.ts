/**
 * Events pushed by main reach the page in Chromium: the HTTP client's EventSource on the real
 * dev host (in process here, so the test can make main emit). The page follows a project opened
 * and closed outside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../../main/hosts/dev-host/dev-host';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { launchChromium } from './chromium';

const RENDERER_DIR = path.join(REPO_ROOT, 'out/renderer');
let tmp: string;
let host: DevHost | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR}/index.html is missing: build the renderer first with "npm run build:renderer".`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-events-'));
  host = await startDevHost({ port: 0, settingsDir: tmp, rendererDir: RENDERER_DIR, log: () => {} });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('project.changed over Server-Sent Events', () => {
  it('shows a project opened outside the page, then the start view when it closes', async () => {
    const page = await browser!.newPage();
    await page.goto(host!.url);
    await page.getByTestId('start-view').waitFor();

    // Another window (or the OS) opens a project: main pushes its snapshot.
    const app = host!.app;
    const { store } = await app.workspace.create({ name: 'Pushed', parentDir: tmp });
    store.shots.add(null, { title: 'From main' });
    // The stream may still be connecting right after load: emit until the page shows it.
    await expect
      .poll(async () => {
        app.events.emit('project.changed', app.workspace.current!.store.snapshot());
        return page.getByTestId('shot-card-title').allTextContents();
      })
      .toEqual(['From main']);
    expect(await page.getByTestId('project-name').textContent()).toBe('Pushed');

    await app.workspace.close();
    app.events.emit('project.changed', null);
    await page.getByTestId('start-view').waitFor({ timeout: 5000 });
    await page.close();
  });
});
