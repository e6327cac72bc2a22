/**
 * What a host hands the composition root: who it is, and the adapters only it can provide.
 * The Electron shell passes its safeStorage key store, native file dialog and OS shell; the dev
 * host and the CLI pass environment keys and have no dialogs. Nothing else differs between
 * hosts: every service is built the same way from these.
 */
import type { HostKind } from '../../shared/contract/app';
import type { SecretStore } from '../secrets/secret-store';
import type { AppSettings } from '../settings/app-settings';

/** Asks the user for one file; resolves to its absolute path, or null when cancelled. */
export interface FilePicker {
  pickShotList(): Promise<string | null>;
}

/** What the host can do with a file in the OS (Electron's `shell`). */
export interface DesktopActions {
  /** Shows the file selected in the file manager. */
  reveal(file: string): void;
  /** Opens the file in its default app; resolves to an error message, or '' when it worked. */
  open(file: string): Promise<string>;
}

export interface HostAdapters {
  kind: HostKind;
  /** The app's version, as `app.info` reports it. */
  version: string;
  /** Base URL under which project media is served to the renderer ('' where there is none). */
  mediaBase: string;
  settings: AppSettings;
  /** Where API keys live (default: the environment, read-only). */
  secrets?: SecretStore;
  /** Environment for keys and base URLs (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where internal lines go (scrubbed of keys first); default: nowhere. */
  log?: (line: string) => void;
  /** The native file dialog, where the host has one. */
  dialogs?: FilePicker;
  /** Showing and opening files in the OS, where the host can. */
  desktop?: DesktopActions;
}
