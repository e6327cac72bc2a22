/**
 * Every provider Shotline has code for: its id (as in the registry's provider section) and the
 * factory that builds its adapter from a key and a base URL. To add a provider: its registry
 * file in shared/registry/providers/ (descriptor and models), one adapter module, and a line here.
 */
import type { ModelEntry } from '../../shared/registry/registry-schema';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { AnimaticProvider } from './animatic-provider';
import { ComfyUiProvider } from './comfyui/comfyui-provider';
import { FalProvider } from './fal/fal-provider';
import { GeminiProvider } from './gemini/gemini-provider';
import { OpenAiProvider } from './openai-provider';
import type { VideoProvider } from './provider';
import { RunwayProvider } from './runway/runway-provider';
import { VertexProvider } from './vertex/vertex-provider';

/** What an adapter is built from. The key is read from the key store only at this moment. */
export interface AdapterConfig {
  apiKey: string | null;
  baseUrl: string | undefined;
  /** The descriptor's `auth.fields` as set (Settings, then environment, then the field's default); unset fields are absent. */
  fields: Record<string, string>;
}

/** What every adapter may use besides its config. */
export interface AdapterEnvironment {
  /** The ffmpeg in use (a function: a Settings change applies to the next render). */
  tools: () => FfmpegTools;
  /** The adapters' request-id lines (scrubbed of keys by the caller). */
  log: (line: string) => void;
  /**
   * The registry's models as merged now (shipped files plus the user's override), for adapters
   * whose requests depend on model data beyond the request itself (fal's `inputShape`).
   */
  models?: () => readonly ModelEntry[];
  /** The app's settings folder (user files such as ComfyUI workflows live there); absent in bare tests. */
  settingsDir?: string;
}

export type AdapterFactory = (config: AdapterConfig, env: AdapterEnvironment) => VideoProvider;

/** Adapter factories by provider id. */
export type ProviderAdapters = Record<string, AdapterFactory>;

export const BUILT_IN_ADAPTERS: ProviderAdapters = {
  animatic: (_config, env) => new AnimaticProvider({ tools: env.tools }),
  openai: ({ apiKey, baseUrl }, env) => new OpenAiProvider({ apiKey: apiKey ?? '', baseURL: baseUrl, log: env.log }),
  google: ({ apiKey, baseUrl }, env) => new GeminiProvider({ apiKey: apiKey ?? '', baseUrl, log: env.log }),
  vertex: ({ baseUrl, fields }, env) =>
    new VertexProvider({ project: fields.project ?? '', location: fields.location, keyFile: fields.keyFile, baseUrl, log: env.log }),
  runway: ({ apiKey, baseUrl }, env) => new RunwayProvider({ apiKey: apiKey ?? '', ...(baseUrl ? { baseURL: baseUrl } : {}), log: env.log }),
  fal: ({ apiKey, baseUrl }, env) =>
    new FalProvider({ apiKey: apiKey ?? '', baseUrl, log: env.log, shapeOf: (model) => env.models?.().find((m) => m.provider === 'fal' && m.model === model)?.inputShape }),
  comfyui: ({ baseUrl }, env) => new ComfyUiProvider({ baseUrl, log: env.log, settingsDir: env.settingsDir }),
};
