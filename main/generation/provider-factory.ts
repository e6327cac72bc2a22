/**
 * Builds provider clients on demand from the app's settings and secrets. A key is read here,
 * handed to the SDK client, and kept nowhere else. Clients are rebuilt when a key or base URL
 * changes (cache keyed on a digest of both, never on the key itself).
 */
import crypto from 'node:crypto';
import { UserError } from '../errors';
import type { VideoProvider } from '../providers/provider';
import type { AppSettings } from '../settings/app-settings';
import { baseUrlFromEnv } from '../secrets/env-secret-store';
import type { SecretStore } from '../secrets/secret-store';

/** What a provider constructor receives. */
export interface ProviderConfig {
  apiKey: string | null;
  baseUrl: string | undefined;
}

/** Constructors of the providers the app has code for, by provider id. */
export type ProviderConstructors = Record<string, (config: ProviderConfig) => VideoProvider>;

export class ProviderFactory {
  private cache = new Map<string, { digest: string; provider: VideoProvider }>();

  constructor(
    private readonly constructors: ProviderConstructors,
    private readonly secrets: SecretStore,
    private readonly settings: AppSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The base URL in use for a provider: settings first, then the environment. */
  baseUrlOf(provider: string): string | undefined {
    return this.settings.get().providers[provider]?.baseUrl || baseUrlFromEnv(provider, this.env);
  }

  /** Jobs allowed at once (settings, default 2). */
  concurrencyOf(provider: string): number {
    return this.settings.get().providers[provider]?.concurrency ?? 2;
  }

  has(provider: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.constructors, provider);
  }

  get(provider: string): VideoProvider {
    const make = this.constructors[provider];
    if (!make) {
      throw new UserError('invalid_input', `No provider "${provider}" in this build; use one of ${Object.keys(this.constructors).join(', ')}.`);
    }
    const config: ProviderConfig = { apiKey: this.secrets.get(provider), baseUrl: this.baseUrlOf(provider) };
    const digest = crypto.createHash('sha256').update(`${config.apiKey ?? ''}\0${config.baseUrl ?? ''}`).digest('hex');
    const cached = this.cache.get(provider);
    if (cached && cached.digest === digest) return cached.provider;
    const instance = make(config);
    this.cache.set(provider, { digest, provider: instance });
    return instance;
  }
}
