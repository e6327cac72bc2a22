/**
 * The Electron half of --smoke-test with `electron` replaced by the shell's test double: the
 * throwaway userData, the real window/preload/page/IPC wiring, the JSON line on stdout and in
 * the report file, and the exit status. The packaged app here has no resources folder, so the
 * run must stop at the example step and say so (the full run of the steps is smoke-test.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { calls } from '../../shared/contract';
import type { SmokeResult } from '../../main/release/smoke-test';

const smoke = vi.hoisted(() => ({ paths: {} as Record<string, string>, exitCodes: [] as number[], scripts: [] as string[] }));

vi.mock('electron', async () => {
  const fake = await import('../hosts/fake-electron');
  class SmokeWindow extends fake.FakeBrowserWindow {
    constructor(options: ConstructorParameters<typeof fake.FakeBrowserWindow>[0]) {
      super(options);
      Object.assign(this.webContents, {
        isLoading: () => false,
        getURL: () => this.loaded.url ?? '',
        executeJavaScript: async (script: string) => (smoke.scripts.push(script), 3),
      });
    }
  }
  const app = fake.fakeElectron.app as unknown as Record<string, unknown>;
  app.isPackaged = true;
  app.setPath = (name: string, value: string) => (smoke.paths[name] = value);
  app.exit = (code: number) => smoke.exitCodes.push(code);
  return { ...fake.fakeElectron, BrowserWindow: SmokeWindow };
});

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-smoke-electron-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('runSmokeTestInElectron', () => {
  it('opens the real window wiring, writes the JSON line to stdout and the report, and exits 1 naming the step', async () => {
    const fake = await import('../hosts/fake-electron');
    fake.state.appPath = path.join(work, 'app');
    const { parseSmokeArgs } = await import('../../main/release/smoke-test');
    const { prepareSmokeTest, runSmokeTestInElectron } = await import('../../main/shell/smoke-test-electron');
    const report = path.join(work, 'smoke report é.json');
    const args = parseSmokeArgs(['Shotline', '--smoke-test', `--smoke-test-report=${report}`]);

    const userData = prepareSmokeTest();
    expect(smoke.paths.userData).toBe(userData);
    expect(path.basename(userData)).toMatch(/^shotline-smoke-userdata-/);

    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      await runSmokeTestInElectron(args, userData);
    } finally {
      spy.mockRestore();
    }

    const line = written.find((w) => w.startsWith('{"ok"'))!;
    const result = JSON.parse(line) as SmokeResult;
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['window', true],
      ['renderer', true],
      ['example', false],
    ]);
    expect(result.error).toMatch(/^example: The bundled example project is missing or incomplete/);
    expect(fs.readFileSync(report, 'utf8')).toBe(line);
    expect(smoke.exitCodes).toEqual([1]);
    expect(fs.existsSync(userData)).toBe(false);

    // The window is the real one: the page over the app protocol, the bundled preload, every contract call.
    const window = fake.FakeBrowserWindow.created.at(-1)!;
    expect(window.loaded.url).toBe('shotline-app://renderer/index.html');
    expect(window.options.webPreferences?.preload).toBe(path.join(work, 'app', 'out', 'main', 'preload.cjs'));
    expect(smoke.scripts[0]).toContain('getElementById("root")');
    expect([...fake.fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(calls).sort());
    expect(fake.fakeElectron.protocol.handlers.has('shotline-app')).toBe(true);
  });
});
