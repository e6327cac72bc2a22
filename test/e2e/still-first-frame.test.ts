/**
 * A still frame as a shot's first frame, in the real page over the in-process dev host with the
 * real app (no key: the animatic is the default, so everything is free and local). In Chromium:
 * "Still frame" shows the free local still's estimate, confirming makes a still take that the
 * takes list marks as a still, "Use as first frame" puts it first among the shot's references,
 * and generating the shot makes a clip take whose job request carried that first frame.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHost } from '../../main/hosts/dev-host/dev-host';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { createProjectInPage, startE2eHost, type E2eHost } from './e2e-host';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'still-first-frame');

let e2e: E2eHost | undefined;
let host: DevHost | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  e2e = await startE2eHost('still');
  host = e2e.host;
  browser = e2e.browser;
});

afterAll(async () => {
  await e2e?.close();
});

describe('a still frame as the first frame', () => {
  it('is made, shown as a still, used as the first frame, and sent with the generated shot', { timeout: 40_000 }, async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const store = () => host!.app.workspace.current!.store;

    await createProjectInPage(page, host!.url, 'Still film');
    await page.getByTestId('add-first-shot').click();
    await page.getByTestId('shot-editor').waitFor();
    await page.getByTestId('shot-prompt').fill('The lighthouse at dusk, its lamp turning.');
    await page.getByTestId('shot-title').click();
    await expect.poll(() => store().shots.list()[0]?.prompt).toBe('The lighthouse at dusk, its lamp turning.');
    const shotId = store().shots.list()[0]!.id;

    // The estimate first: the free local still, at the shot's size, for nothing.
    await page.getByTestId('still-frame').click();
    const estimate = page.getByTestId('still-estimate');
    await estimate.waitFor();
    expect(await estimate.textContent()).toMatch(/^Animatic still \(ffmpeg, local\) · 1280 × 720 · \$0\.00$/);
    await page.getByTestId('still-confirm-start').click();

    // The still lands as a take marked as a still, with no clip actions.
    const still = page.locator('[data-testid="take"][data-take-output="image"]');
    await still.waitFor({ timeout: 20_000 });
    await expect.poll(() => still.getByTestId('take-status').textContent(), { timeout: 20_000 }).toBe('ready');
    expect(await still.getByTestId('take-still').textContent()).toBe('Still frame');
    expect(await still.getByTestId('take-select').count()).toBe(0);
    const stillTake = store().takes.ofShot(shotId).find((t) => t.request.output === 'image')!;
    expect(stillTake.model).toBe('animatic-still');
    // Not the shot's clip.
    expect(store().shots.get(shotId).selectedTakeId).toBeNull();

    await still.getByTestId('take-use-first-frame').click();
    await expect.poll(() => store().shots.get(shotId).references.length).toBe(1);
    await page.getByTestId('reference-thumb').first().waitFor();
    expect(await page.getByTestId('reference-thumb').first().textContent()).toContain('1st frame · still');
    // Main's dry run agrees: the still goes as the first frame.
    await expect.poll(() => page.getByTestId('preview-images').textContent()).toMatch(/^First frame: still/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, '01-still-as-first-frame.png') });

    // Generating the shot: free, so it starts at once; its job sends the still as the first frame.
    await page.getByTestId('generate-shot').click();
    const clip = page.locator('[data-testid="take"][data-take-output="video"]');
    await clip.waitFor({ timeout: 30_000 });
    await expect.poll(() => store().shots.get(shotId).selectedTakeId, { timeout: 30_000 }).not.toBeNull();
    const clipTake = store().takes.ofShot(shotId).find((t) => t.request.output !== 'image')!;
    const job = store().jobs.list().find((j) => j.kind === 'generate' && j.shotId === shotId)!;
    expect(job.takeId).toBe(clipTake.id);
    const sent = store().jobs.request(job.id);
    expect(sent.firstFrame).toBeDefined();
    expect(sent.firstFrame!.file).toBeTruthy();
    expect(clipTake.request.firstFrame?.sha256).toBe(sent.firstFrame!.sha256);
    await page.screenshot({ path: path.join(ARTIFACTS, '02-clip.png') });

    expect(problems).toEqual([]);
    await page.close();
  });
});
