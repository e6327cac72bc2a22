/**
 * The --smoke-test code path in plain Node: the window and the renderer are test doubles, the
 * rest is real (the Lighthouse example staged with its drawn references, Debian's ffmpeg laid
 * out as the packaged app lays it out, the animatic provider, SQLite, ingest).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLighthouseRefs } from '../../examples/lighthouse/make-refs';
import { parseSmokeArgs, runSmokeTest, smokeExitCode, smokeLine, SMOKE_STEPS, type SmokeResult, type SmokeShell } from '../../main/release/smoke-test';

const repo = path.resolve(import.meta.dirname, '../..');
let work: string;
let exampleDir: string;
let resourcesPath: string;

/** A shell double that records what the smoke test asked of it. */
function fakeShell(overrides: Partial<SmokeShell> = {}): SmokeShell & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    openWindow: overrides.openWindow ?? (async () => void calls.push('openWindow')),
    loadRenderer: overrides.loadRenderer ?? (async () => (calls.push('loadRenderer'), 'index.html loaded, #root mounted')),
  };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-smoke-test-'));
  exampleDir = path.join(work, 'example');
  fs.mkdirSync(exampleDir);
  fs.copyFileSync(path.join(repo, 'examples/lighthouse/shots.json'), path.join(exampleDir, 'shots.json'));
  await makeLighthouseRefs(path.join(exampleDir, 'refs'));
  // The packaged layout: <resources>/ffmpeg/<platform>-<arch>/{ffmpeg,ffprobe}, under a folder
  // name with a space and non-ASCII characters (a user's "Programmes/Shotline Ré" and the like).
  resourcesPath = path.join(work, 'Shotline Ré 影', 'resources');
  const bin = path.join(resourcesPath, 'ffmpeg', `${process.platform}-${process.arch}`);
  fs.mkdirSync(bin, { recursive: true });
  for (const tool of ['ffmpeg', 'ffprobe']) fs.copyFileSync(`/usr/bin/${tool}`, path.join(bin, tool));
  for (const tool of ['ffmpeg', 'ffprobe']) fs.chmodSync(path.join(bin, tool), 0o755);
}, 60_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const bundled = () => ({ settingPath: null, resourcesPath, platform: process.platform, arch: process.arch, envPath: '', ffmpegStaticPath: null });

describe('runSmokeTest', () => {
  it('runs every step with the bundled ffmpeg and writes one JSON line that says ok', async () => {
    const shell = fakeShell();
    const tempRoot = fs.mkdtempSync(path.join(work, 'tmp-'));
    const result = await runSmokeTest({ shell, ffmpeg: bundled(), expectFfmpegSource: 'bundled', example: { dir: exampleDir }, version: '0.1.0', tempRoot });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual([...SMOKE_STEPS]);
    expect(result.steps.every((s) => s.ok)).toBe(true);
    expect(shell.calls).toEqual(['openWindow', 'loadRenderer']);
    expect(result.steps.find((s) => s.name === 'ffmpeg')?.detail).toContain('bundled');
    // The rendered take lasts as long as the example's first shot (4 s).
    expect(result.steps.find((s) => s.name === 'render')?.detail).toMatch(/^4\.\d\d s, \d+ KB$/);
    expect(smokeExitCode(result)).toBe(0);
    const line = smokeLine(result);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(result);
    // The temporary copy is gone; the shipped example is untouched.
    expect(fs.readdirSync(tempRoot)).toEqual([]);
    expect(fs.readdirSync(exampleDir).sort()).toEqual(['refs', 'shots.json']);
  }, 120_000);

  it('without any ffmpeg stops at the ffmpeg step, exits non-zero and says why', async () => {
    const result = await runSmokeTest({
      shell: fakeShell(),
      ffmpeg: { settingPath: null, resourcesPath: path.join(work, 'nowhere'), platform: process.platform, arch: process.arch, envPath: '', ffmpegStaticPath: null },
      example: { dir: exampleDir },
      version: '0.1.0',
      tempRoot: work,
    });
    expect(result.ok).toBe(false);
    expect(smokeExitCode(result)).toBe(1);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['window', true],
      ['renderer', true],
      ['example', true],
      ['ffmpeg', false],
    ]);
    expect(result.error).toMatch(/^ffmpeg: ffmpeg was not found/);
    expect(JSON.parse(smokeLine(result)).error).toBe(result.error);
  });

  it('refuses an ffmpeg found on PATH when the packaged app must use its bundled copy', async () => {
    const result = await runSmokeTest({
      shell: fakeShell(),
      ffmpeg: { settingPath: null, resourcesPath: path.join(work, 'nowhere'), platform: process.platform, arch: process.arch, envPath: '/usr/bin', ffmpegStaticPath: null },
      expectFfmpegSource: 'bundled',
      example: { dir: exampleDir },
      version: '0.1.0',
      tempRoot: work,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^ffmpeg: ffmpeg came from "path"/);
  });

  it('a renderer that does not load fails the renderer step and runs nothing after it', async () => {
    const shell = fakeShell({ loadRenderer: () => Promise.reject(new Error('did-fail-load -6 ERR_FILE_NOT_FOUND')) });
    const result: SmokeResult = await runSmokeTest({ shell, ffmpeg: bundled(), example: { dir: exampleDir }, version: '0.1.0', tempRoot: work });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.name)).toEqual(['window', 'renderer']);
    expect(result.error).toBe('renderer: did-fail-load -6 ERR_FILE_NOT_FOUND');
  });

  it('a step that hangs fails with a timeout instead of hanging the release job', async () => {
    const shell = fakeShell({ openWindow: () => new Promise<void>(() => {}) });
    const result = await runSmokeTest({ shell, ffmpeg: bundled(), example: { dir: exampleDir }, version: '0.1.0', tempRoot: work, stepTimeoutMs: 200 });
    expect(result.error).toBe('window: did not finish within 0 s');
    expect(smokeExitCode(result)).toBe(1);
  });

  it('an example that is missing fails the example step with the folders it looked in', async () => {
    const result = await runSmokeTest({
      shell: fakeShell(),
      ffmpeg: bundled(),
      example: { resourcesPath: path.join(work, 'empty-resources'), appRoot: null },
      version: '0.1.0',
      tempRoot: work,
    });
    expect(result.error).toContain('example: The bundled example project is missing or incomplete');
    expect(result.error).toContain(path.join(work, 'empty-resources', 'examples', 'lighthouse'));
  });
});

describe('parseSmokeArgs', () => {
  it('reads the switch and the report file', () => {
    expect(parseSmokeArgs(['/app/Shotline', '--smoke-test'])).toEqual({ enabled: true, reportFile: null });
    expect(parseSmokeArgs(['Shotline.exe', '--smoke-test', '--smoke-test-report=C:\\t\\smoke.json'])).toEqual({ enabled: true, reportFile: 'C:\\t\\smoke.json' });
    expect(parseSmokeArgs(['/app/Shotline', 'Film.shotline'])).toEqual({ enabled: false, reportFile: null });
  });
});
