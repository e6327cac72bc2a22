/**
 * `Shotline --smoke-test`: the packaged app proves, on the machine that built it, that the parts
 * a unit test cannot reach fit together: a window opens, the renderer loads, the bundled example
 * opens from a temporary copy, the bundled ffmpeg passes its self-test, and the first shot
 * renders with the local animatic provider. The result is ONE JSON line
 * (`{"ok":true,"steps":[...],"ms":1234}`) and the exit code (0, or 1 naming the failed step).
 *
 * Everything Electron does is injected (`SmokeShell`), so this module runs in plain Node: the
 * release workflow runs it inside the packaged app, and test/release runs it with test doubles
 * for the window, the real example, real ffmpeg and the real animatic provider.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import { locateFfmpeg, type FfmpegLocatorInputs, type FfmpegSource } from '../media/ffmpeg-locator';
import { selfTestTools } from '../media/ffmpeg-self-test';
import { composeApp } from '../app/compose';
import { AppSettings } from '../settings/app-settings';
import { locateBundledExample, openExampleCopy, type ExampleLocatorInputs } from './bundled-example';

/** The steps, in order. A failure stops the run and names its step. */
export const SMOKE_STEPS = ['window', 'renderer', 'example', 'ffmpeg', 'render'] as const;
export type SmokeStepName = (typeof SMOKE_STEPS)[number];

/** One finished step. */
export interface SmokeStep {
  name: SmokeStepName;
  ok: boolean;
  ms: number;
  /** A short fact worth seeing in the CI log (ffmpeg version, take duration...). */
  detail?: string;
}

/** The one-line JSON result. */
export interface SmokeResult {
  ok: boolean;
  steps: SmokeStep[];
  /** Wall time of the whole run. */
  ms: number;
  /** `<step>: <reason>` when a step failed. */
  error?: string;
}

/** The Electron parts (the real ones live in main/shell/smoke-test-electron.ts). */
export interface SmokeShell {
  /** Creates the main window. Resolves once it exists; rejects with the reason. */
  openWindow(): Promise<void>;
  /** Waits until the renderer page has loaded and mounted; resolves with a short description. */
  loadRenderer(): Promise<string>;
}

export interface SmokeOptions {
  shell: SmokeShell;
  /** Where ffmpeg is looked for (the packaged app: process.resourcesPath and PATH). */
  ffmpeg: FfmpegLocatorInputs;
  /** Fail unless ffmpeg comes from here (the packaged app must use its bundled copy). */
  expectFfmpegSource?: FfmpegSource;
  /** Where the bundled example is looked for, or its folder. */
  example: ExampleLocatorInputs | { dir: string };
  version: string;
  /** Parent of the temporary work folder (default: the OS temp folder). */
  tempRoot?: string;
  /** Limit for each step (default 120 s: the first render on a cold CI runner is slow). */
  stepTimeoutMs?: number;
  /** Progress lines (stderr in the app). */
  log?: (line: string) => void;
}

class StepTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function describeSelfTest(report: FfmpegSelfTestReport): string {
  return `${report.version ?? 'unknown version'} (${report.source ?? 'not found'}: ${report.ffmpeg ?? '-'})`;
}

