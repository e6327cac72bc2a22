/**
 * The Electron main process (bundled to out/main/electron-main.cjs). Thin wiring only: it hands
 * its adapters (safeStorage keys, native dialogs, the OS shell) to the composition root, gives
 * the shared handlers to IPC, serves media through media-access and creates the window with the
 * security setup of ./security.ts. All logic lives in services.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession, shell } from 'electron';
import { ELECTRON_MEDIA_BASE } from '../../shared/contract/http';
import { composeApp, type AppServices } from '../app/compose';
import { parseSmokeArgs } from '../release/smoke-test';
import { isWorkRunning } from '../release/work-in-progress';
import { createDispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
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
import { checkForUpdatesFromMenu, startAutoUpdate } from './auto-update-electron';
import { prepareSmokeTest, runSmokeTestInElectron } from './smoke-test-electron';
import { claimSingleInstance, projectPathFromArgv } from './single-instance';

let mainWindow: BrowserWindow | null = null;
let appServices: AppServices | null = null;
/** Paths asked for before the services existed (macOS `open-file` fires before ready). */
const pendingProjects: string[] = [];

const log = (line: string) => process.stderr.write(line + '\n');

function openProject(dir: string): void {
  if (!appServices) {
    pendingProjects.push(dir);
    return;
  }
  const services = appServices;
  services.workspace
    .open(dir)
    .then((project) => services.events.emit('project.changed', project.store.snapshot()))
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
  // API keys live in the OS key store; the file dialog and "show in folder" are Electron's.
  appServices = composeApp({
    kind: 'electron',
    version: app.getVersion(),
    mediaBase: ELECTRON_MEDIA_BASE,
    settings,
    secrets: await createElectronSecretStore(),
    log,
    dialogs: electronFilePicker(dialog, () => mainWindow),
    desktop: { reveal: (file) => shell.showItemInFolder(file), open: (file) => shell.openPath(file) },
  });
  const services = appServices;
  const page = appPage();
  // In the background: features check the report when they start (requireFeature).
  void services.ffmpeg.check(log);

  applySessionSecurity(electronSession.defaultSession);
  handleAppProtocol(protocol, path.join(app.getAppPath(), 'out', 'renderer'));
  handleMediaProtocol(protocol, () => services.workspace.current?.store.dir ?? null);
  registerContractIpc(ipcMain, createDispatch(createHandlers(services), log), createSenderCheck(() => mainWindow, page));
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  const menuDeps: MenuDeps = {
    platform: process.platform,
    appName: app.getName(),
    recent: () => settings.get().recentProjects,
    send: (command) => services.events.emit('menu.command', command),
    openProject,
    pickProjectFolder: async () => {
      const picked = await dialog.showOpenDialog({ title: 'Open a Shotline project', properties: ['openDirectory', 'treatPackageAsDirectory'] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    checkForUpdates: () => void checkForUpdatesFromMenu(),
  };
  installMenu(Menu, menuDeps);
  // Open Recent follows every project opened since, from the page, the menu or the OS.
  settings.onChange(() => installMenu(Menu, menuDeps));

  mainWindow = createMainWindow({
    preloadPath: path.join(app.getAppPath(), 'out', 'main', 'preload.cjs'),
    page,
    openExternal: (url) => shell.openExternal(url),
  });
  mainWindow.on('closed', () => (mainWindow = null));
  // Release: About shows the ffmpeg licence; updates never interrupt running work.
  services.events.subscribe((name, payload) => {
    if (name === 'menu.command' && (payload as { command?: string }).command === 'help.about') void showAboutDialog(mainWindow, settings.get().ffmpegPath);
  });
  startAutoUpdate({ getWindow: () => mainWindow, autoUpdateEnabled: () => settings.get().autoUpdate, isBusy: () => isWorkRunning(services, log), log });

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
    if (closed || !appServices) return;
    // Close the project (flush SQLite, stop services) before the process goes away.
    event.preventDefault();
    closed = true;
    void appServices.dispose().finally(() => app.quit());
  });
  app.whenReady().then(ready, (error: unknown) => {
    log(`Shotline could not start: ${String(error)}`);
    app.exit(1);
  });
}
