/** Contract calls for the model registry: which providers and models exist and what they take. */
import { z } from 'zod';
import { call } from './define';
import type { ModelEntry, ProviderEntry } from '../registry/registry-schema';

/** How the user's override file (`models.json` in the settings folder) was taken. */
export interface RegistryOverrideState {
  /** Absolute path where the override is looked for. */
  path: string;
  /** `absent`: no file; `applied`: merged; `broken`: unreadable or invalid, the shipped list is used. */
  status: 'absent' | 'applied' | 'broken';
  /** What happened, in words a person can act on (empty when absent). */
  messages: string[];
}

/** The merged model registry: the shipped list plus the user's override. */
export interface RegistrySnapshot {
  /** Version of the shipped data file. */
  version: number;
  providers: Record<string, ProviderEntry>;
  models: ModelEntry[];
  override: RegistryOverrideState;
}

export const registryCalls = {
  'registry.models': call<RegistrySnapshot>()(
    z.strictObject({}),
    'The model registry (shipped list merged with the user override in the settings folder).',
  ),
} as const;
