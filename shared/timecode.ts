/**
 * SMPTE timecode at an integer frame rate (non-drop-frame): `HH:MM:SS:FF`.
 *
 * Written here rather than taken from npm (`smpte-timecode`): Shotline's house formats always
 * have an integer fps, so drop-frame labels never occur, and what is left is a few lines of
 * integer math. The package would bring drop-frame rules we must not apply, a mutable object
 * API, a 24-hour wrap, and no bundled types. Frames are the unit of truth: seconds are rounded
 * to the nearest frame once, and everything after that is integer arithmetic.
 */

/** Thrown for a timecode or frame count that cannot be used; the message says why. */
export class TimecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimecodeError';
  }
}

function checkFps(fps: number): void {
  if (!Number.isInteger(fps) || fps < 1 || fps > 1000) {
    throw new TimecodeError(`Frame rate ${fps} is not usable: use a whole number of frames per second (24, 25, 30...).`);
  }
}

/**
 * The nearest frame to `seconds` at `fps`. The tiny bias undoes float error in values such as
 * 4.1 * 24 = 98.39999..., so half-frame values round up as a person would expect.
 */
export function secondsToFrames(seconds: number, fps: number): number {
  checkFps(fps);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TimecodeError(`${seconds} is not a duration: use a number of seconds of 0 or more.`);
  }
  return Math.round(seconds * fps + 1e-9);
}

/** The time in seconds at which frame `frames` starts. */
export function framesToSeconds(frames: number, fps: number): number {
  checkFps(fps);
  return frames / fps;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS:FF` for a frame count. Hours do not wrap at 24 (a sequence is a duration). */
export function framesToTimecode(frames: number, fps: number): string {
  checkFps(fps);
  if (!Number.isInteger(frames) || frames < 0) {
    throw new TimecodeError(`${frames} is not a frame count: use a whole number of 0 or more.`);
  }
  const ff = frames % fps;
  const totalSeconds = (frames - ff) / fps;
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}:${pad(ff)}`;
}

/** `HH:MM:SS:FF` for a time in seconds, rounded to the nearest frame. */
export function formatTimecode(seconds: number, fps: number): string {
  return framesToTimecode(secondsToFrames(seconds, fps), fps);
}

const TIMECODE = /^(\d{2,}):(\d{2}):(\d{2})[:;](\d{2,3})$/;

/**
 * The frame count of `HH:MM:SS:FF` at `fps`. Refuses a frame field at or above `fps`, minutes or
 * seconds of 60 or more, and anything that is not a timecode, with a message saying which.
 */
export function parseTimecode(text: string, fps: number): number {
  checkFps(fps);
  const match = TIMECODE.exec(text.trim());
  if (!match) throw new TimecodeError(`"${text}" is not a timecode: write it as HH:MM:SS:FF, e.g. 00:01:02:12.`);
  const [hh, mm, ss, ff] = match.slice(1).map(Number) as [number, number, number, number];
  if (mm > 59 || ss > 59) throw new TimecodeError(`"${text}" has minutes or seconds above 59.`);
  if (ff >= fps) throw new TimecodeError(`"${text}" has frame ${ff}, but at ${fps} fps frames run from 00 to ${pad(fps - 1)}.`);
  return ((hh * 60 + mm) * 60 + ss) * fps + ff;
}

/** Seconds at the start of the frame a timecode names. */
export function timecodeToSeconds(text: string, fps: number): number {
  return parseTimecode(text, fps) / fps;
}
