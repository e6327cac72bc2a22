/**
 * The Electron half of `--smoke-test` (the steps themselves are main/release/smoke-test.ts):
 * a throwaway userData folder, the real window with the real preload, page and contract IPC,
 * then the JSON line on stdout (and in `--smoke-test-report=FILE`) and the exit status.
 * Called from electron-main.ts instead of the normal start; it never claims the single-instance
 * lock, so it also runs beside an open Shotline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, ipcMain, protocol, session as electronSession, type BrowserWindow } from 'electron';
import { ELECTRON_MEDIA_BASE } from '../../shared/contract/http';
import { processLocatorInputs } from '../media/ffmpeg-locator';
import { createDispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { runSmokeTest, smokeExitCode, smokeLine, type SmokeArgs, type SmokeResult } from '../release/smoke-test';
import { composeApp } from '../app/compose';
import { AppSettings } from '../settings/app-settings';
import { APP_PAGE_URL, handleAppProtocol } from './app-protocol';
import { registerContractIpc } from './ipc-bridge';
import { createMainWindow } from './main-window';
import { applySessionSecurity, createSenderCheck, type AppPage } from './security';

const RENDERER_MOUNT_TIMEOUT_MS = 30_000;

/** Call before `app` is ready: keeps the run away from the user's settings, keys and projects. */
export function prepareSmokeTest(): string {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-smoke-userdata-'));
  app.setPath('userData', userData);
  return userData;
}

/** Resolves when the page has loaded and React has mounted something in #root. */
function waitForRenderer(window: BrowserWindow): Promise<string> {
  const contents = window.webContents;
  const loaded = new Promise<void>((resolve, reject) => {
    if (!contents.isLoading() && contents.getURL()) return resolve();
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_e, code, description, url) => reject(new Error(`did-fail-load ${code} ${description} (${url})`)));
    contents.once('render-process-gone', (_e, details) => reject(new Error(`the renderer process ended: ${details.reason}`)));
  });
  return loaded.then(async () => {
    const deadline = Date.now() + RENDERER_MOUNT_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const mounted = (await contents.executeJavaScript('document.getElementById("root")?.childElementCount ?? 0')) as number;
      if (mounted > 0) return `${contents.getURL()} loaded, #root mounted`;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${contents.getURL()} loaded but #root stayed empty for ${RENDERER_MOUNT_TIMEOUT_MS / 1000} s (a script error in the renderer?)`);
  });
}

function report(result: SmokeResult, args: SmokeArgs): void {
  const line = smokeLine(result);
  process.stdout.write(line + '\n');
  if (args.reportFile) {
    try {
      fs.writeFileSync(args.reportFile, line + '\n');
    } catch (error) {
      process.stderr.write(`smoke-test: could not write ${args.reportFile}: ${String(error)}\n`);
    }
  }
}

/** Runs the smoke test in the ready app and exits with its status. */
export async function runSmokeTestInElectron(args: SmokeArgs, userData: string): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  let window: BrowserWindow | null = null;
  let rendererReady: Promise<string> | null = null;
  const page: AppPage = { url: APP_PAGE_URL };
  // Services for the window's own contract calls (the start view asks for recent projects).
  const windowApp = composeApp({ kind: 'electron', version: app.getVersion(), mediaBase: ELECTRON_MEDIA_BASE, settings: new AppSettings(userData), log });

  const result = await runSmokeTest({
    version: app.getVersion(),
    log,
    ffmpeg: processLocatorInputs(null),
    // A packaged app must find its own ffmpeg: this is the bug the smoke test exists to catch.
    expectFfmpegSource: app.isPackaged ? 'bundled' : undefined,
    example: { resourcesPath: process.resourcesPath, appRoot: app.isPackaged ? null : app.getAppPath() },
    shell: {
      openWindow: async () => {
        applySessionSecurity(electronSession.defaultSession);
        handleAppProtocol(protocol, path.join(app.getAppPath(), 'out', 'renderer'));
        const dispatch = createDispatch(createHandlers(windowApp), log);
        registerContractIpc(ipcMain, dispatch, createSenderCheck(() => window, page));
        window = createMainWindow({ preloadPath: path.join(app.getAppPath(), 'out', 'main', 'preload.cjs'), page, openExternal: async () => {} });
        rendererReady = waitForRenderer(window);
        // Attach a handler now, so an early load failure is not an unhandled rejection.
        rendererReady.catch(() => {});
      },
      loadRenderer: () => rendererReady ?? Promise.reject(new Error('no window was opened')),
    },
  });
  report(result, args);
  await windowApp.dispose().catch(() => {});
  fs.rmSync(userData, { recursive: true, force: true });
  app.exit(smokeExitCode(result));
}
