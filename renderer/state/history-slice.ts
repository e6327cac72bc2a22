/**
 * Undo and redo. Every undoable edit is one `edits.apply` call whose answer says what changed
 * and carries the command that reverses it; the step recorded holds those commands (data, see
 * ./undo-step.ts for the step and the merge rule). Undoing sends the step's `undo`, applies the
 * answer to the store and keeps the answer's inverse as the step's `redo`; redoing is the
 * mirror. Main stays the source of truth: an undo is a command, never a local rollback. Job and
 * progress updates never come through here.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import type { AppState } from './app-store';
import { pushStep, stepFor, type UndoStep } from './undo-step';

export type { UndoStep } from './undo-step';
export { TYPING_GROUP_MS } from './undo-step';

export interface HistorySlice {
  past: UndoStep[];
  future: UndoStep[];
  /** True while an undo or redo runs (buttons disable, nothing new is recorded). */
  historyBusy: boolean;
  /**
   * Applies one edit command in main, puts what changed into the store and records the step
   * (undo: the answer's inverse). Rejects with main's error; nothing changed then.
   */
  applyEdit(command: EditCommand, label: string | ((result: EditResult) => string)): Promise<EditResult>;
  /** Puts main's answer to an edit into the store: changed records in, removed ones out. */
  applyEditResult(result: EditResult): void;
  /** Records a step for a change made by another call (a reference upload): clears redo. */
  recordStep(label: string, redo: EditCommand, undo: EditCommand): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  clearHistory(): void;
}

export function createHistorySlice(client: ContractClient): StateCreator<AppState, [], [], HistorySlice> {
  return (set, get) => {
    const run = async (from: 'past' | 'future') => {
      const s = get();
      const list = s[from];
      const step = list[list.length - 1];
      if (!step || s.historyBusy) return;
      set({ historyBusy: true });
      const to = from === 'past' ? 'future' : 'past';
      try {
        const known = new Set(get().shots.map((x) => x.id));
        const result = await client.call('edits.apply', { command: from === 'past' ? step.undo : step.redo });
        get().applyEditResult(result);
        // Main's inverse is the way back, with the ids as they are now. A step that has been
        // through undo never merges with a new edit.
        const { mergeKey: _gone, ...rest } = step;
        const moved: UndoStep = from === 'past' ? { ...rest, redo: result.inverse } : { ...rest, undo: result.inverse };
        set((x) => ({ [from]: x[from].slice(0, -1), [to]: [...x[to], moved] }));
        // Shots that came back (an undone delete, a redone add) become the selection.
        const back = result.shots.filter((x) => !known.has(x.id)).map((x) => x.id);
        if (back.length > 0) set({ selectedShotId: back[0]!, selectedShotIds: back, selectionAnchorId: back[0]! });
      } catch (error) {
        // The step could not be applied (the records changed elsewhere): drop it, say why.
        set((x) => ({ [from]: x[from].slice(0, -1) }));
        get().pushError(error);
      } finally {
        set({ historyBusy: false });
      }
    };

    return {
      past: [],
      future: [],
      historyBusy: false,

      async applyEdit(command, label) {
        const result = await client.call('edits.apply', { command });
        get().applyEditResult(result);
        get().recordStep(typeof label === 'string' ? label : label(result), command, result.inverse);
        return result;
      },

      applyEditResult(result) {
        const s = get();
        // Scenes first: the shots are sorted by their scene's place.
        if (result.scenes?.length) s.putScenes(result.scenes);
        if (result.shots.length > 0) s.putShots(result.shots);
        if (result.removedShotIds.length > 0) s.dropShots(result.removedShotIds);
        if (result.removedSceneIds?.length) s.dropScenes(result.removedSceneIds);
        for (const element of result.elements) s.putElement(element);
        for (const id of result.removedElementIds) s.dropElement(id);
      },

      recordStep(label, redo, undo) {
        // An edit made while an undo runs would interleave with it: such edits are not recorded.
        if (get().historyBusy) return;
        const step = stepFor(label, redo, undo, Date.now());
        set((s) => ({ past: pushStep(s.past, step), future: [] }));
      },

      undo: () => run('past'),
      redo: () => run('future'),
      clearHistory() {
        set({ past: [], future: [] });
      },
    };
  };
}
