/**
 * Adds and removes the user's own models (a retired id still served by their gateway, a new
 * endpoint of a known input shape) by rewriting the override file in the settings folder. The
 * file is checked with the registry schema and merged before it is written, so what lands on
 * disk is something the loader will apply; it is written to a temp file and renamed over the
 * old one, so a crash leaves the old list or the new one, never half of either.
 */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { ModelEntry, ModelRef } from '../../shared/registry/registry-schema';
import { findModel, mergeRegistry, modelKey, parseRegistryOverride, RegistryDataError, type Registry } from '../../shared/registry/registry';
import type { RegistryOverride } from '../../shared/registry/registry-schema';
import { UserError } from '../errors';
import type { RegistryLoader } from './registry-loader';

/** What `registry.addModel` asks for. */
export interface NewUserModel extends ModelRef {
  displayName: string;
  basedOn: string;
  /** What the gateway makes and charges, where it differs from `basedOn`. */
  sizes?: string[];
  seconds?: number[];
  usd?: number;
}

/** The override as it is on disk now; a broken file is refused, not overwritten (it is the user's). */
function readOverride(loader: RegistryLoader): RegistryOverride {
  const { override } = loader.load();
  if (override.status === 'broken') {
    throw new UserError('conflict', `${override.messages.join(' ')} Your models can be changed here once it loads again.`);
  }
  if (override.status === 'absent') return { version: 1, models: [] };
  return parseRegistryOverride(JSON.parse(fs.readFileSync(loader.file, 'utf8').replace(/^\uFEFF/, '')));
}

/** Checks the new file as the loader will take it, then writes it atomically and reloads. */
function writeOverride(loader: RegistryLoader, base: Registry, next: RegistryOverride, key: string): void {
  let parsed: RegistryOverride;
  try {
    parsed = parseRegistryOverride(next);
  } catch (error) {
    if (error instanceof RegistryDataError) throw new UserError('invalid_input', `${key} does not fit the model list: ${error.message}.`);
    throw error;
  }
  const skipped = mergeRegistry(base, parsed).skipped.find((s) => s.startsWith(`${key}:`));
  if (skipped) throw new UserError('invalid_input', `${key} cannot be added: ${skipped.slice(key.length + 2)}.`);
  fs.mkdirSync(loader.settingsDir, { recursive: true });
  writeFileAtomic.sync(loader.file, `${JSON.stringify(parsed, null, 2)}\n`);
  loader.invalidate();
}

function providerNamed(registry: Registry, provider: string): void {
  if (!Object.prototype.hasOwnProperty.call(registry.providers, provider)) {
    throw new UserError('not_found', `There is no provider "${provider}"; use one of ${Object.keys(registry.providers).join(', ')}.`);
  }
}

/** Adds a copy of `basedOn` under the new id to the user's override file. */
export function addUserModel(loader: RegistryLoader, input: NewUserModel): void {
  const registry = loader.registry();
  providerNamed(registry, input.provider);
  const key = modelKey(input.provider, input.model);
  const existing = findModel(registry, input.provider, input.model);
  // A retired id may come back as itself: the user's gateway still serves it.
  const revives = existing !== undefined && existing.status.state === 'retired' && input.basedOn === input.model;
  if (existing && !revives) {
    throw new UserError(
      'conflict',
      existing.status.state === 'retired'
        ? `${key} is in the model list, retired; to use it at your base URL, add it based on itself (${input.model}).`
        : `${key} is already in the model list; pick it in the model picker, or use another id.`,
    );
  }
  const base = findModel(registry, input.provider, input.basedOn);
  if (!base) {
    const own = registry.models.filter((m) => m.provider === input.provider).map((m) => m.model);
    throw new UserError('not_found', `${input.provider} has no model "${input.basedOn}" to copy; use one of ${own.join(', ') || '(none)'}.`);
  }
  const changed = [input.sizes && 'sizes', input.seconds && 'durations', input.usd !== undefined && 'price'].filter(Boolean);
  const entry: ModelEntry = {
    ...structuredClone(base),
    model: input.model,
    displayName: input.displayName,
    // The user says their endpoint serves it: whatever retired the original does not apply here.
    status: { state: 'active' },
    ...(input.sizes ? { sizes: [...new Set(input.sizes)] } : {}),
    ...(input.seconds && base.output === 'video' ? { seconds: { values: [...new Set(input.seconds)].sort((a, b) => a - b) } } : {}),
    ...(input.usd !== undefined
      ? { prices: [{ sizes: ['*'], ...(base.output === 'image' ? { usdPerImage: input.usd } : { usdPerSecond: input.usd }), source: 'provider' as const, note: 'Set in Settings for your base URL.' }] }
      : {}),
    notes: `Added in Settings; takes the same inputs as ${base.model}${changed.length ? `, with its own ${changed.join(', ')}` : ' and its prices'}.`,
  };
  // Durations narrowed for sizes the gateway no longer lists would only confuse.
  if (input.sizes) entry.constraints = entry.constraints.filter((c) => !c.when.sizes || c.when.sizes.some((size) => entry.sizes.includes(size)));
  const current = readOverride(loader);
  const others = current.models.filter((m) => modelKey(m.provider, m.model) !== key);
  writeOverride(loader, loader.baseRegistry, { ...current, models: [...others, entry] }, key);
}

/** Takes a model out of the user's override file. */
export function removeUserModel(loader: RegistryLoader, ref: ModelRef): void {
  const registry = loader.registry();
  providerNamed(registry, ref.provider);
  const key = modelKey(ref.provider, ref.model);
  const current = readOverride(loader);
  const kept = current.models.filter((m) => modelKey(m.provider, m.model) !== key);
  if (kept.length === current.models.length) {
    const why = findModel(registry, ref.provider, ref.model) ? 'it ships with Shotline; only models you added can be removed' : 'it is not in the model list';
    throw new UserError('not_found', `${key} cannot be removed: ${why}.`);
  }
  writeOverride(loader, loader.baseRegistry, { ...current, models: kept }, key);
}