/** Runs every step in order; never throws (a failure is in the result). */
export async function runSmokeTest(options: SmokeOptions): Promise<SmokeResult> {
  const started = Date.now();
  const stepTimeout = options.stepTimeoutMs ?? 120_000;
  const log = options.log ?? (() => {});
  const steps: SmokeStep[] = [];
  const work = fs.mkdtempSync(path.join(options.tempRoot ?? os.tmpdir(), 'shotline-smoke-'));
  // A throwaway settings folder: the run never touches the user's settings or recent list.
  const settings = new AppSettings(path.join(work, 'settings'));
  settings.update({ projectsDir: path.join(work, 'projects'), autoUpdate: false });
  const app = composeApp({ kind: 'electron', version: options.version, mediaBase: '', settings, log });
  let firstShotId: string | null = null;

  const run = async (name: SmokeStepName, body: () => Promise<string | undefined>): Promise<boolean> => {
    const t0 = Date.now();
    log(`smoke-test: ${name}...`);
    try {
      const detail = await withTimeout(body(), stepTimeout);
      steps.push({ name, ok: true, ms: Date.now() - t0, ...(detail ? { detail } : {}) });
      return true;
    } catch (error) {
      steps.push({ name, ok: false, ms: Date.now() - t0, detail: reasonOf(error) });
      return false;
    }
  };

  const all: Record<SmokeStepName, () => Promise<string | undefined>> = {
    window: async () => {
      await options.shell.openWindow();
      return undefined;
    },
    renderer: () => options.shell.loadRenderer(),
    example: async () => {
      const dir = 'dir' in options.example ? options.example.dir : locateBundledExample(options.example);
      const opened = await openExampleCopy(app.workspace, { exampleDir: dir, parentDir: settings.get().projectsDir });
      const shots = opened.snapshot.shots;
      if (shots.length === 0) throw new Error(`the example at ${dir} has no shots`);
      firstShotId = shots[0]!.id;
      return `${shots.length} shots, ${opened.elementsAdded} elements, copied to ${opened.dir}`;
    },
    ffmpeg: async () => {
      const tools = locateFfmpeg(options.ffmpeg);
      const report = await selfTestTools(tools);
      if (!report.ok) throw new Error(report.problems.join(' '));
      if (options.expectFfmpegSource && tools.source !== options.expectFfmpegSource) {
        throw new Error(`ffmpeg came from "${tools.source}" (${tools.ffmpeg}), not from "${options.expectFfmpegSource}": the installer did not bundle it where main/media/ffmpeg-locator.ts looks.`);
      }
      // Render with exactly the binary that passed (the setting is in the throwaway settings).
      settings.update({ ffmpegPath: tools.ffmpeg });
      return describeSelfTest(report);
    },
    render: async () => {
      const { store, generation, queue } = app.workspace.require();
      const shot = store.shots.get(firstShotId!);
      const result = await generation.start({ shotIds: [shot.id], provider: 'animatic', model: 'animatic', newTake: true });
      await queue.idle(result.jobs.map((j) => j.id));
      const job = result.jobs[0] ? store.jobs.find(result.jobs[0].id) : null;
      if (!job) throw new Error('no job was queued for the first shot');
      if (job.status !== 'done') throw new Error(`the animatic job ended "${job.status}": ${job.message}`);
      const takeId = store.shots.get(shot.id).selectedTakeId;
      const take = takeId ? store.takes.find(takeId) : null;
      if (!take || take.status !== 'ready') throw new Error(`the first shot has no ready take (${take?.status ?? 'none'})`);
      const file = take.files.normalised ?? take.files.original;
      const size = fs.statSync(store.resolve(file)).size;
      if (!(take.durationSeconds && take.durationSeconds > 0) || size === 0) throw new Error(`the take ${file} is empty`);
      return `${take.durationSeconds.toFixed(2)} s, ${Math.round(size / 1024)} KB`;
    },
  };

  let failed: SmokeStep | undefined;
  for (const name of SMOKE_STEPS) {
    if (!(await run(name, all[name]))) {
      failed = steps[steps.length - 1];
      break;
    }
  }
  try {
    await app.dispose();
  } catch (error) {
    log(`smoke-test: closing the example failed: ${reasonOf(error)}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  const result: SmokeResult = { ok: !failed, steps, ms: Date.now() - started };
  if (failed) result.error = `${failed.name}: ${failed.detail ?? 'failed'}`;
  return result;
}

/** The line printed on stdout (and to `--smoke-test-report=FILE`). */
export function smokeLine(result: SmokeResult): string {
  return JSON.stringify(result);
}

/** Exit status for the process: 0 only when every step passed. */
export function smokeExitCode(result: SmokeResult): number {
  return result.ok ? 0 : 1;
}

/** The command-line switches of a smoke-test run. */
export interface SmokeArgs {
  enabled: boolean;
  /** Also write the JSON line to this file (Windows GUI apps have no dependable stdout). */
  reportFile: string | null;
}

/** Reads `--smoke-test` and `--smoke-test-report=FILE` from argv. */
export function parseSmokeArgs(argv: readonly string[]): SmokeArgs {
  const enabled = argv.includes('--smoke-test');
  const report = argv.find((a) => a.startsWith('--smoke-test-report='));
  return { enabled: enabled || Boolean(report), reportFile: report ? report.slice('--smoke-test-report='.length) || null : null };
}
