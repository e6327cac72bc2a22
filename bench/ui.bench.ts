/**
 * The timeline app in Chromium against the dev host (in this process, so the bench can push
 * events on the app's bus: a bench-only way to make a progress burst that no production
 * build has). A 1,000-shot project, then:
 *
 *  1. open: click the project in the start view's recent list -> first shot card on screen
 *     (after the next frame), median of 3 opens;
 *  2. scroll: the whole timeline scrolled programmatically, a step per frame; frame times from
 *     requestAnimationFrame deltas (p50/p95/max, frames over 33 ms);
 *  3. typing in the inspector's title field, without and then during a burst of job.updated
 *     events at 50/s across 10 jobs: input latency = from the key event to the frame after its
 *     input handler (p50/p95/max).
 *
 *   npm run build:renderer && npm run bench -- ui
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Job } from '../shared/domain';
import { startDevHost } from '../main/hosts/dev-host/dev-host';
import { composeApp } from '../main/app/compose';
import { AppSettings } from '../main/settings/app-settings';
import { launchChromium } from '../test/e2e/chromium';

const SHOTS = 1_000;
const BURST_JOBS = 10;
const BURST_PER_SECOND = 50;
const TYPED = 'The keeper climbs the spiral stairs';
const OPEN_TARGET_MS = 300;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = path.join(root, 'out/renderer');

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Click the recent project, resolve when the first card is on screen and a frame has passed. */
async function timeOpen(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const item = document.querySelector<HTMLElement>('[data-testid="recent-item"] button, [data-testid="recent-item"]');
        if (!item) return reject(new Error('no recent project in the start view'));
        const t0 = performance.now();
        const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="shot-card"]')) {
            observer.disconnect();
            done();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true });
        item.click();
      }),
  );
}

/**
 * Scrolls the timeline from the start, one step per frame: `stepPx` 0 means the whole length
 * in about 240 frames (a fling), otherwise that many pixels per frame for `maxFrames` frames
 * (a steady drag). Returns the frame deltas.
 */
async function scrollFrames(page: Page, stepPx = 0, maxFrames = Infinity): Promise<{ deltas: number[]; axis: string; distance: number }> {
  return page.evaluate(
    ({ stepPx, maxFrames }) =>
      new Promise<{ deltas: number[]; axis: string; distance: number }>((resolve, reject) => {
        const el =
          document.querySelector<HTMLElement>('[data-testid="timeline-scroller"]') ??
          document.querySelector<HTMLElement>('.shot-strip-wrap') ??
          document.scrollingElement as HTMLElement | null;
        if (!el) return reject(new Error('no timeline scroller'));
        const horizontal = el.scrollWidth - el.clientWidth > el.scrollHeight - el.clientHeight;
        const length = horizontal ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight;
        const step = stepPx > 0 ? stepPx : Math.max(20, length / 240);
        const distance = Math.min(length, step * maxFrames);
        if (horizontal) el.scrollLeft = 0;
        else el.scrollTop = 0;
        const deltas: number[] = [];
        let last = performance.now();
        let pos = 0;
        const frame = (now: number) => {
          deltas.push(now - last);
          last = now;
          pos = Math.min(distance, pos + step);
          if (horizontal) el.scrollLeft = pos;
          else el.scrollTop = pos;
          if (pos >= distance) resolve({ deltas: deltas.slice(1), axis: horizontal ? 'horizontal' : 'vertical', distance });
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(frame);
        });
      }),
    { stepPx, maxFrames: Number.isFinite(maxFrames) ? maxFrames : 1e9 },
  );
}

/** Types into the focused field; returns key-to-next-frame latencies and the long tasks meanwhile. */
async function typeLatency(page: Page, text: string): Promise<{ latencies: number[]; longTasks: number[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __long: number[]; __obs?: PerformanceObserver };
    w.__lat = [];
    w.__long = [];
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration)));
    w.__obs.observe({ type: 'longtask' });
    document.addEventListener(
      'input',
      (e) => {
        const start = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - start)));
      },
      { capture: true },
    );
  });
  await page.keyboard.type(text, { delay: 40 });
  await page.waitForTimeout(200);
  return page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __long: number[] };
    return { latencies: w.__lat, longTasks: w.__long };
  });
}

