/**
 * The whole story a filmmaker goes through, in Chromium against the real dev host (a child
 * process) and the OpenAI contract server: create a project; add three shots; create a
 * character with an image and mention it in two shots; drop a reference PNG onto shot 2 (a
 * real DataTransfer drop); mark shot 3 to continue shot 2; generate all (animatic: free, no
 * confirmation); watch the queue finish; switch shot 2 to sora-2 at the contract server (base
 * URL and key typed in Settings), see the cost confirmation, confirm, get the take, select it;
 * reorder shots; undo the reorder; export with dissolves; the file exists and ffprobe confirms
 * its duration. A screenshot at each step goes to test-artifacts/, the best ones to docs/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceTiming } from '../../shared/sequence-math';
import type { Shot, Take } from '../../shared/domain';
import { docsScreenshotDir, launchChromium } from './chromium';
import { callApi, dropFiles as dropOn, queueStates } from './e2e-host';
import { REPO_ROOT, startDevHostProcess, type DevHostProcess } from '../helpers/dev-host-process';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';

const RENDERER_INDEX = path.join(REPO_ROOT, 'out/renderer/index.html');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'story');
const DOCS = docsScreenshotDir(REPO_ROOT);
const KEY = 'sk-story-test-key-0123456789';
const DISSOLVE = 0.5;

let settingsDir: string;
let host: DevHostProcess | undefined;
let browser: Browser | undefined;
let openai: OpenAiContractServer | undefined;

beforeAll(async () => {
  if (!fs.existsSync(RENDERER_INDEX)) throw new Error(`${RENDERER_INDEX} is missing: run "npm run build:renderer" first (npm test does it).`);
  settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-story-'));
  // Near-zero render time: the story measures the app, not a pretend service.
  openai = await startOpenAiContractServer({ apiKey: KEY, renderMs: 100, steps: 2 });
  host = await startDevHostProcess({ settingsDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await openai?.close();
  if (settingsDir) fs.rmSync(settingsDir, { recursive: true, force: true });
});

/** Calls the contract as the page does (to read what main holds, never to drive the story). */
const call = <T>(name: string, input: unknown = {}) => callApi<T>(host!, name, input);

let step = 0;
async function shot(page: Page, name: string, docsName?: string): Promise<void> {
  step += 1;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  if (docsName) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS, docsName));
  }
}

/** Drops files on the `index`th element matching `selector`. */
const dropFiles = (page: Page, selector: string, index: number, files: Array<{ name: string; type: string; base64: string }>) => dropOn(page, selector, files, { index });

const cardIds = (page: Page) => page.getByTestId('shot-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-shot-id') ?? ''));

