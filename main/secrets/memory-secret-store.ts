/** Keys held in memory only: for tests and for hosts that must not persist anything. */
import type { SecretStatus, SecretStore } from './secret-store';

export class MemorySecretStore implements SecretStore {
  private keys = new Map<string, string>();
  readonly warning: string | null = null;

  constructor(initial: Record<string, string> = {}) {
    for (const [provider, key] of Object.entries(initial)) this.keys.set(provider, key);
  }

  get(provider: string): string | null {
    return this.keys.get(provider) ?? null;
  }

  set(provider: string, key: string): void {
    this.keys.set(provider, key);
  }

  clear(provider: string): void {
    this.keys.delete(provider);
  }

  status(): SecretStatus[] {
    return [...this.keys.keys()].map((provider) => ({ provider, isSet: true, source: 'memory' as const }));
  }
}
