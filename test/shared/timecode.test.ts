import { describe, expect, it } from 'vitest';
import {
  TimecodeError,
  framesToSeconds,
  formatTimecode,
  framesToTimecode,
  parseTimecode,
  secondsToFrames,
  timecodeToSeconds,
} from '../../shared/timecode';

describe('secondsToFrames', () => {
  it('rounds to the nearest frame, undoing float error', () => {
    expect(secondsToFrames(4, 24)).toBe(96);
    expect(secondsToFrames(4.1, 24)).toBe(98); // 98.4
    expect(secondsToFrames(1 / 48, 24)).toBe(1); // exactly half a frame rounds up
    expect(secondsToFrames(0.01, 25)).toBe(0);
    expect(secondsToFrames(0.7, 30)).toBe(21); // 0.7 * 30 = 20.999999999999996 in floats
  });

  it('refuses negative or non-finite seconds and unusable frame rates', () => {
    expect(() => secondsToFrames(-1, 24)).toThrow(TimecodeError);
    expect(() => secondsToFrames(Number.NaN, 24)).toThrow(/not a duration/);
    expect(() => secondsToFrames(1, 23.976)).toThrow(/whole number of frames/);
    expect(() => secondsToFrames(1, 0)).toThrow(TimecodeError);
  });
});

describe('framesToTimecode / formatTimecode', () => {
  it('formats HH:MM:SS:FF at the given fps', () => {
    expect(framesToTimecode(0, 24)).toBe('00:00:00:00');
    expect(framesToTimecode(23, 24)).toBe('00:00:00:23');
    expect(framesToTimecode(24, 24)).toBe('00:00:01:00');
    expect(framesToTimecode(24 * 3661 + 5, 24)).toBe('01:01:01:05');
    expect(framesToTimecode(25 * 60, 25)).toBe('00:01:00:00');
    expect(formatTimecode(4.5, 24)).toBe('00:00:04:12');
    expect(formatTimecode(59.99, 30)).toBe('00:01:00:00'); // 1799.7 frames rounds to 1800
  });

  it('does not wrap hours at 24', () => {
    expect(framesToTimecode(25 * 3600 * 24, 24)).toBe('25:00:00:00');
  });

  it('refuses fractional or negative frame counts', () => {
    expect(() => framesToTimecode(1.5, 24)).toThrow(/whole number/);
    expect(() => framesToTimecode(-1, 24)).toThrow(TimecodeError);
  });
});

describe('parseTimecode', () => {
  it('round-trips every frame of a few minutes at common rates', () => {
    for (const fps of [24, 25, 30, 60]) {
      for (let frame = 0; frame < fps * 200; frame += 7) {
        expect(parseTimecode(framesToTimecode(frame, fps), fps)).toBe(frame);
      }
    }
  });

  it('reads seconds back', () => {
    expect(timecodeToSeconds('00:00:04:12', 24)).toBe(4.5);
    expect(timecodeToSeconds(' 00:01:00:00 ', 25)).toBe(60);
  });

  it('refuses a frame field at or above fps, minutes over 59, and non-timecodes', () => {
    expect(() => parseTimecode('00:00:01:24', 24)).toThrow(/frames run from 00 to 23/);
    expect(parseTimecode('00:00:01:24', 25)).toBe(49);
    expect(() => parseTimecode('00:60:00:00', 24)).toThrow(/above 59/);
    expect(() => parseTimecode('1:2:3', 24)).toThrow(/HH:MM:SS:FF/);
    expect(() => parseTimecode('', 24)).toThrow(TimecodeError);
  });
});

describe('exact fractional rates (23.976, 29.97, 59.94)', () => {
  const r23976 = { num: 24000, den: 1001 };
  const r2997 = { num: 30000, den: 1001 };
  const r5994 = { num: 60000, den: 1001 };

  it('counts frames exactly: ten minutes are 14386 frames at 23.976 and 17982 at 29.97', () => {
    expect(secondsToFrames(600, r23976)).toBe(14386); // 600 x 24000/1001 = 14385.6
    expect(secondsToFrames(600, r2997)).toBe(17982); // 17982.02
    expect(secondsToFrames(4, r23976)).toBe(96); // 95.9
    // Frames back to seconds and forth again never drift, over a long sequence.
    for (let f = 0; f < 14386 * 6; f += 997) expect(secondsToFrames(framesToSeconds(f, r23976), r23976)).toBe(f);
  });

  it('labels 23.976 non-drop at 24 frames a second', () => {
    expect(framesToTimecode(24, r23976)).toBe('00:00:01:00');
    expect(framesToTimecode(14386, r23976)).toBe('00:09:59:10');
  });

  it('labels 29.97 drop-frame as SMPTE 12M does (frames 00 and 01 skipped each minute but every tenth)', () => {
    expect(framesToTimecode(1799, r2997)).toBe('00:00:59;29');
    expect(framesToTimecode(1800, r2997)).toBe('00:01:00;02');
    expect(framesToTimecode(17982, r2997)).toBe('00:10:00;00');
    expect(framesToTimecode(17981, r2997)).toBe('00:09:59;29');
    expect(framesToTimecode(107892, r2997)).toBe('01:00:00;00'); // one hour of 29.97 is 107892 frames
    expect(framesToTimecode(3600, r5994)).toBe('00:01:00;04');
    expect(framesToTimecode(215784, r5994)).toBe('01:00:00;00');
  });

  it('round-trips every drop-frame label and refuses the skipped ones', () => {
    for (let f = 0; f < 40000; f += 3) expect(parseTimecode(framesToTimecode(f, r2997), r2997)).toBe(f);
    for (let f = 0; f < 80000; f += 7) expect(parseTimecode(framesToTimecode(f, r5994), r5994)).toBe(f);
    expect(() => parseTimecode('00:01:00;00', r2997)).toThrow(/does not exist in drop-frame/);
    expect(parseTimecode('00:10:00;00', r2997)).toBe(17982);
  });

  it('refuses rates that are not house rates', () => {
    expect(() => secondsToFrames(1, { num: 25000, den: 1001 })).toThrow(TimecodeError);
    expect(() => secondsToFrames(1, 121)).toThrow(TimecodeError);
  });
});
