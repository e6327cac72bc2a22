/**
 * What the editor reads but does not edit: the model registry (for pick lists, the composed
 * prompt preview and prices) and the project's spend against its budget, per provider and shot.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { SpendReport, SpendStatus } from '../../shared/contract/generation';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import { parseRegistryFile, type Registry } from '../../shared/registry/registry';
import type { AppState } from './app-store';
import { attempt } from './attempt';

export interface CatalogSlice {
  /** The merged registry main uses, or null until loaded. */
  registry: Registry | null;
  /** Why the registry main sent could not be used (pick lists and prices are hidden), or null. */
  registryProblem: string | null;
  spend: SpendStatus | null;
  /** The spend with its totals per provider and per shot (the Spend panel), or null until loaded. */
  spendReport: SpendReport | null;
  spendOpen: boolean;
  openSpend(): void;
  closeSpend(): void;
  loadCatalog(): Promise<void>;
  loadSpend(): Promise<void>;
  /** Takes a registry main sent with another call (after a model was added in Settings). */
  takeRegistry(snapshot: RegistrySnapshot): void;
}

/** Checks the data against the registry schema: a malformed entry must not break every card. */
function toRegistry(snapshot: RegistrySnapshot): { registry: Registry | null; registryProblem: string | null } {
  try {
    return { registry: parseRegistryFile({ version: snapshot.version, providers: snapshot.providers, models: snapshot.models }), registryProblem: null };
  } catch (error) {
    return { registry: null, registryProblem: error instanceof Error ? error.message : String(error) };
  }
}

export function createCatalogSlice(client: ContractClient): StateCreator<AppState, [], [], CatalogSlice> {
  return (set, get) => ({
    registry: null,
    registryProblem: null,
    spend: null,
    spendReport: null,
    spendOpen: false,
    openSpend() {
      set({ spendOpen: true });
      void get().loadSpend();
    },
    closeSpend() {
      set({ spendOpen: false });
    },
    async loadCatalog() {
      const snapshot = await attempt(get, () => client.call('registry.models', {}));
      if (snapshot) set(toRegistry(snapshot));
      await get().loadSpend();
    },
    takeRegistry(snapshot) {
      set(toRegistry(snapshot));
    },
    async loadSpend() {
      if (!get().project) return;
      const result = await attempt(get, () => client.call('generation.spend', {}));
      if (result) set({ spend: result.spend, spendReport: result });
    },
  });
}
