/**
 * Where API keys live. A key is read by main only, at the moment a provider client is built:
 * it never goes to the renderer, the project database, an export or a log line. Stores are
 * write-only from the outside: `status()` says whether a key is set, never what it is.
 */
import type { KeyStatus } from '../../shared/contract/generation';

/** Whether a provider's key is set, and where it comes from (the contract's own type). */
export type SecretStatus = KeyStatus;

/** A place to keep API keys. Implementations: environment, memory (tests), Electron safeStorage. */
export interface SecretStore {
  /** The key for `provider`, or null. Only provider factories in main call this. */
  get(provider: string): string | null;
  /** Stores a key; throws a UserError when the store is read-only. */
  set(provider: string, key: string): void;
  /** Removes a key; no error when none was set. */
  clear(provider: string): void;
  /** Which providers have a key (never the key itself). */
  status(): SecretStatus[];
  /**
   * A warning to show in Settings when keys are not protected by the OS (no keychain, or
   * Linux's `basic_text` backend), or null.
   */
  readonly warning: string | null;
}

/** Every key currently known to `store`, for scrubbing messages before they are stored or shown. */
export function knownSecrets(store: SecretStore): string[] {
  return store
    .status()
    .filter((s) => s.isSet)
    .map((s) => store.get(s.provider))
    .filter((k): k is string => typeof k === 'string' && k.length >= 8);
}

/**
 * Replaces every occurrence of a known key in `text` with `[redacted]`. Services sometimes
 * echo the key (or most of it) back in a 401 message; that message then goes to a job row, an
 * event and a log, so it is scrubbed first. A long prefix of a key is scrubbed too.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    out = out.split(secret).join('[redacted]');
    // Echoed keys are often shortened ("sk-abc...xyz"): scrub any 12-character run of the key.
    for (let i = 0; i + 12 <= secret.length; i += 4) {
      const piece = secret.slice(i, i + 12);
      if (out.includes(piece)) out = out.split(piece).join('[redacted]');
    }
  }
  return out;
}
