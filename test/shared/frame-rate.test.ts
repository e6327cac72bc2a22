import { describe, expect, it } from 'vitest';
import { ffmpegRate, frameRateLabel, isDropFrame, OFFERED_FRAME_RATES, parseFrameRate, sameFrameRate } from '../../shared/frame-rate';
import { Fps } from '../../shared/contract/limits';

describe('frame rates', () => {
  it('reads rates as people and files write them', () => {
    expect(parseFrameRate(24)).toEqual({ num: 24, den: 1 });
    expect(parseFrameRate('25')).toEqual({ num: 25, den: 1 });
    expect(parseFrameRate(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(parseFrameRate('23.98')).toEqual({ num: 24000, den: 1001 });
    expect(parseFrameRate('29.97')).toEqual({ num: 30000, den: 1001 });
    expect(parseFrameRate('59.94')).toEqual({ num: 60000, den: 1001 });
    expect(parseFrameRate('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseFrameRate('48/2')).toEqual({ num: 24, den: 1 });
    expect(parseFrameRate({ num: 60, den: 1 })).toEqual({ num: 60, den: 1 });
  });

  it('refuses what is not a house rate', () => {
    for (const bad of [0, 121, 24.5, -24, '24 fps', '25000/1001', { num: 24, den: 2 }, null, 'NaN', '']) {
      expect(parseFrameRate(bad)).toBeNull();
    }
  });

  it('labels, compares and hands ffmpeg exact fractions', () => {
    expect(OFFERED_FRAME_RATES.map(frameRateLabel)).toEqual(['23.976', '24', '25', '29.97', '30', '50', '59.94', '60']);
    expect(ffmpegRate({ num: 24000, den: 1001 })).toBe('24000/1001');
    expect(ffmpegRate(25)).toBe('25');
    expect(sameFrameRate({ num: 25, den: 1 }, 25)).toBe(true);
    expect(sameFrameRate({ num: 24000, den: 1001 }, 24)).toBe(false);
    expect(isDropFrame({ num: 30000, den: 1001 })).toBe(true);
    expect(isDropFrame({ num: 24000, den: 1001 })).toBe(false);
  });

  it('the contract schema turns any accepted form into { num, den } and names the rule otherwise', () => {
    expect(Fps.parse('23.976')).toEqual({ num: 24000, den: 1001 });
    expect(Fps.parse(30)).toEqual({ num: 30, den: 1 });
    const bad = Fps.safeParse(23.5);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/whole number of frames per second from 1 to 120, or 23.976, 29.97 or 59.94/);
  });
});
