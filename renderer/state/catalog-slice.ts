/**
 * What the editor reads but does not edit: the model registry (for pick lists, the composed
 * prompt preview and prices) and the project's spend against its budget.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { SpendStatus } from '../../shared/contract/generation';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import type { Registry } from '../../shared/registry/registry';
import type { AppState } from './app-store';
import { attempt } from './attempt';

export interface CatalogSlice {
  /** The merged registry main uses, or null until loaded. */
  registry: Registry | null;
  spend: SpendStatus | null;
  loadCatalog(): Promise<void>;
  loadSpend(): Promise<void>;
}

function toRegistry(snapshot: RegistrySnapshot): Registry {
  return { version: snapshot.version, providers: snapshot.providers, models: snapshot.models };
}

export function createCatalogSlice(client: ContractClient): StateCreator<AppState, [], [], CatalogSlice> {
  return (set, get) => ({
    registry: null,
    spend: null,
    async loadCatalog() {
      const snapshot = await attempt(get, () => client.call('registry.models', {}));
      if (snapshot) set({ registry: toRegistry(snapshot) });
      await get().loadSpend();
    },
    async loadSpend() {
      if (!get().project) return;
      const result = await attempt(get, () => client.call('generation.spend', {}));
      if (result) set({ spend: result.spend });
    },
  });
}
