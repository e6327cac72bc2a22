/**
 * When and how Shotline updates itself. The policy lives here, in plain Node; the Electron side
 * (main/shell/auto-update-electron.ts) only adapts electron-updater and dialogs to the ports
 * below, so tests drive every rule with a fake updater.
 *
 * - Off in development (an unpackaged app has no feed to compare against).
 * - The check at start honours settings.autoUpdate; "Check for Updates..." in the Help menu is
 *   the user asking, so it runs even when automatic checks are off.
 * - An update downloads in the background, and installs only after the user agrees: now
 *   (restart) or when they quit. Saying "not now" installs nothing.
 * - It never interrupts work: while an export or a generation runs it does not even ask; it
 *   looks again later, and a "restart now" that meets running work becomes "on quit".
 */

/** What the feed says about a newer version. */
export interface AvailableUpdate {
  version: string;
}

/** The updater (electron-updater's autoUpdater behind this port). */
export interface UpdaterPort {
  /** Asks the feed; the newer version, or null when this one is current. */
  check(): Promise<AvailableUpdate | null>;
  /** Downloads the update found by the last check. */
  download(): Promise<void>;
  /** Whether a downloaded update installs when the app quits (false until the user agrees). */
  setInstallOnQuit(enabled: boolean): void;
  /** Quits the app and installs the downloaded update. */
  quitAndInstall(): void;
}

/** The user's answer once an update is ready. */
export type InstallChoice = 'restart-now' | 'on-quit' | 'not-now';

/** How the controller talks to the user (native dialogs in the app). */
export interface UpdatePrompts {
  /** Asks how to install a downloaded update. */
  askToInstall(update: AvailableUpdate): Promise<InstallChoice>;
  /** Tells the user an outcome; used for checks the user asked for, never for the silent one at start. */
  tell(message: string): void | Promise<void>;
}

export interface AutoUpdateDeps {
  updater: UpdaterPort;
  prompts: UpdatePrompts;
  /** Electron's app.isPackaged. */
  isPackaged: boolean;
  /** settings.autoUpdate, read at each check. */
  autoUpdateEnabled: () => boolean;
  /** True while an export or a generation is in progress. */
  isBusy: () => boolean;
  currentVersion: string;
  log?: (line: string) => void;
  /** How long to wait before looking again whether the work finished (default 60 s). */
  busyRetryMs?: number;
  /** Timer (tests pass a manual one). Returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

/** Where the controller is. */
export type UpdateState =
  | 'idle'
  | 'disabled'
  | 'checking'
  | 'up-to-date'
  | 'downloading'
  | 'waiting-for-work'
  | 'asking'
  | 'install-on-quit'
  | 'declined'
  | 'installing'
  | 'error';

function defaultSchedule(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AutoUpdateController {
  private current: UpdateState = 'idle';
  private update: AvailableUpdate | null = null;
  private downloaded = false;
  private running: Promise<UpdateState> | null = null;
  private cancelRetry: (() => void) | null = null;

  constructor(private readonly deps: AutoUpdateDeps) {
    // Nothing installs on quit until the user says so.
    deps.updater.setInstallOnQuit(false);
  }

  get state(): UpdateState {
    return this.current;
  }

  /** The update found (and maybe downloaded), if any. */
  get available(): AvailableUpdate | null {
    return this.update;
  }

  private log(line: string): void {
    this.deps.log?.(`[update] ${line}`);
  }

  private set(state: UpdateState): UpdateState {
    this.current = state;
    return state;
  }

  /** The silent check at start: only in the packaged app, only when the setting allows it. */
  checkAtStart(): Promise<UpdateState> {
    if (!this.deps.isPackaged) {
      this.log('off: not a packaged build');
      return Promise.resolve(this.set('disabled'));
    }
    if (!this.deps.autoUpdateEnabled()) {
      this.log('off: automatic update checks are turned off in Settings');
      return Promise.resolve(this.set('disabled'));
    }
    return this.checkOnce(false);
  }

  /** Help > Check for Updates...: the user asked, so every outcome is told. */
  async checkFromMenu(): Promise<UpdateState> {
    if (!this.deps.isPackaged) {
      await this.deps.prompts.tell('Updates are checked only in the installed app; this is a development build.');
      return this.set('disabled');
    }
    if (this.downloaded && this.update) {
      // Already downloaded (the user said "not now" or "on quit"): offer it again.
      return this.offerInstall(true);
    }
    return this.checkOnce(true);
  }

  private checkOnce(manual: boolean): Promise<UpdateState> {
    // One check at a time: a second click while downloading does not start a second download.
    this.running ??= this.checkAndDownload(manual).finally(() => (this.running = null));
    return this.running;
  }

  private async checkAndDownload(manual: boolean): Promise<UpdateState> {
    this.set('checking');
    try {
      const found = await this.deps.updater.check();
      if (!found) {
        this.log(`up to date (${this.deps.currentVersion})`);
        if (manual) await this.deps.prompts.tell(`Shotline ${this.deps.currentVersion} is the latest version.`);
        return this.set('up-to-date');
      }
      this.update = found;
      this.set('downloading');
      this.log(`downloading ${found.version} in the background`);
      await this.deps.updater.download();
      this.downloaded = true;
    } catch (error) {
      this.log(`check or download failed: ${reasonOf(error)}`);
      if (manual) {
        await this.deps.prompts.tell(
          `Could not check for updates: ${reasonOf(error)}. Check your internet connection and try again later, or download the latest version from the releases page.`,
        );
      }
      return this.set('error');
    }
    return this.offerInstall(manual);
  }

  /** Asks once no work is running; until then, looks again every `busyRetryMs`. */
  private async offerInstall(manual: boolean): Promise<UpdateState> {
    const update = this.update!;
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.deps.isBusy()) {
      this.log(`${update.version} is ready; waiting for the running export or generation to finish before asking`);
      if (manual) await this.deps.prompts.tell(`Shotline ${update.version} is downloaded. You will be asked to install it once the running export or generation has finished.`);
      const schedule = this.deps.schedule ?? defaultSchedule;
      this.cancelRetry = schedule(() => void this.offerInstall(false), this.deps.busyRetryMs ?? 60_000);
      return this.set('waiting-for-work');
    }
    this.set('asking');
    const choice = await this.deps.prompts.askToInstall(update);
    if (choice === 'not-now') {
      this.deps.updater.setInstallOnQuit(false);
      this.log(`${update.version}: the user chose not to install now`);
      return this.set('declined');
    }
    if (choice === 'restart-now' && !this.deps.isBusy()) {
      this.deps.updater.setInstallOnQuit(true);
      this.log(`installing ${update.version} now`);
      this.deps.updater.quitAndInstall();
      return this.set('installing');
    }
    // "On quit", or "now" while work started during the question: never cut it short.
    this.deps.updater.setInstallOnQuit(true);
    if (choice === 'restart-now') {
      await this.deps.prompts.tell(`An export or generation is running, so Shotline ${update.version} will install when you quit instead.`);
    }
    this.log(`${update.version} installs when the app quits`);
    return this.set('install-on-quit');
  }

  /** Stops a pending "ask when the work is done" timer (on quit). */
  dispose(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
  }
}
