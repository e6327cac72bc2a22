/**
 * Keys from environment variables, for the CLI and the dev host: OPENAI_API_KEY,
 * GEMINI_API_KEY / GOOGLE_API_KEY (the SDKs' own conventions). Read-only: a key set through
 * the contract is kept in memory for this run only, on top of the environment.
 */
import { KEY_ENV, type SecretStatus, type SecretStore } from './secret-store';

export class EnvSecretStore implements SecretStore {
  private overrides = new Map<string, string | null>();
  readonly warning: string | null =
    'Keys come from environment variables in this host; a key entered here lasts until the process exits.';

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(provider: string): string | null {
    if (this.overrides.has(provider)) return this.overrides.get(provider) ?? null;
    for (const name of KEY_ENV[provider] ?? []) {
      const value = this.env[name]?.trim();
      if (value) return value;
    }
    return null;
  }

  set(provider: string, key: string): void {
    this.overrides.set(provider, key);
  }

  clear(provider: string): void {
    this.overrides.set(provider, null);
  }

  status(): SecretStatus[] {
    const providers = new Set([...Object.keys(KEY_ENV), ...this.overrides.keys()]);
    return [...providers].map((provider) => {
      const isSet = this.get(provider) !== null;
      const source = !isSet ? null : this.overrides.has(provider) ? 'memory' : 'env';
      return { provider, isSet, source };
    });
  }
}

/** Base URL overrides from the environment (OpenAI-compatible gateways, Google test servers). */
export function baseUrlFromEnv(provider: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = provider === 'openai' ? 'OPENAI_BASE_URL' : provider === 'google' ? 'GOOGLE_GEMINI_BASE_URL' : null;
  const value = name ? env[name]?.trim() : undefined;
  return value || undefined;
}
