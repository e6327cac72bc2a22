/**
 * Importing a Fountain screenplay: the dialog's state. The page reads the dropped or chosen file
 * as text and main does the rest: `fountain.preview` says what would change (for a project that
 * already has shots, the list of changes is shown before anything is applied) and
 * `fountain.apply` makes the change, answered with the new snapshot and one inverse command,
 * recorded as one undo step.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { FountainPreview } from '../../shared/contract/fountain';
import type { FountainSplit } from '../../shared/fountain/script-to-draft';
import { errorMessage } from '../api/contract-call-error';
import type { AppState } from './app-store';

/** True for a file that is a screenplay to import rather than media. */
export function isScriptFile(file: File): boolean {
  return /\.(fountain|spmd)$/i.test(file.name);
}

export interface ScriptImport {
  fileName: string | null;
  text: string | null;
  split: FountainSplit;
  preview: FountainPreview | null;
  busy: boolean;
  error: string | null;
}

export interface FountainSlice {
  /** The import dialog, or null when closed. */
  scriptImport: ScriptImport | null;
  /** Opens the dialog, empty (File > Import Script) or with a file (a drop). */
  openScriptImport(file?: File): Promise<void>;
  /** Reads a chosen file and previews it. */
  chooseScriptFile(file: File): Promise<void>;
  setScriptSplit(split: FountainSplit): Promise<void>;
  /** Applies the import; resolves true when main made the change. */
  applyScriptImport(): Promise<boolean>;
  closeScriptImport(): void;
}

const EMPTY: ScriptImport = { fileName: null, text: null, split: 'paragraph', preview: null, busy: false, error: null };

export function createFountainSlice(client: ContractClient): StateCreator<AppState, [], [], FountainSlice> {
  return (set, get) => {
    const patch = (p: Partial<ScriptImport>) => set((s) => (s.scriptImport ? { scriptImport: { ...s.scriptImport, ...p } } : {}));
    const preview = async () => {
      const current = get().scriptImport;
      if (!current?.text) return;
      patch({ busy: true, error: null });
      try {
        const result = await client.call('fountain.preview', { text: current.text, split: current.split, ...(current.fileName ? { fileName: current.fileName } : {}) });
        patch({ preview: result });
      } catch (error) {
        patch({ preview: null, error: errorMessage(error) });
      } finally {
        patch({ busy: false });
      }
    };
    return {
      scriptImport: null,

      async openScriptImport(file) {
        set({ scriptImport: { ...EMPTY } });
        if (file) await get().chooseScriptFile(file);
      },

      async chooseScriptFile(file) {
        const name = file.name.split(/[\\/]/).pop() || 'script.fountain';
        patch({ fileName: name, text: null, preview: null, error: null });
        try {
          patch({ text: await file.text() });
        } catch (error) {
          patch({ error: errorMessage(error) });
          return;
        }
        await preview();
      },

      async setScriptSplit(split) {
        patch({ split });
        await preview();
      },

      async applyScriptImport() {
        const current = get().scriptImport;
        if (!current?.text) return false;
        patch({ busy: true, error: null });
        try {
          const result = await client.call('fountain.apply', { text: current.text, split: current.split, ...(current.fileName ? { fileName: current.fileName } : {}) });
          get().applySnapshot(result.snapshot);
          get().recordStep(`Import ${current.fileName ?? 'script'}`, result.applied, result.inverse);
          set({ scriptImport: null });
          return true;
        } catch (error) {
          patch({ error: errorMessage(error) });
          return false;
        } finally {
          patch({ busy: false });
        }
      },

      closeScriptImport() {
        set({ scriptImport: null });
      },
    };
  };
}
