/**
 * The Settings screen's data: app settings (base URLs, concurrency, ffmpeg path), which
 * providers have a key (never the key: it goes straight to main and is not kept here), the
 * ffmpeg self-test, the model registry, and the host's AppInfo (media base URL). Also routes
 * desktop menu commands to the page's actions.
 */
import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/contract/app';
import type { AboutText } from '../../shared/contract/about';
import type { CallInput, ContractClient } from '../../shared/contract';
import type { SecretsStatus } from '../../shared/contract/generation';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import type { MenuCommand } from '../../shared/contract/menu';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import type { AppSettingsView } from '../../shared/contract/settings';
import type { AppState } from './app-store';

/** One provider's part of a settings.update. */
export type ProviderPatch = NonNullable<CallInput<'settings.update'>['providers']>[string];

export interface SettingsSlice {
  settingsOpen: boolean;
  appInfo: AppInfo | null;
  appSettings: AppSettingsView | null;
  secretsStatus: SecretsStatus | null;
  selfTest: FfmpegSelfTestReport | null;
  /** Set while the ffmpeg check runs (it takes a moment). */
  selfTestRunning: boolean;
  settingsRegistry: RegistrySnapshot | null;
  /** The About text (browser host: Settings shows it; the desktop app has a native About window). */
  aboutText: AboutText | null;

  loadAppInfo(): Promise<void>;
  loadAbout(): Promise<void>;
  openSettings(): void;
  closeSettings(): void;
  /** Loads everything the Settings screen shows. */
  loadSettings(): Promise<void>;
  /** Which providers have a key (never the key), for the pick lists outside Settings. */
  loadKeyStatus(): Promise<void>;
  /** Base URL, concurrency and descriptor fields of one provider (settings.update). */
  saveProviderSettings(provider: string, patch: ProviderPatch): Promise<boolean>;
  /** Sends a key to main (write-only). Resolves true when main took it. */
  saveApiKey(provider: string, key: string): Promise<boolean>;
  clearApiKey(provider: string): Promise<void>;
  /** Adds a model a gateway serves (registry.addModel); the pick lists see it at once. Resolves null, or main's refusal in words (shown by the form). */
  addUserModel(input: CallInput<'registry.addModel'>): Promise<string | null>;
  removeUserModel(provider: string, model: string): Promise<void>;
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
      aboutText: null,

      async loadKeyStatus() {
        try {
          await refreshSecrets();
        } catch (error) {
          fail(error);
        }
      },

      async loadAbout() {
        try {
          set({ aboutText: await client.call('app.about', {}) });
        } catch (error) {
          fail(error);
        }
      },

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

      async addUserModel(input) {
        try {
          const snapshot = await client.call('registry.addModel', input);
          set({ settingsRegistry: snapshot });
          get().takeRegistry(snapshot);
          return null;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },

      async removeUserModel(provider, model) {
        try {
          const snapshot = await client.call('registry.removeModel', { provider, model });
          set({ settingsRegistry: snapshot });
          get().takeRegistry(snapshot);
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
          // The two menu items name their formats; the dialog itself knows none.
          case 'export.sequence':
            if (s.project) s.openExportDialog('mp4');
            return;
          case 'export.sheet':
            if (s.project) s.openExportDialog('contact-sheet');
            return;
          case 'view.settings':
            s.openSettings();
            return;
          case 'view.player':
            void s.playSequence();
            return;
          case 'edit.undo':
            void s.undo();
            return;
          case 'edit.redo':
            void s.redo();
            return;
          case 'project.new':
            // The start view's create form, focused (closing the open project first).
            s.setFocusCreateForm(true);
            if (s.project) void s.closeProject();
            return;
          case 'shotlist.import':
            s.openImportDialog();
            return;
          case 'script.import':
            // Scenes and shots go into a project: open or create one first.
            if (s.project) void s.openScriptImport();
            else s.pushNotice('Open or create a project first, then import the script into it.');
            return;
          case 'project.open':
          case 'project.openRecent':
            if (command.path) void s.openProject(command.path);
            return;
          case 'view.queue':
            s.showQueue(true);
            return;
          case 'help.about':
            // The desktop app shows its native About window from main (main/shell/about-dialog.ts);
            // the page has nothing to do. The browser host shows the About text in Settings.
            return;
        }
      },
    };
  };
}
