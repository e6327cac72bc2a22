/**
 * The packet choice of the audio splice (pure): at 29.97 a frame holds 1601.6 samples, so shot
 * boundaries fall between samples; over ten minutes of one-minute shots every output packet
 * still comes from the moment it plays (within half a packet, a join's pre-roll packet aside),
 * the track has round(total / 1024) packets, and the error does not grow from shot to shot.
 */
import { describe, expect, it } from 'vitest';
import { choosePackets, type SpliceSpan } from '../../main/export/audio-splice';
import { planExport, type PlanShotInput } from '../../shared/export-plan';
import type { FrameRate } from '../../shared/frame-rate';
import { secondsToFrames } from '../../shared/timecode';

/** Spans as stitch.ts lays them out for `shots` takes of `takeFrames` each, joined by cuts. */
function spansFor(rate: FrameRate, shots: number, takeFrames: number): { spans: SpliceSpan[]; total: number } {
  const spf = (48000 * rate.den) / rate.num;
  const input: PlanShotInput[] = Array.from({ length: shots }, (_, i) => ({
    number: i + 1,
    takeFrames,
    keyframes: Array.from({ length: Math.ceil(takeFrames / 30) }, (_, k) => k * 30),
    inFrame: 0,
    outFrame: takeFrames,
    transition: { kind: 'cut', frames: 0 },
  }));
  const plan = planExport(input);
  // A take of n frames holds its sound padded to the picture: ceil(n x spf / 1024) packets plus the priming one.
  const packets = Math.ceil((takeFrames * spf) / 1024) + 1;
  const spans = plan.items.map((item, i): SpliceSpan => ({
    start: item.outStart * spf,
    end: (item.outStart + item.frames) * spf,
    file: `take-${i}.mp4`,
    audio: { packets: { length: packets }, priming: 1024 },
    sourceStart: item.kind === 'copy' ? item.from * spf : 0,
  }));
  return { spans, total: plan.totalFrames * spf };
}

describe('choosePackets at fractional rates', () => {
  for (const rate of [{ num: 30000, den: 1001 }, { num: 24000, den: 1001 }, { num: 60000, den: 1001 }] as FrameRate[]) {
    it(`${rate.num}/${rate.den}: ten 60 s shots, no drift`, () => {
      const takeFrames = secondsToFrames(60, rate);
      const { spans, total } = spansFor(rate, 10, takeFrames);
      const count = Math.round(total / 1024);
      const chosen = choosePackets(spans, count);
      expect(chosen).toHaveLength(count);
      // Output packet j plays samples [1024 j, 1024 j + 1024); the chosen source packet p (after
      // the priming packet) holds source samples [1024 (p - 1), ...). Where it plays in the
      // sequence is span.start + (that - sourceStart): off by at most half a packet, except the
      // one pre-roll packet given to the incoming shot before each join.
      const worstPerShot = spans.map(() => 0);
      chosen.forEach((c, j) => {
        const span = spans[c.span]!;
        if (span.start > 1024 * j + 512) return; // the pre-roll packet, played before its shot starts
        const played = span.start + (1024 * (c.packet - 1) - span.sourceStart);
        worstPerShot[c.span] = Math.max(worstPerShot[c.span]!, Math.abs(played - 1024 * j));
      });
      // Within half a packet in every shot, the tenth (after 9 minutes) as well as the first.
      expect(Math.max(...worstPerShot)).toBeLessThanOrEqual(512);
      // Every shot's packets run in order, one after another, within the shot.
      for (let j = 1; j < chosen.length; j++) {
        if (chosen[j]!.span === chosen[j - 1]!.span) expect(chosen[j]!.packet).toBe(chosen[j - 1]!.packet + 1);
      }
    });
  }
});
