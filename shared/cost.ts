/**
 * Cost estimates from the model registry. Money is counted in integer micro-dollars
 * (1 USD = 1,000,000) so sums never drift the way binary floats do (0.1 + 0.2); it becomes USD
 * text only at the edge, with `formatUsd`.
 */
import { findModel, type Registry } from './registry/registry';
import type { ModelEntry } from './registry/registry-schema';

/** Integer micro-dollars. */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** USD (as written in data files) to micro-dollars, rounded to the nearest micro-dollar. */
export function usdToMicros(usd: number): Micros {
  return Math.round(usd * MICROS_PER_USD);
}

/** Micro-dollars to a USD number (for fields stored as USD, e.g. Job.estimateUsd). */
export function microsToUsd(micros: Micros): number {
  return micros / MICROS_PER_USD;
}

/**
 * `$1.20`: rounded half up to the cent. Non-zero amounts under half a cent show as `<$0.01`,
 * so a paid job never reads as free.
 */
export function formatUsd(micros: Micros): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micros));
  if (abs > 0 && abs < 5_000) return `${sign}<$0.01`;
  const cents = Math.floor((abs + 5_000) / 10_000);
  const dollars = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${sign}$${String(dollars).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${rest}`;
}

/** Price per second of a model at a size, in micro-dollars; null when unknown or not offered. */
export function pricePerSecondMicros(model: ModelEntry, size: string): Micros | null {
  if (!model.sizes.includes(size)) return null;
  const row = model.prices.find((r) => r.sizes.includes(size)) ?? model.prices.find((r) => r.sizes.includes('*'));
  if (!row || row.usdPerSecond === null) return null;
  return usdToMicros(row.usdPerSecond);
}

/** What a shot needs for an estimate (a Shot satisfies it). */
export interface ShotForCost {
  id: string;
  provider: string;
  model: string;
  size: string;
  seconds: number;
}

/** One shot's estimate. */
export interface ShotEstimate {
  shotId: string;
  /** Null when the price is unknown (unknown model, size without a price). */
  micros: Micros | null;
  /** `$1.20`, or `price unknown`. */
  text: string;
  /** Where the price comes from (`provider`, `third-party`, `local`), when known. */
  source: 'provider' | 'third-party' | 'local' | null;
  /** Why there is no figure, when `micros` is null. */
  note?: string;
}

/** Estimated cost of one shot: seconds x price per second; $0 for local renderers. */
export function estimateShot(registry: Registry, shot: ShotForCost): ShotEstimate {
  const model = findModel(registry, shot.provider, shot.model);
  if (!model) {
    return { shotId: shot.id, micros: null, text: 'price unknown', source: null, note: `${shot.model} is not in the model registry.` };
  }
  const perSecond = pricePerSecondMicros(model, shot.size);
  const row = model.prices.find((r) => r.sizes.includes(shot.size)) ?? model.prices.find((r) => r.sizes.includes('*'));
  if (perSecond === null) {
    const note = model.sizes.includes(shot.size)
      ? `No price is known for ${model.model} at ${shot.size}; set one in the registry override.`
      : `${model.model} does not make ${shot.size}.`;
    return { shotId: shot.id, micros: null, text: 'price unknown', source: row?.source ?? null, note };
  }
  // perSecond is an integer; seconds may be fractional (4.5 s), so round once, here.
  const micros = Math.round(shot.seconds * perSecond);
  return { shotId: shot.id, micros, text: formatUsd(micros), source: row?.source ?? null };
}

/** The estimate for a list of shots. */
export interface SequenceEstimate {
  /** Sum of the shots with a known price. */
  totalMicros: Micros;
  totalText: string;
  perShot: ShotEstimate[];
  /** Shots whose price is unknown (not in the total). */
  unknownShotIds: string[];
  /** True when any known price comes only from third parties. */
  includesThirdPartyPrices: boolean;
}

/** Estimated cost of a sequence: per shot and in total. */
export function estimateSequence(registry: Registry, shots: readonly ShotForCost[]): SequenceEstimate {
  const perShot = shots.map((s) => estimateShot(registry, s));
  let totalMicros = 0;
  for (const e of perShot) if (e.micros !== null) totalMicros += e.micros;
  const unknownShotIds = perShot.filter((e) => e.micros === null).map((e) => e.shotId);
  const suffix = unknownShotIds.length ? ` + ${unknownShotIds.length} shot(s) with unknown price` : '';
  return {
    totalMicros,
    totalText: `${formatUsd(totalMicros)}${suffix}`,
    perShot,
    unknownShotIds,
    includesThirdPartyPrices: perShot.some((e) => e.micros !== null && e.micros > 0 && e.source === 'third-party'),
  };
}
