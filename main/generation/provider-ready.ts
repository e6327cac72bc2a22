/** The check every paid path makes before it queues: the provider is in this build and configured. */
import { UserError } from '../errors';
import type { ProviderFactory } from '../providers/provider-factory';

/** Refuses, sending nothing, when a provider is missing from this build or cannot be built (no key, no address). */
export function assertProviderReady(providers: ProviderFactory, scrub: (text: string) => string, provider: string): void {
  if (!providers.has(provider)) {
    throw new UserError('unavailable', `Provider "${provider}" is not available in this build. Nothing was sent.`);
  }
  try {
    providers.get(provider);
  } catch (error) {
    const reason = error instanceof Error ? scrub(error.message) : String(error);
    throw new UserError('refused', `${provider} cannot be used yet: ${reason} Nothing was sent.`);
  }
}

/** True when the provider could be used now (for defaults; never throws). */
export function providerUsable(providers: ProviderFactory, provider: string): boolean {
  if (!providers.has(provider)) return false;
  try {
    providers.get(provider);
    return true;
  } catch {
    return false;
  }
}
