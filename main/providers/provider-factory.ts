/**
 * Builds provider clients on demand from the app's settings and secrets. A key is read here,
 * handed to the SDK client, and kept nowhere else. Clients are rebuilt when a key or base URL
 * changes (cache keyed on a digest of both, never on the key itself).
 */
import crypto from 'node:crypto';
import { UserError } from '../errors';
import type { AppSettings } from '../settings/app-settings';
import { firstSet, type ProviderDescriptors } from '../secrets/env-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { AdapterConfig, AdapterEnvironment, ProviderAdapters } from './index';
import type { VideoProvider } from './provider';

export class ProviderFactory {
  private cache = new Map<string, { digest: string; provider: VideoProvider }>();

  constructor(
    private readonly constructors: ProviderAdapters,
    private readonly secrets: SecretStore,
    private readonly settings: AppSettings,
    private readonly adapterEnv: AdapterEnvironment,
    private readonly descriptors: ProviderDescriptors,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The base URL in use for a provider: settings first, then the environment (its descriptor's `baseUrlEnv`). */
  baseUrlOf(provider: string): string | undefined {
    return this.settings.get().providers[provider]?.baseUrl || firstSet(this.env, this.descriptors()[provider]?.auth.baseUrlEnv ?? []);
  }

  /** The provider's further settings (`auth.fields`): Settings first, then the environment, then the field's default. */
  fieldsOf(provider: string): Record<string, string> {
    const set = this.settings.get().providers[provider]?.fields ?? {};
    const out: Record<string, string> = {};
    for (const field of this.descriptors()[provider]?.auth.fields ?? []) {
      const value = set[field.key]?.trim() || firstSet(this.env, field.env) || field.default;
      if (value) out[field.key] = value;
    }
    return out;
  }

  /** Jobs allowed at once (settings, default 2). */
  concurrencyOf(provider: string): number {
    return this.settings.get().providers[provider]?.concurrency ?? 2;
  }

  /** True when this build has an adapter and the registry a descriptor for `provider`. */
  has(provider: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.constructors, provider) && this.descriptors()[provider] !== undefined;
  }

  /** How an unfinished job of `provider` survives a restart (its descriptor's `resume`). */
  resumeOf(provider: string): 'poll' | 'resubmit' {
    return this.descriptors()[provider]?.resume ?? 'poll';
  }

  get(provider: string): VideoProvider {
    const make = this.constructors[provider];
    if (!make) {
      throw new UserError('invalid_input', `No provider "${provider}" in this build; use one of ${Object.keys(this.constructors).join(', ')}.`);
    }
    const config: AdapterConfig = { apiKey: this.secrets.get(provider), baseUrl: this.baseUrlOf(provider), fields: this.fieldsOf(provider) };
    const digest = crypto
      .createHash('sha256')
      .update(`${config.apiKey ?? ''}\0${config.baseUrl ?? ''}\0${JSON.stringify(config.fields)}`)
      .digest('hex');
    const cached = this.cache.get(provider);
    if (cached && cached.digest === digest) return cached.provider;
    const instance = make(config, this.adapterEnv);
    this.cache.set(provider, { digest, provider: instance });
    return instance;
  }
}
