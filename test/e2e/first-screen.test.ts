/**
 * The first screen end to end: the real dev host as a child process, the built renderer, Debian
 * Chromium. Create a project, add three shots, edit the second, reorder by drag and by button,
 * reload: the order and the text come back from main.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshotDir, launchChromium } from './chromium';
import { REPO_ROOT, startDevHostProcess, type DevHostProcess } from '../helpers/dev-host-process';

const RENDERER_INDEX = path.join(REPO_ROOT, 'out/renderer/index.html');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const DOCS_SCREENSHOT = path.join(docsScreenshotDir(REPO_ROOT), 'first-screen.png');

let settingsDir: string;
let host: DevHostProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!fs.existsSync(RENDERER_INDEX)) {
    throw new Error(`${RENDERER_INDEX} is missing: build the renderer first with "npm run build:renderer" (npm test does it).`);
  }
  settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-e2e-'));
  host = await startDevHostProcess({ settingsDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (settingsDir) fs.rmSync(settingsDir, { recursive: true, force: true });
});

/** The shot ids in strip order, as the page shows them. */
const stripIds = (page: Page) =>
  page.getByTestId('shot-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-shot-id') ?? ''));
const stripTitles = (page: Page) => page.getByTestId('shot-card-title').allTextContents();

/** Drags a card with the mouse: a few pixels to pass dnd-kit's activation distance, then to the target. */
async function dragCard(page: Page, from: number, to: number) {
  const cards = page.getByTestId('shot-card');
  const a = (await cards.nth(from).boundingBox())!;
  const b = (await cards.nth(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 - 10, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(b.x + b.width / 4, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('first screen in Chromium over the dev host', () => {
  it('creates a project, edits and reorders shots, and shows the same state after a reload', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 760 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url().replace(/token=[^&]+/, 'token=…')}`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });

    await page.goto(host!.url);
    await page.getByTestId('start-view').waitFor();
    await page.getByTestId('create-name').fill('Lighthouse');
    await page.getByTestId('create-size').selectOption('1280x720');
    await page.getByTestId('create-fps').selectOption('24');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('project-view').waitFor();
    expect(await page.getByTestId('project-name').textContent()).toBe('Lighthouse');
    expect(await page.getByTestId('project-format').textContent()).toBe('1280×720 · 24 fps');

    for (let n = 1; n <= 3; n++) {
      await page.getByTestId('add-shot').click();
      await expect.poll(() => page.getByTestId('shot-card').count()).toBe(n);
    }
    const [first, second, third] = (await stripIds(page)) as [string, string, string];
    expect(new Set([first, second, third]).size).toBe(3);

    // Edit the second shot: typing is saved by the debounce, the prompt on blur.
    await page.getByTestId('shot-card').nth(1).click();
    await page.getByTestId('shot-title').fill('Keeper climbs the stairs');
    await page.getByTestId('shot-prompt').fill('Slow push in on @Mara as she climbs.\nThe lamp turns above her.');
    await page.getByTestId('shot-seconds').fill('6');
    await page.getByTestId('shot-title').click(); // blur the last field
    await expect.poll(() => stripTitles(page)).toEqual(['Untitled', 'Keeper climbs the stairs', 'Untitled']);
    await expect.poll(() => page.getByTestId('shot-card-prompt').nth(1).textContent()).toBe('Slow push in on @Mara as she climbs.');
    await expect.poll(() => page.getByTestId('project-duration').textContent()).toBe('3 shots · 14 s');

    // Reorder by dragging the third card onto the first: it goes to the front.
    await dragCard(page, 2, 0);
    await expect.poll(() => stripIds(page)).toEqual([third, first, second]);
    // And by button: select the edited shot (now last) and move it one place left.
    await page.getByTestId('shot-card').nth(2).click();
    await page.getByTestId('move-left').click();
    await expect.poll(() => stripIds(page)).toEqual([third, second, first]);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-screen-before-reload.png') });

    await page.reload();
    await page.getByTestId('project-view').waitFor();
    expect(await stripIds(page)).toEqual([third, second, first]);
    expect(await stripTitles(page)).toEqual(['Untitled', 'Keeper climbs the stairs', 'Untitled']);
    await page.getByTestId('shot-card').nth(1).click();
    expect(await page.getByTestId('shot-title').inputValue()).toBe('Keeper climbs the stairs');
    expect(await page.getByTestId('shot-prompt').inputValue()).toBe('Slow push in on @Mara as she climbs.\nThe lamp turns above her.');
    expect(await page.getByTestId('shot-seconds').inputValue()).toBe('6');

    // Main holds the same order: ask it directly over the contract, as the page does.
    const response = await fetch(`${host!.origin}/api/call/shots.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shotline-token': host!.token },
      body: '{}',
    });
    const listed = (await response.json()) as { ok: boolean; value: { id: string }[] };
    expect(listed.ok).toBe(true);
    expect(listed.value.map((s) => s.id)).toEqual([third, second, first]);

    const shot = path.join(ARTIFACTS, 'first-screen.png');
    await page.screenshot({ path: shot });
    fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
    fs.copyFileSync(shot, DOCS_SCREENSHOT);

    expect(problems).toEqual([]);
    await page.close();
  });
});
