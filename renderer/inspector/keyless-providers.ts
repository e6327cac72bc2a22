/** Which providers take an API key and have none set: the pick list says so before anything is paid for. */
import type { SecretsStatus } from '../../shared/contract/generation';
import type { Registry } from '../../shared/registry/registry';

const NONE: ReadonlySet<string> = new Set();

export function keylessProviders(registry: Registry | null, secrets: SecretsStatus | null): ReadonlySet<string> {
  // Until main has said which keys are set, claim nothing.
  if (!registry || !secrets) return NONE;
  const set = new Set(secrets.keys.filter((k) => k.isSet).map((k) => k.provider));
  return new Set(Object.entries(registry.providers).filter(([id, p]) => p.auth.kind === 'apiKey' && !set.has(id)).map(([id]) => id));
}
