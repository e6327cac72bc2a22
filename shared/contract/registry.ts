/** Contract calls for the model registry: which providers and models exist and what they take. */
import { z } from 'zod';
import { call } from './define';
import { Identifier, type ModelEntry, type ModelRef, type ProviderEntry } from '../registry/registry-schema';
import { ProviderId, Seconds, Size } from './limits';

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
  /** The models the user's override adds or replaces (what `registry.removeModel` can take back). */
  userModels: ModelRef[];
}

export const registryCalls = {
  'registry.models': call<RegistrySnapshot>()(
    z.strictObject({}),
    'The model registry (shipped list merged with the user override in the settings folder).',
  ),
  'registry.addModel': call<RegistrySnapshot>()(
    z.strictObject({
      /** A provider the registry knows (its adapter sends the request). */
      provider: ProviderId,
      /** The id the service (a gateway, the user's base URL) knows the model by, e.g. "sora-2" or "fal-ai/new-endpoint". */
      model: Identifier,
      /** The name pick lists show. */
      displayName: z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(100)
        // It ends up in a file and in every pick list: a name, not a path or a control sequence.
        .refine((s) => !/\.\.[\\/]/.test(s) && ![...s].some((c) => c.charCodeAt(0) < 0x20), 'must be a plain name (no "../", no control characters)'),
      /** An existing model of the same provider whose inputs, sizes, durations and prices the new one copies. */
      basedOn: Identifier,
      /** The sizes the gateway makes, when not the copied model's. */
      sizes: z.array(Size).min(1).max(32).optional(),
      /** The durations it makes in seconds (clips), when not the copied model's. */
      seconds: z.array(Seconds).min(1).max(64).optional(),
      /** Its price in USD per second (a clip) or per image (a still), when not the copied model's. */
      usd: z.number().min(0).max(1000).optional(),
    }),
    "Adds a model to the user's override file (a copy of `basedOn` under the new id, active, with the sizes, durations and price given); refuses duplicates and unknown providers or models. The id of a retired model may be its own basedOn: the gateway still serves it.",
  ),
  'registry.removeModel': call<RegistrySnapshot>()(
    z.strictObject({ provider: ProviderId, model: Identifier }),
    "Takes a model out of the user's override file (a replaced shipped model comes back as shipped); shipped models cannot be removed.",
  ),
} as const;
