/** Debian's Chromium driven by playwright-core (no browser download), flags quiet for CI. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it with "apt-get install -y chromium".`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Where the README's screenshots are written. A normal test run writes them under
 * test-artifacts/ (so `npm test` never dirties the checkout); `npm run screenshots`
 * (UPDATE_SCREENSHOTS=1) writes them into docs/screenshots/ to be committed.
 */
export function docsScreenshotDir(repoRoot: string): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'screenshots') : path.join(repoRoot, 'test-artifacts', 'docs-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
