import { describe, expect, it } from 'vitest';
import type { Transition } from '../../shared/domain';
import { sequenceTiming, trimmedSeconds, type TimedShot } from '../../shared/sequence-math';

const cut: Transition = { kind: 'cut', seconds: 0 };
const shot = (seconds: number, transition: Transition = cut, extra: Partial<TimedShot> = {}): TimedShot => ({
  seconds,
  trimIn: 0,
  trimOut: null,
  transition,
  ...extra,
});

describe('trimmedSeconds', () => {
  it('uses trim out, else the take length, else the requested length, minus trim in', () => {
    expect(trimmedSeconds(shot(4))).toBe(4);
    expect(trimmedSeconds(shot(4, cut, { trimIn: 1 }))).toBe(3);
    expect(trimmedSeconds(shot(4, cut, { trimIn: 0.5, trimOut: 3 }))).toBe(2.5);
    expect(trimmedSeconds(shot(4, cut, { sourceSeconds: 5 }))).toBe(5);
    // A trim out past the end of a take of known length stops at the take's end.
    expect(trimmedSeconds(shot(8, cut, { trimOut: 7, sourceSeconds: 6 }))).toBe(6);
    expect(trimmedSeconds(shot(2, cut, { trimIn: 3 }))).toBe(0);
  });
});

describe('sequenceTiming', () => {
  it('lays cuts end to end with timecodes in', () => {
    const t = sequenceTiming([shot(4), shot(2.5), shot(3)], 24);
    expect(t.shots.map((s) => s.startFrame)).toEqual([0, 96, 156]);
    expect(t.shots.map((s) => s.timecodeIn)).toEqual(['00:00:00:00', '00:00:04:00', '00:00:06:12']);
    expect(t.totalFrames).toBe(228);
    expect(t.totalSeconds).toBe(9.5);
    expect(t.totalTimecode).toBe('00:00:09:12');
  });

  it('subtracts a dissolve overlap, keeps a dip to black at full length', () => {
    const dissolve = sequenceTiming([shot(4, { kind: 'dissolve', seconds: 1 }), shot(4)], 24);
    expect(dissolve.totalSeconds).toBe(7);
    expect(dissolve.shots[1]!.startSeconds).toBe(3);
    expect(dissolve.shots[0]!.overlapFrames).toBe(24);

    const dip = sequenceTiming([shot(4, { kind: 'dip', seconds: 1 }), shot(4)], 24);
    expect(dip.totalSeconds).toBe(8);
    expect(dip.shots[0]!.overlapFrames).toBe(0);
  });

  it('ignores the last shot\u2019s transition (there is no next shot)', () => {
    expect(sequenceTiming([shot(4), shot(4, { kind: 'dissolve', seconds: 2 })], 25).totalSeconds).toBe(8);
  });

  it('clamps a dissolve to what each shot has left, so starts never go backwards', () => {
    const t = sequenceTiming(
      [shot(2, { kind: 'dissolve', seconds: 1.5 }), shot(2, { kind: 'dissolve', seconds: 1.5 }), shot(1)],
      24,
    );
    expect(t.shots.map((s) => s.overlapFrames)).toEqual([36, 12, 0]);
    const starts = t.shots.map((s) => s.startFrame);
    // Shot 2 has 48 frames, 36 taken by the incoming dissolve: only 12 are left for the outgoing one.
    expect(starts).toEqual([0, 12, 48]);
    expect(t.totalFrames).toBe(72);
  });

  it('sums in whole frames (30 shots of 0.7 s at 30 fps is exactly 21 s)', () => {
    const t = sequenceTiming(Array.from({ length: 30 }, () => shot(0.7)), 30);
    expect(t.totalFrames).toBe(630);
    expect(t.totalTimecode).toBe('00:00:21:00');
  });

  it('handles an empty sequence', () => {
    expect(sequenceTiming([], 24)).toMatchObject({ totalFrames: 0, totalTimecode: '00:00:00:00', shots: [] });
  });
});
