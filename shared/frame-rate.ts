/**
 * Frame rates as exact fractions. 23.976 fps is really 24000/1001 frames per second and 29.97 is
 * 30000/1001: stored as a float, ten minutes of frames land a fraction of a frame off, and a
 * 90 kHz timescale cannot hold a 1001/24000 s frame exactly. So a rate is a numerator and a
 * denominator everywhere (store, contract, ffmpeg arguments), and the float is only derived.
 *
 * Which rates exist: whole numbers 1-120 (den 1), plus the three NTSC-family rates editors
 * meet every day (24000/1001, 30000/1001, 60000/1001).
 */

/** Frames per second as `num / den`, e.g. `{ num: 24000, den: 1001 }` for 23.976. */
export interface FrameRate {
  num: number;
  den: number;
}

/** A rate, or a whole number of frames per second (shorthand for `{ num: n, den: 1 }`). */
export type FrameRateLike = FrameRate | number;

/** The 1001-based rates Shotline accepts (numerators over 1001). */
const NTSC_NUMERATORS = [24000, 30000, 60000] as const;

/** The rates the pickers offer, in the order shown. Any whole number 1-120 is valid too. */
export const OFFERED_FRAME_RATES: readonly FrameRate[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
];

/** The default house rate. */
export const DEFAULT_FRAME_RATE: FrameRate = { num: 24, den: 1 };

/** True for a rate Shotline can use as a house format. */
export function isValidFrameRate(rate: FrameRate): boolean {
  const { num, den } = rate;
  if (!Number.isInteger(num) || !Number.isInteger(den)) return false;
  if (den === 1) return num >= 1 && num <= 120;
  return den === 1001 && (NTSC_NUMERATORS as readonly number[]).includes(num);
}

/** Words for the error when a rate is not usable. */
export const FRAME_RATE_RULE = 'a whole number of frames per second from 1 to 120, or 23.976, 29.97 or 59.94';

/** `{ num, den }` from a rate or a whole number; throws RangeError for anything else. */
export function toFrameRate(rate: FrameRateLike): FrameRate {
  const r = typeof rate === 'number' ? { num: rate, den: 1 } : rate;
  if (!isValidFrameRate(r)) {
    const shown = typeof rate === 'number' ? String(rate) : `${rate.num}/${rate.den}`;
    throw new RangeError(`Frame rate ${shown} is not usable: use ${FRAME_RATE_RULE}.`);
  }
  return r;
}

/** Frames per second as a float (for display and for APIs that want one). */
export function fpsOf(rate: FrameRateLike): number {
  const r = typeof rate === 'number' ? { num: rate, den: 1 } : rate;
  return r.num / r.den;
}

/** The whole-number rate timecode counts in (24 for 23.976, 30 for 29.97). */
export function nominalFps(rate: FrameRateLike): number {
  return Math.round(fpsOf(rate));
}

/** Whether timecode at this rate is drop-frame (29.97 and 59.94, as SMPTE 12M and editors use). */
export function isDropFrame(rate: FrameRateLike): boolean {
  const r = typeof rate === 'number' ? { num: rate, den: 1 } : rate;
  return r.den === 1001 && (r.num === 30000 || r.num === 60000);
}

/** The rate as ffmpeg takes it: `24000/1001`, or `24`. */
export function ffmpegRate(rate: FrameRateLike): string {
  const r = toFrameRate(rate);
  return r.den === 1 ? String(r.num) : `${r.num}/${r.den}`;
}

/** How people write the rate: `23.976`, `29.97`, `24`. */
export function frameRateLabel(rate: FrameRateLike): string {
  const r = typeof rate === 'number' ? { num: rate, den: 1 } : rate;
  if (r.den === 1) return String(r.num);
  // Two decimals, or three where two would hide the difference (23.976, not 23.98).
  const fps = r.num / r.den;
  const three = fps.toFixed(3);
  return three.endsWith('0') ? String(Number(fps.toFixed(2))) : three;
}

/** True when two rates are the same fraction. */
export function sameFrameRate(a: FrameRateLike, b: FrameRateLike): boolean {
  const x = typeof a === 'number' ? { num: a, den: 1 } : a;
  const y = typeof b === 'number' ? { num: b, den: 1 } : b;
  return x.num * y.den === y.num * x.den;
}

/**
 * Reads a rate as people and files write it: `24`, `25`, `23.976`, `23.98`, `29.97`, `59.94`,
 * `24000/1001`, or `{ "num": 24000, "den": 1001 }`. Returns null when it names no usable rate.
 */
export function parseFrameRate(value: unknown): FrameRate | null {
  if (value && typeof value === 'object') {
    const { num, den } = value as { num?: unknown; den?: unknown };
    if (typeof num !== 'number' || typeof den !== 'number') return null;
    const r = { num, den };
    return isValidFrameRate(r) ? r : null;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
    if (fraction) {
      const num = Number(fraction[1]);
      const den = Number(fraction[2]);
      if (den === 1 || den === 1001) return parseFrameRate({ num, den });
      return den > 0 && num % den === 0 ? parseFrameRate({ num: num / den, den: 1 }) : null;
    }
    if (!/^\d+(\.\d+)?$/.test(text)) return null;
    return parseFrameRate(Number(text));
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value)) return parseFrameRate({ num: value, den: 1 });
    // A decimal names the NTSC rate it rounds like (23.976, 23.98, 29.97, 59.94).
    for (const num of NTSC_NUMERATORS) if (Math.abs(value - num / 1001) < 0.006) return { num, den: 1001 };
  }
  return null;
}
