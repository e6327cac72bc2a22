/** The pure export plan: lengths agree with the timeline math, copies sit on keyframes. */
import { describe, expect, it } from 'vitest';
import { planExport, type PlanShotInput } from '../../shared/export-plan';
import { sequenceTiming } from '../../shared/sequence-math';

/** A small deterministic random generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('planExport', () => {
  it('lays out as many frames as sequence-math counts, copying only whole GOPs, for 300 random sequences', () => {
    const random = rng(7);
    for (let run = 0; run < 300; run++) {
      const shots: PlanShotInput[] = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => {
        const takeFrames = 12 + Math.floor(random() * 100);
        const inFrame = Math.floor(random() * (takeFrames / 3));
        const outFrame = takeFrames - Math.floor(random() * (takeFrames / 3));
        const kinds = ['cut', 'dissolve', 'dip'] as const;
        const kind = kinds[Math.floor(random() * 3)]!;
        return {
          number: i + 1,
          takeFrames,
          keyframes: Array.from({ length: Math.ceil(takeFrames / 24) }, (_, k) => k * 24),
          inFrame,
          outFrame,
          transition: { kind, frames: kind === 'cut' ? 0 : 1 + Math.floor(random() * 30) },
        };
      });
      const plan = planExport(shots);
      const timing = sequenceTiming(
        shots.map((s) => ({ seconds: 0, trimIn: s.inFrame / 24, trimOut: s.outFrame / 24, transition: { kind: s.transition.kind, seconds: s.transition.frames / 24 }, sourceSeconds: s.takeFrames! / 24 })),
        24,
      );
      expect(plan.totalFrames).toBe(timing.totalFrames);
      expect(plan.shotStarts).toEqual(timing.shots.map((t) => t.startFrame));
      let at = 0;
      for (const item of plan.items) {
        expect(item.outStart).toBe(at);
        at += item.frames;
        if (item.kind === 'copy') {
          expect(item.from % 24).toBe(0);
          expect(item.to % 24 === 0 || item.to === shots[item.shot]!.takeFrames).toBe(true);
        }
      }
      expect(at).toBe(plan.totalFrames);
      expect(plan.copyFrames + plan.renderFrames).toBe(plan.totalFrames);
    }
  });

  it('re-encodes only the GOPs around a dissolve, and everything with renderAll', () => {
    const shot = (n: number): PlanShotInput => ({ number: n, takeFrames: 96, keyframes: [0, 24, 48, 72], inFrame: 0, outFrame: 96, transition: { kind: 'dissolve', frames: 12 } });
    const plan = planExport([shot(1), shot(2)]);
    expect(plan.items.map((i) => i.kind)).toEqual(['copy', 'render', 'copy']);
    expect(plan.renderFrames).toBe(24 + 24 - 12);
    expect(planExport([shot(1), shot(2)], { renderAll: true }).copyFrames).toBe(0);
  });
});
