/**
 * Undo and redo as named steps. Every edit action records a step holding the contract calls
 * that reverse it and that make it again; main stays the source of truth (an undo is a call,
 * not a local rollback). Typing is grouped: saves of the same field within a few seconds of
 * each other are one step. Job and progress updates never come through here.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

/** One undoable step. */
export interface UndoStep {
  /** Shown in the Edit menu and tooltips, e.g. "Delete shot 3". */
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Steps with the same key recorded close together merge into one (a typing burst). */
  groupKey?: string;
}

interface Recorded extends UndoStep {
  at: number;
}

export interface HistorySlice {
  past: Recorded[];
  future: Recorded[];
  /** True while an undo or redo runs (buttons disable, nothing new is recorded). */
  historyBusy: boolean;
  /** Records a step that has just been done; clears the redo list. */
  recordStep(step: UndoStep): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  clearHistory(): void;
}

/** Saves of one field closer together than this are one typing burst. */
export const TYPING_GROUP_MS = 2500;
/** Steps kept; older ones are dropped. */
const MAX_STEPS = 200;

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => {
  const run = async (from: 'past' | 'future') => {
    const s = get();
    const list = s[from];
    const step = list[list.length - 1];
    if (!step || s.historyBusy) return;
    set({ historyBusy: true });
    try {
      await (from === 'past' ? step.undo() : step.redo());
      set((x) => ({
        [from]: x[from].slice(0, -1),
        [from === 'past' ? 'future' : 'past']: [...x[from === 'past' ? 'future' : 'past'], { ...step, groupKey: undefined }],
      }));
    } catch (error) {
      // The step could not be reversed (the record changed elsewhere): drop it, say why.
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

    recordStep(step) {
      if (get().historyBusy) return;
      const now = Date.now();
      set((s) => {
        const last = s.past[s.past.length - 1];
        if (step.groupKey && last?.groupKey === step.groupKey && now - last.at < TYPING_GROUP_MS) {
          // Same burst: keep the first undo (back to before the burst), take the latest redo.
          const merged: Recorded = { ...last, redo: step.redo, at: now };
          return { past: [...s.past.slice(0, -1), merged], future: [] };
        }
        return { past: [...s.past, { ...step, at: now }].slice(-MAX_STEPS), future: [] };
      });
    },
    undo: () => run('past'),
    redo: () => run('future'),
    clearHistory() {
      set({ past: [], future: [] });
    },
  };
};
