/**
 * The Electron main process (bundled to out/main/electron-main.cjs). Thin wiring only: it builds
 * one AppSession, hands the shared handlers to IPC, serves media through media-access and
 * creates the window with the security setup of ./security.ts. All logic lives in services.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession, shell } from 'electron';
import { ELECTRON_MEDIA_BASE } from '../../shared/contract/http';
import { attachGeneration } from '../generation/session-generation';
import { parseSmokeArgs } from '../release/smoke-test';
import { isWorkRunning } from '../release/work-in-progress';
import { createDispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { provideDesktopActions } from '../ipc/handlers/settings-handlers';
import { AppSession } from '../services/app-session';
import { runStartupSelfTest } from '../services/startup-self-test';
import { AppSettings } from '../settings/app-settings';
import { forwardEvents, registerContractIpc } from './ipc-bridge';
import { createMainWindow } from './main-window';
import { installMenu, type MenuDeps } from './menu';
import { APP_PAGE_URL, handleAppProtocol } from './app-protocol';
import { handleMediaProtocol } from './media-protocol';
import { registerPrivilegedSchemes } from './schemes';
import { createElectronSecretStore } from './secret-store-electron';
import { applySessionSecurity, createSenderCheck, type AppPage } from './security';
import { showAboutDialog } from './about-dialog';
import { electronFilePicker } from './file-dialog';
import { provideFilePicker } from '../services/file-picker';
import { checkForUpdatesFromMenu, startAutoUpdate } from './auto-update-electron';
import { prepareSmokeTest, runSmokeTestInElectron } from './smoke-test-electron';
import { claimSingleInstance, projectPathFromArgv } from './single-instance';

let mainWindow: BrowserWindow | null = null;
let appSession: AppSession | null = null;
/** Paths asked for before the session existed (macOS `open-file` fires before ready). */
const pendingProjects: string[] = [];

const log = (line: string) => process.stderr.write(line + '\n');

function openProject(dir: string): void {
  if (!appSession) {
    pendingProjects.push(dir);
    return;
  }
  const session = appSession;
  session
    .open(dir)
    .then((store) => session.events.emit('project.changed', store.snapshot()))
    .catch((error: unknown) => log(`Could not open ${dir}: ${error instanceof Error ? error.message : String(error)}`));
}

/** The page to load: the built renderer, or SHOTLINE_DEV_URL (unpackaged runs only). */
function appPage(): AppPage {
  const devUrl = process.env.SHOTLINE_DEV_URL;
  if (devUrl && !app.isPackaged) return { url: devUrl };
  return { url: APP_PAGE_URL };
}

async function ready(): Promise<void> {
  const settings = new AppSettings(app.getPath('userData'));
  appSession = new AppSession(settings, { host: 'electron', version: app.getVersion(), mediaBase: ELECTRON_MEDIA_BASE });
  const session = appSession;
  const page = appPage();
  // Before any project opens, so the queue resumes with it; API keys live in the OS key store.
  attachGeneration(session, { secrets: await createElectronSecretStore(), log });
  // In the background: features check the report when they start (requireFeature).
  void runStartupSelfTest(settings, log);

  applySessionSecurity(electronSession.defaultSession);
  handleAppProtocol(protocol, path.join(app.getAppPath(), 'out', 'renderer'));
  handleMediaProtocol(protocol, () => session.store?.dir ?? null);
  registerContractIpc(ipcMain, createDispatch(createHandlers(session), log), createSenderCheck(() => mainWindow, page));
  forwardEvents(session.events, () => mainWindow?.webContents ?? null);
  provideDesktopActions(session, { reveal: (file) => shell.showItemInFolder(file), open: (file) => shell.openPath(file) });
  // File > Import Shot List's "Choose…" button (the browser host types a path instead).
  provideFilePicker(session, electronFilePicker(dialog, () => mainWindow));
  const menuDeps: MenuDeps = {
    platform: process.platform,
    appName: app.getName(),
    recent: () => session.settings.get().recentProjects,
    send: (command) => session.events.emit('menu.command', command),
    openProject,
    pickProjectFolder: async () => {
      const picked = await dialog.showOpenDialog({ title: 'Open a Shotline project', properties: ['openDirectory', 'treatPackageAsDirectory'] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    checkForUpdates: () => void checkForUpdatesFromMenu(),
  };
  installMenu(Menu, menuDeps);
  // Open Recent follows every project opened since, from the page, the menu or the OS.
  session.use({ opened: () => installMenu(Menu, menuDeps) });

  mainWindow = createMainWindow({
    preloadPath: path.join(app.getAppPath(), 'out', 'main', 'preload.cjs'),
    page,
    openExternal: (url) => shell.openExternal(url),
  });
  mainWindow.on('closed', () => (mainWindow = null));
  // Release: About shows the ffmpeg licence; updates never interrupt running work.
  session.events.subscribe((name, payload) => {
    if (name === 'menu.command' && (payload as { command?: string }).command === 'help.about') void showAboutDialog(mainWindow, settings.get().ffmpegPath);
  });
  startAutoUpdate({ getWindow: () => mainWindow, autoUpdateEnabled: () => settings.get().autoUpdate, isBusy: () => isWorkRunning(session, log), log });

  const fromArgv = projectPathFromArgv(process.argv, process.cwd());
  if (fromArgv) pendingProjects.push(fromArgv);
  for (const dir of pendingProjects.splice(0)) openProject(dir);
}

registerPrivilegedSchemes(protocol);
const smoke = parseSmokeArgs(process.argv);

if (smoke.enabled) {
  // `--smoke-test` (release workflow): its own throwaway userData, no single-instance lock.
  const userData = prepareSmokeTest();
  app.whenReady().then(() => runSmokeTestInElectron(smoke, userData)).catch((error: unknown) => {
    log(`smoke-test: could not run: ${String(error)}`);
    app.exit(1);
  });
} else if (!claimSingleInstance(app, () => mainWindow, openProject)) {
  app.quit();
} else {
  // macOS delivers double-clicked documents as an event, possibly before ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openProject(file);
  });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed || !appSession) return;
    // Close the project (flush SQLite, stop services) before the process goes away.
    event.preventDefault();
    closed = true;
    void appSession.close().finally(() => app.quit());
  });
  app.whenReady().then(ready, (error: unknown) => {
    log(`Shotline could not start: ${String(error)}`);
    app.exit(1);
  });
}
