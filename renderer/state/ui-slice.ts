/** UI state that is not project data: the error messages on screen. */
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

export interface UiSlice {
  notices: Notice[];
  /** Shows an error; the oldest messages are dropped beyond a handful. */
  pushError(error: unknown): void;
  dismissNotice(id: number): void;
}

const MAX_NOTICES = 4;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    pushError(error) {
      const notice: Notice = {
        id: nextId++,
        message: errorMessage(error),
        code: error instanceof ContractCallError ? error.code : null,
      };
      set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
    },
    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
};
