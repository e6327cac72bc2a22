/**
 * The native file picker, when the host has one. The Electron shell registers it with
 * `provideFilePicker`; on other hosts (dev host, CLI) there is none and the calls say so.
 */
import { UserError } from '../errors';
import type { AppSession } from './app-session';

/** Asks the user for one file; resolves to its absolute path, or null when cancelled. */
export interface FilePicker {
  pickShotList(): Promise<string | null>;
}

const pickers = new WeakMap<AppSession, FilePicker>();

/** Called once by a host with native dialogs (main/shell/file-dialog.ts). */
export function provideFilePicker(session: AppSession, picker: FilePicker): void {
  pickers.set(session, picker);
}

/** The session's picker, or a clear refusal on hosts without one. */
export function filePickerFor(session: AppSession): FilePicker {
  const picker = pickers.get(session);
  if (!picker) throw new UserError('unavailable', 'There is no file dialog here (browser host). Type the absolute path of the file instead.');
  return picker;
}