const longTaskText = (tasks: number[]) => `${tasks.length} long tasks${tasks.length ? ` (longest ${ms(Math.max(...tasks))})` : ''}`;

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run "npm run build:renderer" first.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-bench-ui-'));
  const settings = new AppSettings(path.join(dir, 'home'));
  const app = composeApp({ kind: 'web', version: 'bench', mediaBase: '/media/', settings });
  const { store } = await app.workspace.create({ name: 'Thousand', parentDir: dir, size: '1280x720' });
  store.transaction(() => {
    for (let i = 0; i < SHOTS; i++) {
      store.shots.add(undefined, { title: `Shot ${i + 1}`, prompt: `Shot ${i + 1}: the beam sweeps the bay, @Mara watches.`, seconds: 2 + (i % 7) });
    }
  });
  const shotIds = store.shots.list().map((s) => s.id);
  await app.workspace.close();

  const host = await startDevHost({ settingsDir: settings.dir, rendererDir, app, log: () => {} });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with a `__name` helper that the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await page.getByTestId('start-view').waitFor();

    // 1. Open, three times (close in between; the first includes cold caches).
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('recent-item').first().waitFor();
      opens.push(await timeOpen(page));
      const cards = await page.getByTestId('shot-card').count();
      if (i === 0) console.log(`cards in the DOM after open: ${cards} of ${SHOTS} (virtualised if far fewer)`);
      if (i < 2) {
        await page.getByTestId('close-project').click();
        await page.getByTestId('start-view').waitFor();
      }
    }
    const open = stats(opens);
    console.log(`open 1,000-shot project -> timeline rendered: ${opens.map(ms).join(', ')} (median ${ms(open.p50)}; target < ${OPEN_TARGET_MS} ms)`);

    // 2. Scroll the whole timeline.
    await page.waitForTimeout(300);
    for (const [label, step, frames] of [
      ['whole timeline (fling)', 0, Infinity],
      ['steady drag, 60 px/frame', 60, 300],
    ] as const) {
      const scroll = await scrollFrames(page, step, frames);
      const st = stats(scroll.deltas);
      const slow = scroll.deltas.filter((d) => d > 33.4).length;
      console.log(
        `scroll ${label}: ${scroll.axis} ${Math.round(scroll.distance)} px in ${st.n} frames: p50 ${ms(st.p50)}, p95 ${ms(st.p95)}, max ${ms(st.max)}, ${slow} frames over 33 ms`,
      );
      await page.waitForTimeout(300);
    }

    // 3. Typing in the inspector, quiet and during a progress burst.
    await page.getByTestId('shot-card').first().click();
    const title = page.getByTestId('shot-title');
    await title.click();
    await title.fill('');
    const quietRun = await typeLatency(page, TYPED);
    const quiet = stats(quietRun.latencies);

    await title.fill('');
    let sent = 0;
    const jobs: Job[] = shotIds.slice(0, BURST_JOBS).map((shotId, i) => ({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      kind: 'generate',
      elementId: null,
      shotId,
      provider: 'animatic',
      model: 'animatic',
      status: 'running',
      progress: 0,
      remoteId: null,
      takeId: null,
      parentTakeId: null,
      estimateUsd: 0,
      attempts: 1,
      message: '',
      waitingFor: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }));
    const timer = setInterval(() => {
      const job = jobs[sent % BURST_JOBS]!;
      job.progress = Math.min(0.99, job.progress + 0.002);
      job.updatedAt = new Date().toISOString();
      host.app.events.emit('job.updated', { ...job });
      sent++;
    }, 1000 / BURST_PER_SECOND);
    const started = performance.now();
    await page.waitForTimeout(500);
    const busyRun = await typeLatency(page, TYPED);
    const busy = stats(busyRun.latencies);
    clearInterval(timer);
    const rate = sent / ((performance.now() - started) / 1000);
    const rows = await page.getByTestId('queue-row').count();
    console.log(`typing (${TYPED.length} keys), quiet: p50 ${ms(quiet.p50)}, p95 ${ms(quiet.p95)}, max ${ms(quiet.max)}; ${longTaskText(quietRun.longTasks)}`);
    console.log(
      `typing during ${rate.toFixed(0)} job events/s across ${BURST_JOBS} jobs (${sent} events, ${rows} queue rows shown): p50 ${ms(busy.p50)}, p95 ${ms(busy.p95)}, max ${ms(busy.max)}; ${longTaskText(busyRun.longTasks)}`,
    );
    const typed = await title.inputValue();
    if (typed !== TYPED) console.log(`WARNING: the field reads "${typed}", expected the typed text`);
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
