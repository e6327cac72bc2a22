/**
 * A Fountain script dropped on the project in Chromium (a real DataTransfer drop on the dev
 * host): the import dialog previews it, the split mode changes the shot count, Import makes the
 * scenes and shots; an edited script dropped again lists its changes before they are applied,
 * and one Ctrl+Z undoes the whole re-import.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectInPage, dropFiles, startE2eHost, type E2eHost } from './e2e-host';
import { LIGHTHOUSE } from '../fountain/lighthouse-script';

let e2e: E2eHost;
beforeAll(async () => {
  e2e = await startE2eHost('fountain');
});
afterAll(async () => {
  await e2e?.close();
});

const dropScript = (page: Page, selector: string, name: string, text: string) => dropFiles(page, selector, [{ name, type: 'text/plain', text }]);

const prompts = (page: Page) => page.getByTestId('shot-card-prompt').allTextContents();

describe('Fountain import in Chromium', () => {
  it('drops a script, previews it, imports scenes and shots, re-imports with a list of changes, and undoes it', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await createProjectInPage(page, e2e.host.url, 'Keeper');
    await page.getByTestId('timeline-empty').waitFor();

    await dropScript(page, '[data-testid="timeline-empty"]', 'keeper.fountain', LIGHTHOUSE);
    const dialog = page.getByTestId('import-script');
    await dialog.waitFor();
    await expect.poll(() => page.getByTestId('script-preview').textContent()).toContain('The Last Keeper: 3 scenes, 3 shots, characters @Mara @Tomas @DrOkafor');
    await page.getByTestId('script-split-line').check();
    await expect.poll(() => page.getByTestId('script-preview').textContent()).toContain('3 scenes, 4 shots');
    await page.getByTestId('script-import-submit').click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(4);
    const first = await prompts(page);
    expect(first[0]).toContain('Wind flattens the grass.');
    expect(first[1]).toContain('The lighthouse stands white against the cloud.');
    expect(first[3]).toContain('bends over the set');
    // The timeline shows the script's scenes as bands, with their numbers and headings.
    await expect.poll(() => page.getByTestId('scene-band').count()).toBe(3);
    expect(await page.getByTestId('scene-number').allTextContents()).toEqual(['1', '2', '3']);
    expect(await page.getByTestId('scene-heading').allTextContents()).toEqual(['EXT. CLIFF PATH - DAY', 'INT. LIGHTHOUSE - LAMP ROOM - DUSK', 'RADIO ROOM']);
    // ...as main has them.
    const scenes = await page.evaluate(async () => {
      // The page's own session (the dev host's cookie), as the app's client calls it.
      const res = await fetch('/api/call/scenes.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return ((await res.json()) as { value?: Array<{ number: string; heading: string }> }).value ?? [];
    });
    expect(scenes.map((s) => `${s.number} ${s.heading}`)).toEqual(['1 EXT. CLIFF PATH - DAY', '2 INT. LIGHTHOUSE - LAMP ROOM - DUSK', '3 RADIO ROOM']);
    // The library has the speakers as characters.
    for (const name of ['Mara', 'Tomas', 'DrOkafor']) await page.locator(`[data-testid="element-row"][data-element-name="${name}"]`).waitFor();

    // An edited script dropped on a card: the changes are listed before anything changes.
    const edited = LIGHTHOUSE.replace('Wind flattens the grass.', 'Rain lashes the grass.').replace(/\.RADIO ROOM[\s\S]*$/, '');
    await dropScript(page, '[data-testid="shot-card"]', 'keeper.fountain', edited);
    await dialog.waitFor();
    await page.getByTestId('script-split-line').check();
    const changes = page.getByTestId('script-changes');
    await expect.poll(() => changes.textContent()).toContain('shot 1A: prompt, title changed');
    expect(await changes.textContent()).toContain('Scene 3 RADIO ROOM removed');
    expect(await page.getByTestId('shot-card').count()).toBe(4);
    await page.getByTestId('script-import-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(3);
    expect((await prompts(page))[0]).toContain('Rain lashes the grass.');
    await expect.poll(() => page.getByTestId('scene-band').count()).toBe(2);

    // One undo step takes the whole re-import back.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(4);
    expect((await prompts(page))[0]).toContain('Wind flattens the grass.');
    await expect.poll(() => page.getByTestId('scene-heading').allTextContents()).toEqual(['EXT. CLIFF PATH - DAY', 'INT. LIGHTHOUSE - LAMP ROOM - DUSK', 'RADIO ROOM']);
    expect(problems).toEqual([]);
    await page.close();
  });
});
