/**
 * electron-updater and native dialogs behind the ports of main/release/auto-update.ts (the
 * policy). The feed is the GitHub releases of the repository (electron-builder.yml `publish`,
 * written into the app as app-update.yml). Automatic download and install-on-quit are off:
 * the policy decides both, after asking the user.
 *
 * The Help menu calls `checkForUpdatesFromMenu()`.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import type { AppUpdater } from 'electron-updater';
import { AutoUpdateController, type InstallChoice, type UpdaterPort } from '../release/auto-update';

let controller: AutoUpdateController | null = null;

/** How long after start the first check waits, so it never competes with opening a project. */
const FIRST_CHECK_DELAY_MS = 10_000;

export interface AutoUpdateOptions {
  getWindow: () => BrowserWindow | null;
  /** settings.autoUpdate. */
  autoUpdateEnabled: () => boolean;
  /** True while an export or a generation runs. */
  isBusy: () => boolean;
  log: (line: string) => void;
}

/**
 * electron-updater behind the port, loaded on first use only: an unpackaged app never loads
 * it (the policy stops before any call), and nothing installs on quit until the user agrees.
 */
function electronUpdaterPort(log: (line: string) => void): UpdaterPort {
  let installOnQuit = false;
  let loaded: Promise<AppUpdater> | null = null;
  const updater = () =>
    (loaded ??= import('electron-updater').then(({ autoUpdater }) => {
      autoUpdater.autoDownload = false;
      autoUpdater.autoInstallOnAppQuit = installOnQuit;
      const write = (m: unknown) => log(`[update] ${String(m)}`);
      autoUpdater.logger = { info: write, warn: write, error: write, debug: () => {} };
      return autoUpdater;
    }));
  return {
    async check() {
      const result = await (await updater()).checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download() {
      await (await updater()).downloadUpdate();
    },
    setInstallOnQuit(enabled) {
      installOnQuit = enabled;
      void loaded?.then((u) => (u.autoInstallOnAppQuit = enabled));
    },
    quitAndInstall() {
      void updater().then((u) => u.quitAndInstall());
    },
  };
}

async function showMessage(getWindow: () => BrowserWindow | null, message: string): Promise<void> {
  const window = getWindow();
  const options = { type: 'info' as const, title: 'Shotline updates', message, buttons: ['OK'] };
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

async function askToInstall(getWindow: () => BrowserWindow | null, version: string): Promise<InstallChoice> {
  const window = getWindow();
  const options = {
    type: 'question' as const,
    title: 'Update ready',
    message: `Shotline ${version} is ready to install.`,
    detail: 'Restart now to install it, or let it install the next time you quit Shotline. Your projects are saved as you work.',
    buttons: ['Restart and Install', 'Install When I Quit', 'Not Now'],
    defaultId: 1,
    cancelId: 2,
  };
  const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
  return (['restart-now', 'on-quit', 'not-now'] as const)[response] ?? 'not-now';
}

/** Builds the controller and schedules the check at start. Call once, after `ready`. */
export function startAutoUpdate(options: AutoUpdateOptions): AutoUpdateController {
  controller = new AutoUpdateController({
    updater: electronUpdaterPort(options.log),
    prompts: { askToInstall: (u) => askToInstall(options.getWindow, u.version), tell: (m) => showMessage(options.getWindow, m) },
    isPackaged: app.isPackaged,
    autoUpdateEnabled: options.autoUpdateEnabled,
    isBusy: options.isBusy,
    currentVersion: app.getVersion(),
    log: options.log,
  });
  const started = controller;
  setTimeout(() => void started.checkAtStart(), FIRST_CHECK_DELAY_MS).unref();
  app.on('before-quit', () => started.dispose());
  return started;
}

/** Help > Check for Updates... (for the application menu). */
export async function checkForUpdatesFromMenu(): Promise<void> {
  if (!controller) return;
  await controller.checkFromMenu();
}
