/**
 * SMPTE timecode and frame arithmetic at a house frame rate (see frame-rate.ts).
 *
 * Frames are the unit of truth: seconds are rounded to the nearest frame once, and everything
 * after that is integer arithmetic on exact fractions, so a ten-minute sequence at 23.976 or
 * 29.97 lands on exactly the frame it should.
 *
 * Labels: `HH:MM:SS:FF` counted at the nominal rate (24 for 23.976, non-drop-frame), and
 * drop-frame `HH:MM:SS;FF` at 29.97 and 59.94 (SMPTE 12M: frame labels 00-01, or 00-03 at
 * 59.94, are skipped at the start of every minute except each tenth, so the label stays within
 * a frame of wall-clock time). Written here rather than taken from npm (`smpte-timecode`): that
 * package has a mutable object API, a 24-hour wrap and no bundled types, and what is needed is
 * a few lines of integer math that the tests check against published drop-frame tables.
 */
import { isDropFrame, nominalFps, toFrameRate, type FrameRate, type FrameRateLike } from './frame-rate';

/** Thrown for a timecode or frame count that cannot be used; the message says why. */
export class TimecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimecodeError';
  }
}

function checkRate(rate: FrameRateLike): FrameRate {
  try {
    return toFrameRate(rate);
  } catch (error) {
    throw new TimecodeError((error as Error).message);
  }
}

/**
 * The nearest frame to `seconds`. The tiny bias undoes float error in values such as
 * 4.1 * 24 = 98.39999..., so half-frame values round up as a person would expect.
 */
export function secondsToFrames(seconds: number, rate: FrameRateLike): number {
  const { num, den } = checkRate(rate);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TimecodeError(`${seconds} is not a duration: use a number of seconds of 0 or more.`);
  }
  return Math.round((seconds * num) / den + 1e-9);
}

/** The time in seconds at which frame `frames` starts (frames x den / num). */
export function framesToSeconds(frames: number, rate: FrameRateLike): number {
  const { num, den } = checkRate(rate);
  return (frames * den) / num;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Frames skipped per minute in drop-frame labels: 2 at 29.97, 4 at 59.94. */
const dropPerMinute = (nominal: number) => Math.round(nominal / 15);

/** `HH:MM:SS:FF` (or `HH:MM:SS;FF` drop-frame) for a frame count. Hours do not wrap at 24. */
export function framesToTimecode(frames: number, rate: FrameRateLike): string {
  const r = checkRate(rate);
  if (!Number.isInteger(frames) || frames < 0) {
    throw new TimecodeError(`${frames} is not a frame count: use a whole number of 0 or more.`);
  }
  const nominal = nominalFps(r);
  let label = frames;
  if (isDropFrame(r)) {
    // Count the labels skipped before this frame: `drop` per minute, except every tenth.
    const drop = dropPerMinute(nominal);
    const perMinute = nominal * 60 - drop;
    const perTen = perMinute * 10 + drop;
    const tens = Math.floor(frames / perTen);
    const rest = frames % perTen;
    label += drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const ff = label % nominal;
  const totalSeconds = (label - ff) / nominal;
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}${isDropFrame(r) ? ';' : ':'}${pad(ff)}`;
}

/** The timecode for a time in seconds, rounded to the nearest frame. */
export function formatTimecode(seconds: number, rate: FrameRateLike): string {
  return framesToTimecode(secondsToFrames(seconds, rate), rate);
}

const TIMECODE = /^(\d{2,}):(\d{2}):(\d{2})[:;.](\d{2,3})$/;

/**
 * The frame count of a timecode at `rate`. Refuses a frame field at or above the nominal rate,
 * minutes or seconds of 60 or more, a drop-frame label that does not exist, and anything that
 * is not a timecode, with a message saying which.
 */
export function parseTimecode(text: string, rate: FrameRateLike): number {
  const r = checkRate(rate);
  const nominal = nominalFps(r);
  const match = TIMECODE.exec(text.trim());
  if (!match) throw new TimecodeError(`"${text}" is not a timecode: write it as HH:MM:SS:FF, e.g. 00:01:02:12.`);
  const [hh, mm, ss, ff] = match.slice(1).map(Number) as [number, number, number, number];
  if (mm > 59 || ss > 59) throw new TimecodeError(`"${text}" has minutes or seconds above 59.`);
  if (ff >= nominal) throw new TimecodeError(`"${text}" has frame ${ff}, but at ${nominal} fps frames run from 00 to ${pad(nominal - 1)}.`);
  const label = ((hh * 60 + mm) * 60 + ss) * nominal + ff;
  if (!isDropFrame(r)) return label;
  const drop = dropPerMinute(nominal);
  if (ss === 0 && ff < drop && mm % 10 !== 0) {
    throw new TimecodeError(`"${text}" does not exist in drop-frame timecode: minute ${mm} starts at frame ${pad(drop)}.`);
  }
  const minutes = hh * 60 + mm;
  return label - drop * (minutes - Math.floor(minutes / 10));
}

/** Seconds at the start of the frame a timecode names. */
export function timecodeToSeconds(text: string, rate: FrameRateLike): number {
  return framesToSeconds(parseTimecode(text, rate), rate);
}
