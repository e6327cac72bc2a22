/**
 * The update policy with a fake updater (the port electron-updater sits behind), scripted user
 * answers and a manual timer: when it checks, what it tells, and that it never installs without
 * the user's yes nor while an export or a generation runs.
 */
import { describe, expect, it } from 'vitest';
import { AutoUpdateController, type AutoUpdateDeps, type AvailableUpdate, type InstallChoice, type UpdaterPort } from '../../main/release/auto-update';

class FakeUpdater implements UpdaterPort {
  calls: string[] = [];
  installOnQuit: boolean | null = null;
  constructor(
    public feed: AvailableUpdate | null,
    public fail: Error | null = null,
  ) {}
  async check() {
    this.calls.push('check');
    if (this.fail) throw this.fail;
    return this.feed;
  }
  async download() {
    this.calls.push('download');
  }
  setInstallOnQuit(enabled: boolean) {
    this.installOnQuit = enabled;
  }
  quitAndInstall() {
    this.calls.push('quitAndInstall');
  }
}

function setup(options: { feed?: AvailableUpdate | null; fail?: Error; packaged?: boolean; enabled?: boolean; answers?: InstallChoice[]; busy?: boolean[] } = {}) {
  const updater = new FakeUpdater(options.feed === undefined ? { version: '0.2.0' } : options.feed, options.fail ?? null);
  const told: string[] = [];
  const asked: string[] = [];
  const answers = [...(options.answers ?? [])];
  const busy = [...(options.busy ?? [])];
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  let enabled = options.enabled ?? true;
  const deps: AutoUpdateDeps = {
    updater,
    prompts: {
      askToInstall: async (u) => {
        asked.push(u.version);
        return answers.shift() ?? 'not-now';
      },
      tell: (m) => void told.push(m),
    },
    isPackaged: options.packaged ?? true,
    autoUpdateEnabled: () => enabled,
    // Each call takes the next scripted answer; the last one repeats.
    isBusy: () => (busy.length > 1 ? busy.shift()! : (busy[0] ?? false)),
    currentVersion: '0.1.0',
    busyRetryMs: 1000,
    schedule: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => (t.cancelled = true);
    },
  };
  const controller = new AutoUpdateController(deps);
  return { controller, updater, told, asked, timers, setEnabled: (v: boolean) => (enabled = v) };
}

describe('AutoUpdateController', () => {
  it('installs nothing on quit until the user agrees', () => {
    const { updater } = setup();
    expect(updater.installOnQuit).toBe(false);
  });

  it('is off in development: no check at start, and the menu says why', async () => {
    const { controller, updater, told } = setup({ packaged: false });
    expect(await controller.checkAtStart()).toBe('disabled');
    expect(await controller.checkFromMenu()).toBe('disabled');
    expect(updater.calls).toEqual([]);
    expect(told).toEqual(['Updates are checked only in the installed app; this is a development build.']);
  });

  it('the start check honours settings.autoUpdate; the menu check runs anyway', async () => {
    const { controller, updater, setEnabled } = setup({ enabled: false, feed: null });
    expect(await controller.checkAtStart()).toBe('disabled');
    expect(updater.calls).toEqual([]);
    expect(await controller.checkFromMenu()).toBe('up-to-date');
    expect(updater.calls).toEqual(['check']);
    setEnabled(true);
    expect(await controller.checkAtStart()).toBe('up-to-date');
  });

  it('up to date: silent at start, told from the menu', async () => {
    const { controller, told } = setup({ feed: null });
    await controller.checkAtStart();
    expect(told).toEqual([]);
    await controller.checkFromMenu();
    expect(told).toEqual(['Shotline 0.1.0 is the latest version.']);
  });

  it('downloads in the background, then asks; "restart now" quits and installs', async () => {
    const { controller, updater, asked } = setup({ answers: ['restart-now'] });
    expect(await controller.checkAtStart()).toBe('installing');
    expect(updater.calls).toEqual(['check', 'download', 'quitAndInstall']);
    expect(asked).toEqual(['0.2.0']);
  });

  it('"on quit" installs when the app quits; "not now" installs nothing, and the menu offers it again', async () => {
    const onQuit = setup({ answers: ['on-quit'] });
    expect(await onQuit.controller.checkAtStart()).toBe('install-on-quit');
    expect(onQuit.updater.installOnQuit).toBe(true);
    expect(onQuit.updater.calls).not.toContain('quitAndInstall');

    const no = setup({ answers: ['not-now', 'on-quit'] });
    expect(await no.controller.checkAtStart()).toBe('declined');
    expect(no.updater.installOnQuit).toBe(false);
    expect(await no.controller.checkFromMenu()).toBe('install-on-quit');
    // Offered again without a second download.
    expect(no.updater.calls).toEqual(['check', 'download']);
    expect(no.asked).toEqual(['0.2.0', '0.2.0']);
  });

  it('never asks while an export or generation runs; asks once the work is done', async () => {
    const { controller, updater, asked, timers } = setup({ answers: ['restart-now'], busy: [true, true, false] });
    expect(await controller.checkAtStart()).toBe('waiting-for-work');
    expect(asked).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(1000);
    timers[0]!.fn(); // still busy
    await Promise.resolve();
    expect(controller.state).toBe('waiting-for-work');
    expect(timers).toHaveLength(2);
    timers[1]!.fn(); // work finished
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['0.2.0']);
    expect(controller.state).toBe('installing');
    expect(updater.calls).toEqual(['check', 'download', 'quitAndInstall']);
  });

  it('"restart now" while work started during the question becomes "on quit"', async () => {
    const { controller, updater, told } = setup({ answers: ['restart-now'], busy: [false, true] });
    expect(await controller.checkFromMenu()).toBe('install-on-quit');
    expect(updater.calls).not.toContain('quitAndInstall');
    expect(updater.installOnQuit).toBe(true);
    expect(told.at(-1)).toContain('will install when you quit instead');
  });

  it('a failed check is logged at start and explained from the menu', async () => {
    const logs: string[] = [];
    const s = setup({ fail: new Error('net::ERR_INTERNET_DISCONNECTED') });
    const controller = new AutoUpdateController({
      updater: s.updater,
      prompts: { askToInstall: async () => 'not-now', tell: (m) => void s.told.push(m) },
      isPackaged: true,
      autoUpdateEnabled: () => true,
      isBusy: () => false,
      currentVersion: '0.1.0',
      log: (l) => logs.push(l),
    });
    expect(await controller.checkAtStart()).toBe('error');
    expect(s.told).toEqual([]);
    expect(logs.some((l) => l.includes('ERR_INTERNET_DISCONNECTED'))).toBe(true);
    expect(await controller.checkFromMenu()).toBe('error');
    expect(s.told[0]).toMatch(/^Could not check for updates: net::ERR_INTERNET_DISCONNECTED\. Check your internet connection/);
  });

  it('two checks at once share one download', async () => {
    const { controller, updater } = setup({ answers: ['on-quit'] });
    const [a, b] = await Promise.all([controller.checkAtStart(), controller.checkFromMenu()]);
    expect(a).toBe('install-on-quit');
    expect(b).toBe('install-on-quit');
    expect(updater.calls).toEqual(['check', 'download']);
  });
});
