/**
 * File > Import Shot List: the in-page dialog's state. Main reads and checks the file
 * (`shotlist.import`) and names the format's problems; the dialog shows main's words as they are.
 * On the desktop app a native picker fills in the path (`dialogs.pickShotList`).
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import { errorMessage } from '../api/contract-call-error';
import type { AppState } from './app-store';

export interface ShotlistSlice {
  importDialogOpen: boolean;
  importBusy: boolean;
  /** Main's message for the last failed import or pick, shown in the dialog. */
  importError: string | null;
  /** File > New asks the start view to focus its create form (cleared once it has). */
  focusCreateForm: boolean;
  openImportDialog(): void;
  closeImportDialog(): void;
  /** Imports into the open project; resolves true when main took the file. */
  importShotList(path: string): Promise<boolean>;
  /** Desktop app only: a native file dialog; resolves to the path, or null (cancelled or failed). */
  pickShotListFile(): Promise<string | null>;
  setFocusCreateForm(focus: boolean): void;
}

export function createShotlistSlice(client: ContractClient): StateCreator<AppState, [], [], ShotlistSlice> {
  return (set, get) => ({
    importDialogOpen: false,
    importBusy: false,
    importError: null,
    focusCreateForm: false,

    openImportDialog() {
      set({ importDialogOpen: true, importError: null });
    },
    closeImportDialog() {
      set({ importDialogOpen: false, importError: null });
    },

    async importShotList(path) {
      set({ importBusy: true, importError: null });
      try {
        const snapshot = await client.call('shotlist.import', { path });
        get().applySnapshot(snapshot);
        set({ importDialogOpen: false });
        return true;
      } catch (error) {
        set({ importError: errorMessage(error) });
        return false;
      } finally {
        set({ importBusy: false });
      }
    },

    async pickShotListFile() {
      try {
        return (await client.call('dialogs.pickShotList', {})).path;
      } catch (error) {
        set({ importError: errorMessage(error) });
        return null;
      }
    },

    setFocusCreateForm(focus) {
      set({ focusCreateForm: focus });
    },
  });
}
