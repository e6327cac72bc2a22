/**
 * Keys from environment variables, for the CLI and the dev host: each provider's descriptor
 * names them (`auth.keyEnv` in the registry: OPENAI_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY,
 * the SDKs' own conventions). Read-only: a key set through the contract is kept in memory for
 * this run only, on top of the environment.
 */
import type { ProviderEntry } from '../../shared/registry/registry-schema';
import type { SecretStatus, SecretStore } from './secret-store';

/** The providers of the registry in use, by id. */
export type ProviderDescriptors = () => Readonly<Record<string, ProviderEntry>>;

export class EnvSecretStore implements SecretStore {
  private overrides = new Map<string, string | null>();
  readonly warning: string | null =
    'Keys come from environment variables in this host; a key entered here lasts until the process exits.';

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly providers: ProviderDescriptors,
  ) {}

  get(provider: string): string | null {
    if (this.overrides.has(provider)) return this.overrides.get(provider) ?? null;
    return firstSet(this.env, this.providers()[provider]?.auth.keyEnv ?? []) ?? null;
  }

  set(provider: string, key: string): void {
    this.overrides.set(provider, key);
  }

  clear(provider: string): void {
    this.overrides.set(provider, null);
  }

  status(): SecretStatus[] {
    const withKeys = Object.entries(this.providers())
      .filter(([, p]) => p.auth.kind === 'apiKey')
      .map(([id]) => id);
    return [...new Set([...withKeys, ...this.overrides.keys()])].map((provider) => {
      const isSet = this.get(provider) !== null;
      const source = !isSet ? null : this.overrides.has(provider) ? 'memory' : 'env';
      return { provider, isSet, source };
    });
  }
}

/** The first of `names` set (non-blank) in `env`. */
export function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
