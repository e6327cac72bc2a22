/**
 * Scenes in Chromium against the real app over the dev host: add a second scene, rename it in
 * place, drag a shot from scene 1 onto scene 2's band (it gets its number there), fold a scene,
 * renumber the film and undo it. Main's own answer is checked at each step, not only the page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scene, Shot } from '../../shared/domain';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { docsScreenshotDir } from './chromium';
import { callApi, createProjectInPage, startE2eHost, type E2eHost } from './e2e-host';

let e2e: E2eHost;

beforeAll(async () => {
  e2e = await startE2eHost('scenes');
});

afterAll(async () => {
  await e2e?.close();
});

const call = <T>(name: string, input: unknown = {}) => callApi<T>(e2e.host, name, input);

const cardNumbers = (page: Page) => page.getByTestId('shot-card-number').allTextContents();
const bandNumbers = (page: Page) => page.getByTestId('scene-number').allTextContents();

/** Drags a card with the mouse onto a target box: past dnd-kit's activation distance, then there. */
async function dragCardOnto(page: Page, card: number, target: { x: number; y: number; width: number; height: number }) {
  const a = (await page.getByTestId('shot-card').nth(card).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
  await page.mouse.up();
}

describe('scenes in Chromium', () => {
  it('adds and renames a scene, drags a shot into it, folds a scene, and renumbers', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1400, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await createProjectInPage(page, e2e.host.url, 'Storm');

    for (let n = 1; n <= 3; n++) {
      await page.getByTestId('add-shot').click();
      await expect.poll(() => page.getByTestId('shot-card').count()).toBe(n);
    }
    // The first shot made scene 1; shots are numbered in it.
    await expect.poll(() => bandNumbers(page)).toEqual(['1']);
    expect(await cardNumbers(page)).toEqual(['1A', '1B', '1C']);
    expect(await page.getByTestId('scene-meta').first().textContent()).toMatch(/^3 shots · /);

    // A second scene after the selected shot's scene (the new shot is selected: scene 1).
    await page.getByTestId('add-scene').click();
    await expect.poll(() => bandNumbers(page)).toEqual(['1', '2']);
    const band2 = page.getByTestId('scene-band').nth(1);
    expect(await band2.getByTestId('scene-meta').textContent()).toMatch(/^0 shots · /);

    // Rename it in place.
    await band2.getByTestId('scene-heading').dblclick();
    await band2.getByTestId('scene-heading-input').fill('EXT. CLIFF - DAY');
    await band2.getByTestId('scene-heading-input').press('Enter');
    await expect.poll(() => band2.getByTestId('scene-heading').textContent()).toBe('EXT. CLIFF - DAY');
    const scenes = await call<Scene[]>('scenes.list');
    expect(scenes.map((s) => [s.number, s.heading])).toEqual([
      ['1', ''],
      ['2', 'EXT. CLIFF - DAY'],
    ]);

    // Drag shot 1B onto scene 2's band: it moves to the start of scene 2 and is 2A there.
    const movedId = (await page.getByTestId('shot-card').nth(1).getAttribute('data-shot-id'))!;
    await dragCardOnto(page, 1, (await band2.boundingBox())!);
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1C', '2A']);
    let shots = await call<Shot[]>('shots.list');
    expect(shots.find((s) => s.id === movedId)).toMatchObject({ sceneId: scenes[1]!.id, number: '2A' });
    expect(await band2.getByTestId('scene-meta').textContent()).toMatch(/^1 shot · /);

    // Fold scene 1: its shots leave the strip, its band stays with its count; unfold brings them back.
    const band1 = page.getByTestId('scene-band').first();
    await band1.getByTestId('scene-collapse').click();
    await expect.poll(() => cardNumbers(page)).toEqual(['2A']);
    expect(await band1.getByTestId('scene-collapse').getAttribute('aria-expanded')).toBe('false');
    expect(await band1.getByTestId('scene-meta').textContent()).toMatch(/^2 shots · /);
    expect((await call<Scene[]>('scenes.list'))[0]!.collapsed).toBe(true);
    await band1.getByTestId('scene-collapse').click();
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1C', '2A']);

    // Renumber the film: scene 1's shots close the gap; undo puts the old numbers back.
    await page.getByTestId('renumber-film').click();
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1B', '2A']);
    shots = await call<Shot[]>('shots.list');
    expect(shots.map((s) => s.number)).toEqual(['1A', '1B', '2A']);
    await page.getByTestId('undo').click();
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1C', '2A']);

    // The scene editor: a colour, a synopsis and a new number, which the scene's shots follow.
    await band2.getByTestId('scene-edit').click();
    const editor = page.getByTestId('scene-editor');
    await editor.getByTestId('scene-color').nth(5).click();
    await editor.getByTestId('scene-synopsis').fill('Mara reaches the cliff edge.');
    await editor.getByTestId('scene-number-input').fill('7');
    await editor.getByTestId('scene-number-input').press('Enter');
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1C', '7A']);
    await expect.poll(async () => (await call<Scene[]>('scenes.list'))[1]).toMatchObject({ number: '7', color: '#4a90d9', synopsis: 'Mara reaches the cliff edge.' });
    await page.screenshot({ path: path.join(docsScreenshotDir(REPO_ROOT), 'scenes-timeline.png') });
    await editor.getByTestId('scene-editor-close').click();
    await page.getByTestId('undo').click();
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1C', '2A']);

    // The crew notes field is in the inspector and saves to main.
    await page.getByTestId('shot-card').first().click();
    await page.getByTestId('shot-notes').fill('Lamp on a dimmer.');
    await page.getByTestId('shot-title').click();
    await expect.poll(async () => (await call<Shot[]>('shots.list'))[0]!.notes).toBe('Lamp on a dimmer.');

    // After a reload the scenes, their headings and the numbers come back from main.
    await page.reload();
    await page.getByTestId('project-view').waitFor();
    await expect.poll(() => bandNumbers(page)).toEqual(['1', '2']);
    expect(await cardNumbers(page)).toEqual(['1A', '1C', '2A']);
    expect(await page.getByTestId('scene-heading').nth(1).textContent()).toBe('EXT. CLIFF - DAY');

    // Alt+Arrow at the edge of a scene crosses into the next one (its start), and back (its end).
    await page.getByTestId('shot-card').nth(1).click();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '2AA', '2A']);
    await page.getByTestId('shot-card').nth(1).click();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => cardNumbers(page)).toEqual(['1A', '1B', '2A']);
    expect(problems).toEqual([]);
    await page.close();
  });
});
