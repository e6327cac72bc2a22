/**
 * The printed formats from the real page in Chromium: shots added in the page, the export
 * dialog's PDF tab with its three choices (paper, frames per page, what to print) as main
 * describes them, the export run to done, and the file read back by pdfinfo and pdftotext;
 * then the CSV tab, read back by csv-parse.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHost } from '../../main/hosts/dev-host/dev-host';
import { pdfInfo, pdfText } from '../export/pdf-readers';
import { createProjectInPage, startE2eHost, type E2eHost } from './e2e-host';

let e2e: E2eHost | undefined;
let host: DevHost | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  e2e = await startE2eHost('print');
  host = e2e.host;
  browser = e2e.browser;
});

afterAll(async () => {
  await e2e?.close();
});

const TITLES = ['Harbour at dawn', 'Mara at the door', 'The lamp'];

describe('printing from the export dialog', () => {
  it('exports the storyboard as a PDF and the shot list as a CSV with the chosen options', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await createProjectInPage(page, host!.url, 'Print film');

    await page.getByTestId('add-first-shot').click();
    for (let n = 2; n <= TITLES.length; n++) {
      await page.getByTestId('add-shot').click();
      await expect.poll(() => page.getByTestId('shot-card').count()).toBe(n);
    }
    for (const [i, title] of TITLES.entries()) {
      await page.getByTestId('shot-card').nth(i).click();
      await page.getByTestId('shot-title').fill(title);
      await page.getByTestId('shot-prompt').fill(`${title}, as the board shows it.`);
    }
    const store = () => host!.app.workspace.current!.store;
    await expect.poll(() => store().shots.list().map((s) => s.title)).toEqual(TITLES);

    // The PDF tab: its fields come from the format's description.
    await page.getByTestId('open-export').click();
    await page.getByTestId('export-tab-pdf').click();
    expect(await page.getByTestId('export-description').textContent()).toMatch(/^Printable pages/);
    expect(await page.getByTestId('export-field-paper').inputValue()).toBe('a4');
    expect(await page.getByTestId('export-field-framesPerPage').locator('option').allTextContents()).toEqual(['2', '3', '4', '6']);
    await page.getByTestId('export-field-paper').selectOption('letter');
    await page.getByTestId('export-field-framesPerPage').selectOption('2');
    await page.getByTestId('export-field-contents').selectOption('storyboard');
    const outPath = await page.getByTestId('export-path').inputValue();
    expect(outPath.endsWith('.pdf')).toBe(true);
    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const info = await pdfInfo(outPath);
    expect(info.Pages).toBe(String(Math.ceil(TITLES.length / 2)));
    expect(info['Page size']).toMatch(/^792 x 612 pts \(letter\)/);
    const text = (await pdfText(outPath)).replace(/\s+/g, ' ');
    for (const [i, title] of TITLES.entries()) expect(text).toContain(`${store().shots.list()[i]!.number} ${title}`);

    // The CSV tab.
    await page.getByTestId('export-tab-csv').click();
    const csvPath = await page.getByTestId('export-path').inputValue();
    expect(csvPath.endsWith('.csv')).toBe(true);
    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const records = parse(fs.readFileSync(csvPath), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r.Title)).toEqual(TITLES);
    expect(problems).toEqual([]);
  }, 90_000);
});
