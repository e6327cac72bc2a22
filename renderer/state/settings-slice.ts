/**
 * The Settings screen's data: app settings (base URLs, concurrency, ffmpeg path), which
 * providers have a key (never the key: it goes straight to main and is not kept here), the
 * ffmpeg self-test, the model registry, and the host's AppInfo (media base URL). Also routes
 * desktop menu commands to the page's actions.
 */
import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/contract/app';
import type { CallInput, ContractClient } from '../../shared/contract';
import type { SecretsStatus } from '../../shared/contract/generation';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import type { MenuCommand } from '../../shared/contract/menu';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import type { AppSettingsView } from '../../shared/contract/settings';
import type { AppState } from './app-store';

export interface SettingsSlice {
  settingsOpen: boolean;
  appInfo: AppInfo | null;
  appSettings: AppSettingsView | null;
  secretsStatus: SecretsStatus | null;
  selfTest: FfmpegSelfTestReport | null;
  /** Set while the ffmpeg check runs (it takes a moment). */
  selfTestRunning: boolean;
  settingsRegistry: RegistrySnapshot | null;

  loadAppInfo(): Promise<void>;
  openSettings(): void;
  closeSettings(): void;
  /** Loads everything the Settings screen shows. */
  loadSettings(): Promise<void>;
  saveProviderSettings(provider: 'openai' | 'google', patch: { baseUrl?: string | null; concurrency?: number }): Promise<boolean>;
  /** Sends a key to main (write-only). Resolves true when main took it. */
  saveApiKey(provider: string, key: string): Promise<boolean>;
  clearApiKey(provider: string): Promise<void>;
  saveFfmpegPath(path: string | null): Promise<void>;
  runSelfTest(): Promise<void>;
  /** House format, budget, default provider/model: project settings, through project.update. */
  saveProjectSettings(patch: CallInput<'project.update'>): Promise<boolean>;
  /** Carries out a desktop menu command. */
  runMenuCommand(command: MenuCommand): void;
}

export function createSettingsSlice(client: ContractClient): StateCreator<AppState, [], [], SettingsSlice> {
  return (set, get) => {
    const fail = (error: unknown) => get().pushError(error);
    const refreshSecrets = async () => set({ secretsStatus: await client.call('secrets.status', {}) });

    return {
      settingsOpen: false,
      appInfo: null,
      appSettings: null,
      secretsStatus: null,
      selfTest: null,
      selfTestRunning: false,
      settingsRegistry: null,

      async loadAppInfo() {
        try {
          set({ appInfo: await client.call('app.info', {}) });
        } catch (error) {
          fail(error);
        }
      },

      openSettings() {
        set({ settingsOpen: true });
        void get().loadSettings();
      },
      closeSettings() {
        set({ settingsOpen: false });
      },

      async loadSettings() {
        try {
          const [appSettings, secretsStatus, settingsRegistry] = await Promise.all([
            client.call('settings.get', {}),
            client.call('secrets.status', {}),
            client.call('registry.models', {}),
          ]);
          set({ appSettings, secretsStatus, settingsRegistry });
        } catch (error) {
          fail(error);
        }
        if (!get().selfTest) await get().runSelfTest();
      },

      async saveProviderSettings(provider, patch) {
        try {
          set({ appSettings: await client.call('settings.update', { providers: { [provider]: patch } }) });
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      async saveApiKey(provider, key) {
        try {
          // The answer is a status; the key itself is never stored in the page.
          await client.call('secrets.set', { provider, key });
          await refreshSecrets();
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      async clearApiKey(provider) {
        try {
          await client.call('secrets.clear', { provider });
          await refreshSecrets();
        } catch (error) {
          fail(error);
        }
      },

      async saveFfmpegPath(path) {
        try {
          set({ appSettings: await client.call('settings.update', { ffmpegPath: path }) });
        } catch (error) {
          fail(error);
          return;
        }
        await get().runSelfTest();
      },

      async runSelfTest() {
        set({ selfTestRunning: true });
        try {
          set({ selfTest: await client.call('media.selfTest', {}) });
        } catch (error) {
          fail(error);
        } finally {
          set({ selfTestRunning: false });
        }
      },

      async saveProjectSettings(patch) {
        try {
          const project = await client.call('project.update', patch);
          set({ project });
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      },

      runMenuCommand(command) {
        const s = get();
        switch (command.command) {
          case 'export.sequence':
            if (s.project) s.openExportDialog('sequence');
            return;
          case 'export.sheet':
            if (s.project) s.openExportDialog('sheet');
            return;
          case 'view.settings':
            s.openSettings();
            return;
          case 'view.player':
            void s.playSequence();
            return;
          case 'edit.undo':
          case 'edit.redo': {
            // Undo lives in the editing slice when it is there; looked up at run time so the
            // menu does not depend on how that slice is built.
            const fn = (s as unknown as Record<string, unknown>)[command.command === 'edit.undo' ? 'undo' : 'redo'];
            if (typeof fn === 'function') void (fn as () => unknown)();
            return;
          }
          case 'project.new':
          case 'shotlist.import':
            // Both start from the start view, which has the create and import forms.
            if (s.project) void s.closeProject();
            return;
          case 'project.open':
          case 'project.openRecent':
            if (command.path) void s.openProject(command.path);
            return;
          case 'view.queue':
            s.showQueue(true);
            return;
          case 'help.about':
            // The Settings screen shows the version and host.
            s.openSettings();
            return;
        }
      },
    };
  };
}
