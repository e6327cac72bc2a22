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
    const config: AdapterConfig = { apiKey: this.secrets.get(provider), baseUrl: this.baseUrlOf(provider) };
    const digest = crypto.createHash('sha256').update(`${config.apiKey ?? ''}\0${config.baseUrl ?? ''}`).digest('hex');
    const cached = this.cache.get(provider);
    if (cached && cached.digest === digest) return cached.provider;
    const instance = make(config, this.adapterEnv);
    this.cache.set(provider, { digest, provider: instance });
    return instance;
  }
}
