/**
 * Cost estimates from the model registry. Money is counted in integer micro-dollars
 * (1 USD = 1,000,000) so sums never drift the way binary floats do (0.1 + 0.2); it becomes USD
 * text only at the edge, with `formatUsd`.
 */
import { findModel, type Registry } from './registry/registry';
import { priceOf, type ModelEntry, type PriceRow } from './registry/registry-schema';

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

/** The price row that applies to a size: its own row first, then the `*` row. */
export function priceRowFor(model: ModelEntry, size: string): PriceRow | undefined {
  return model.prices.find((r) => r.sizes.includes(size)) ?? model.prices.find((r) => r.sizes.includes('*'));
}

/**
 * What one output of a model costs, in micro-dollars: seconds x the per-second price for video,
 * the per-image price for stills; credits turn into USD at the provider's rate (its billing).
 * Null when unknown or the size is not offered.
 */
export function priceMicros(registry: Registry, model: ModelEntry, size: string, seconds: number): Micros | null {
  if (!model.sizes.includes(size)) return null;
  const row = priceRowFor(model, size);
  if (!row) return null;
  const { unit, amount } = priceOf(row);
  if (amount === null) return null;
  const usdPerCredit = registry.providers[model.provider]?.billing.usdPerCredit;
  const usd = unit.startsWith('credits') ? (usdPerCredit === undefined ? null : amount * usdPerCredit) : amount;
  if (usd === null) return null;
  // Rounded once, here: fractional seconds (4.5 s) and credit rates both make fractions.
  return Math.round((unit.endsWith('PerSecond') ? seconds : 1) * usd * MICROS_PER_USD);
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

/** Estimated cost of one shot (one still for image models); $0 for local renderers. */
export function estimateShot(registry: Registry, shot: ShotForCost): ShotEstimate {
  const model = findModel(registry, shot.provider, shot.model);
  if (!model) {
    return { shotId: shot.id, micros: null, text: 'price unknown', source: null, note: `${shot.model} is not in the model registry.` };
  }
  const micros = priceMicros(registry, model, shot.size, shot.seconds);
  const row = priceRowFor(model, shot.size);
  if (micros === null) {
    const note = model.sizes.includes(shot.size)
      ? `No price is known for ${model.model} at ${shot.size}; set one in the registry override.`
      : `${model.model} does not make ${shot.size}.`;
    return { shotId: shot.id, micros: null, text: 'price unknown', source: row?.source ?? null, note };
  }
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

/** What a service reported it billed, in its own unit. */
export interface ServiceBill {
  amount: number;
  unit: 'usd' | 'credits';
}

/** A service's own bill in micro-dollars: credits at the provider's rate; null when it bills no credits the registry can price. */
export function billedMicros(registry: Registry, provider: string, billed: ServiceBill): Micros | null {
  if (!(billed.amount >= 0) || !Number.isFinite(billed.amount)) return null;
  if (billed.unit === 'usd') return usdToMicros(billed.amount);
  const rate = registry.providers[provider]?.billing.usdPerCredit;
  return rate === undefined ? null : Math.round(billed.amount * rate * MICROS_PER_USD);
}
