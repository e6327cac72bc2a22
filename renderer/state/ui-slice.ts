/** UI state that is not project data: messages on screen, the timeline view, the card menu. */
import type { StateCreator } from 'zustand';
import { ContractCallError, errorMessage } from '../api/contract-call-error';
import type { AppState } from './app-store';

/** One message shown to the user until dismissed. */
export interface Notice {
  id: number;
  /** What happened and what to do (main's words for contract errors). */
  message: string;
  /** The contract error code, or null for errors raised in the renderer. */
  code: string | null;
}

/** `timeline`: cards as wide as their duration; `grid`: compact rows of equal cards. */
export type TimelineView = 'timeline' | 'grid';

/** The context menu of a shot card, where it was opened. */
export interface CardMenu {
  shotId: string;
  x: number;
  y: number;
}

export interface UiSlice {
  notices: Notice[];
  timelineView: TimelineView;
  cardMenu: CardMenu | null;
  /** Cards per row in the grid view (set by the timeline from its width; Up/Down move this far). */
  gridColumns: number;
  /** Shows an error; the oldest messages are dropped beyond a handful. */
  pushError(error: unknown): void;
  /** Shows a message in words (main's reason for something not done), like an error. */
  pushNotice(message: string, code?: string | null): void;
  dismissNotice(id: number): void;
  setTimelineView(view: TimelineView): void;
  openCardMenu(menu: CardMenu | null): void;
  setGridColumns(columns: number): void;
}

const MAX_NOTICES = 4;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => {
  let nextId = 1;
  const add = (message: string, code: string | null) => {
    const notice: Notice = { id: nextId++, message, code };
    set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  };
  return {
    notices: [],
    timelineView: 'timeline',
    cardMenu: null,
    gridColumns: 1,
    pushError(error) {
      add(errorMessage(error), error instanceof ContractCallError ? error.code : null);
    },
    pushNotice(message, code = null) {
      add(message, code);
    },
    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    setTimelineView(view) {
      set({ timelineView: view });
    },
    openCardMenu(menu) {
      set({ cardMenu: menu });
    },
    setGridColumns(columns) {
      set((s) => (s.gridColumns === columns ? s : { gridColumns: columns }));
    },
  };
};
