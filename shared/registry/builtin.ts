/**
 * The registry files shipped with the app: one per provider (shared/registry/providers/<id>.json),
 * each holding the provider's descriptor and its models, so adding a provider is one data file
 * (plus its adapter) and editing one provider's models never touches another's. To add a
 * provider's file, import it here.
 */
import animatic from './providers/animatic.json';
import comfyui from './providers/comfyui.json';
import fal from './providers/fal.json';
import google from './providers/google.json';
import openai from './providers/openai.json';
import runway from './providers/runway.json';
import vertex from './providers/vertex.json';

/** Bumped when the shape of the files changes. */
export const REGISTRY_VERSION = 1;

/** Every shipped provider file, in the order the screens list providers. */
export const BUILT_IN_PROVIDER_FILES: readonly unknown[] = [animatic, openai, google, vertex, runway, fal, comfyui];

/**
 * The shipped files as one registry document ({ version, providers, models }), before the
 * schema checks it. Throws when a file lacks the `provider.id` / `models` frame (a build bug).
 */
export function shippedRegistryJson(files: readonly unknown[] = BUILT_IN_PROVIDER_FILES): unknown {
  const providers: Record<string, unknown> = {};
  const models: unknown[] = [];
  for (const file of files) {
    const { provider, models: ofProvider } = (file ?? {}) as { provider?: { id?: unknown }; models?: unknown };
    if (!provider || typeof provider.id !== 'string' || !Array.isArray(ofProvider)) {
      throw new Error(`Registry file ${files.indexOf(file) + 1} needs { "provider": { "id": ... }, "models": [...] }.`);
    }
    const { id, ...descriptor } = provider;
    providers[id] = descriptor;
    models.push(...(ofProvider as unknown[]));
  }
  return { version: REGISTRY_VERSION, providers, models };
}