async function png(width: number, height: number, rgb: [number, number, number], label: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(${rgb.join(',')})"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 4}" fill="#f0a83c"/><text x="20" y="${height - 20}" font-size="28" fill="#fff" font-family="DejaVu Sans">${label}</text></svg>`;
  return (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64');
}

describe('the filmmaker story', () => {
  it('goes from an empty project to an exported sequence with dissolves', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    // 1. Create a project.
    await page.goto(host!.url);
    await page.getByTestId('start-view').waitFor();
    await page.getByTestId('create-name').fill('Lighthouse');
    await page.getByTestId('create-size').selectOption('1280x720');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('project-view').waitFor();
    await shot(page, 'empty-project');
    // A quick-draft house format keeps the renders and the export small.
    await page.getByTestId('open-settings').click();
    await page.getByTestId('house-size').selectOption('640x360');
    await page.getByTestId('save-project-settings').click();
    await expect.poll(() => page.getByTestId('project-format').textContent()).toBe('640×360 · 24 fps');
    await page.getByTestId('settings-close').click();

    // 2. Three shots, with titles and prompts; two mention the character.
    await page.getByTestId('add-first-shot').click();
    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(1);
    for (let n = 2; n <= 3; n++) {
      await page.getByTestId('add-shot').click();
      await expect.poll(() => page.getByTestId('shot-card').count()).toBe(n);
    }
    const [s1, s2, s3] = (await cardIds(page)) as [string, string, string];
    const texts = [
      ['Harbour at dawn', 'Wide: the lighthouse on the rocks, gulls circling.'],
      ['Mara at the door', '@Mara opens the heavy door and looks up the stairs.'],
      ['The lamp', '@Mara lights the great lamp; the beam starts to turn.'],
    ];
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('shot-card').nth(i).click();
      await page.getByTestId('shot-title').fill(texts[i]![0]!);
      await page.getByTestId('shot-prompt').fill(texts[i]![1]!);
      await page.getByTestId('shot-seconds').fill('2');
      await page.getByTestId('shot-title').click();
    }
    await expect.poll(async () => (await call<Shot[]>('shots.list')).map((s) => [s.seconds, s.size])).toEqual(Array(3).fill([2, '640x360']));
    await expect.poll(() => page.getByTestId('shot-card-title').allTextContents()).toEqual(texts.map((t) => t[0]));

    // 3. A character with an image.
    await page.getByTestId('element-new').click();
    await page.getByTestId('element-new-kind').selectOption('character');
    await page.getByTestId('element-new-name').fill('Mara');
    await page.getByTestId('element-new-submit').click();
    await page.getByTestId('element-row').first().waitFor();
    await dropFiles(page, '[data-testid="element-row"]', 0, [{ name: 'mara.png', type: 'image/png', base64: await png(480, 640, [60, 70, 90], 'Mara') }]);
    await expect.poll(async () => (await call<{ elements: Array<{ name: string; images: unknown[] }> }>('projects.current')).elements[0]?.images.length).toBe(1);
    await shot(page, 'character');

    // 4. A reference PNG dropped on shot 2's card.
    await dropFiles(page, '[data-testid="shot-card"]', 1, [{ name: 'door.png', type: 'image/png', base64: await png(1280, 720, [30, 40, 50], 'Door') }]);
    await expect.poll(async () => (await call<Shot[]>('shots.list')).find((s) => s.id === s2)?.references.length).toBe(1);

    // 5. Shot 3 continues shot 2.
    await page.getByTestId('shot-card').nth(2).click();
    // A controlled box: it shows the change once main has stored it.
    await page.getByTestId('shot-continue').click();
    await expect.poll(async () => (await call<Shot[]>('shots.list')).find((s) => s.id === s3)?.continuePrevious).toBe(true);
    await page.getByTestId('shot-card-continuity').first().waitFor();
    await shot(page, 'shots-written', 'story-shots.png');

    // 6. Generate all: the animatic is free, so it starts without a confirmation.
    await page.getByTestId('generate-missing').click();
    await page.getByTestId('queue-row').first().waitFor();
    expect(await page.getByTestId('cost-confirm').count()).toBe(0);
    await shot(page, 'queue-running');
    // Shot 3 waits in main for shot 2's take (a waiting job main starts itself), then runs:
    // three jobs done in the end.
    await expect.poll(() => queueStates(page), { timeout: 60_000, interval: 500 }).toEqual(['done', 'done', 'done']);
    await expect.poll(async () => (await call<Shot[]>('shots.list')).every((s) => s.selectedTakeId !== null)).toBe(true);
    await shot(page, 'queue-done', 'story-timeline.png');

    // 7. Settings: the contract server's base URL and a key.
    await page.getByTestId('open-settings').click();
    await page.getByTestId('base-url-openai').fill(openai!.baseUrl);
    await page.getByTestId('save-connection-openai').click();
    await page.getByTestId('api-key-openai').fill(KEY);
    await page.getByTestId('save-key-openai').click();
    await expect.poll(() => page.getByTestId('key-status-openai').textContent()).toMatch(/^A key is set/);
    await shot(page, 'settings', 'story-settings.png');
    await page.getByTestId('settings-close').click();

    // 8. Shot 2 on sora-2: the confirmation shows the price; confirm; the take arrives.
    await page.getByTestId('shot-card').nth(1).click();
    await page.getByTestId('shot-provider').selectOption('openai');
    await page.getByTestId('shot-model').selectOption('sora-2');
    await expect.poll(async () => (await call<Shot[]>('shots.list')).find((s) => s.id === s2)?.model).toBe('sora-2');
    // sora-2 takes 4, 8 or 12 seconds: the picker offers only those.
    await page.getByTestId('shot-seconds').selectOption('4');
    await expect.poll(async () => (await call<Shot[]>('shots.list')).find((s) => s.id === s2)?.seconds).toBe(4);
    const shot2 = (await call<Shot[]>('shots.list')).find((s) => s.id === s2)!;
    expect(['1280x720', '720x1280']).toContain(shot2.size);
    const before = (await call<Take[]>('takes.list', { shotId: s2 })).map((t) => t.id);
    await page.getByTestId('generate-shot').click();
    const dialog = page.getByTestId('cost-confirm');
    await dialog.waitFor();
    const estimate = await call<{ totalText: string }>('generation.estimate', { shotIds: [s2] });
    expect(await dialog.getByTestId('cost-total').textContent()).toBe(estimate.totalText);
    expect(estimate.totalText).not.toBe('$0.00');
    await shot(page, 'cost-confirmation', 'story-cost.png');
    await page.getByTestId('cost-confirm-button').click();
    await expect.poll(async () => (await call<Take[]>('takes.list', { shotId: s2 })).filter((t) => !before.includes(t.id) && t.status === 'ready').length, { timeout: 60_000 }).toBe(1);
    const soraTake = (await call<Take[]>('takes.list', { shotId: s2 })).find((t) => !before.includes(t.id))!;
    expect(soraTake.model).toBe('sora-2');
    expect(openai!.requests.some((r) => r.method === 'POST' && r.path.endsWith('/videos'))).toBe(true);
    await page.locator(`[data-testid="take"][data-take-id="${soraTake.id}"] [data-testid="take-select"]`).click();
    await expect.poll(async () => (await call<Shot[]>('shots.list')).find((s) => s.id === s2)?.selectedTakeId).toBe(soraTake.id);
    await shot(page, 'sora-take-selected', 'story-takes.png');

    // 9. Reorder (shot 1 one place right, from the keyboard), then undo it.
    await page.getByTestId('shot-card').nth(0).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardIds(page)).toEqual([s2, s1, s3]);
    await shot(page, 'reordered');
    await page.getByTestId('undo').click();
    await expect.poll(() => cardIds(page)).toEqual([s1, s2, s3]);
    expect((await call<Shot[]>('shots.list')).map((s) => s.id)).toEqual([s1, s2, s3]);

    // 10. Export with dissolves; the file is there and ffprobe agrees on its length.
    await page.getByTestId('open-export').click();
    await page.getByTestId('export-tab-mp4').click();
    await page.getByTestId('export-field-transition').selectOption('dissolve');
    await page.getByTestId('export-field-transitionSeconds').fill(String(DISSOLVE));
    const outPath = await page.getByTestId('export-path').inputValue();
    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await shot(page, 'exported', 'story-export.png');
    expect(fs.existsSync(outPath)).toBe(true);
    const probed = Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', outPath], { encoding: 'utf8' }).trim(),
    );
    const shots = await call<Shot[]>('shots.list');
    const fps = (await call<{ project: { format: { fps: number } } }>('projects.current')).project.format.fps;
    const takes = new Map<string, Take>();
    for (const s of shots) for (const t of await call<Take[]>('takes.list', { shotId: s.id })) takes.set(t.id, t);
    const expected = sequenceTiming(
      shots.map((s) => ({ ...s, transition: { kind: 'dissolve' as const, seconds: DISSOLVE }, sourceSeconds: takes.get(s.selectedTakeId!)?.durationSeconds ?? null })),
      fps,
    ).totalSeconds;
    expect(Math.abs(probed - expected)).toBeLessThan(0.1);

    // The player plays the sequence from the top.
    await page.getByTestId('export-close').click();
    await page.getByTestId('player-toggle').click();
    await expect.poll(async () => Number(await page.getByTestId('scrubber').getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0.5);
    await shot(page, 'playing', 'story-player.png');

    expect(problems).toEqual([]);
    await page.close();
  });
});
