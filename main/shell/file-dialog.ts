/**
 * The Electron side of main/app/host.ts `FilePicker`: native open dialogs, attached to the main
 * window when there is one. Electron's `dialog` is passed in, so a test double can stand in.
 */
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { FilePicker } from '../app/host';

/** The part of Electron's `dialog` used here. */
export interface OpenDialogApi {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

export function electronFilePicker(dialog: OpenDialogApi, getWindow: () => BrowserWindow | null): FilePicker {
  return {
    async pickShotList() {
      const options: OpenDialogOptions = {
        title: 'Import a shot list',
        properties: ['openFile'],
        filters: [{ name: 'Shot list (JSON)', extensions: ['json'] }],
      };
      const window = getWindow();
      const picked = await (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options));
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  };
}
