/** Hands the store to components, and narrow typed hooks to read it. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState, AppStore } from './app-store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for actions and for code that reads state without subscribing. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a <StoreProvider> above it.');
  return store;
}

/** Subscribes to one value (compared with Object.is): use for single fields and actions. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** Subscribes to a picked object or array, compared shallowly, so a new wrapper does not re-render. */
export function useAppShallow<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), useShallow(selector));
}
