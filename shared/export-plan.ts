/**
 * The export plan: which frames of which take go where in the sequence, and which stretches
 * must be re-encoded (dissolves, dips, trims between keyframes, slates, burn-in) while the
 * rest is stream-copied. Pure frame arithmetic, so it is tested without ffmpeg and the app can
 * show what an export will do before it runs.
 *
 * Rules:
 * - Copied stretches start on a keyframe and end on a keyframe or the take's end (takes have
 *   closed GOPs, so such a stretch decodes on its own).
 * - A dissolve of d frames overlaps the two shots by d (clamped so no shot is covered twice);
 *   a dip to black fades the last half of d out and the first half of the next shot in, and
 *   does not shorten anything (as shared/sequence-math.ts counts it).
 * - Stretches to re-encode that touch are merged into one piece, so a dissolve re-encodes
 *   only from the last keyframe before its window in shot A to the first keyframe after it
 *   in shot B.
 */
import type { TransitionKind } from './domain';

/** One shot as the planner sees it. Frames are at the project fps. */
export interface PlanShotInput {
  /** Shot number (1-based, for messages and burn-in). */
  number: number;
  /** Frames of the selected take (its normalised file), or null for a black slate. */
  takeFrames: number | null;
  /** Display-order frame indices of the take's keyframes (empty: nothing can be copied). */
  keyframes: readonly number[];
  /** First frame used (trim in). */
  inFrame: number;
  /** Frame after the last one used (trim out); for a slate, its length. */
  outFrame: number;
  /** How this shot joins the next one; frames is 0 for a cut. */
  transition: { kind: TransitionKind; frames: number };
}

/** A stretch of one shot inside a re-encoded piece. */
export interface PlanSegment {
  /** Index into the plan's shots. */
  shot: number;
  from: number;
  to: number;
  /** Frames fading in from black at the start / out to black at the end (dips). */
  fadeIn: number;
  fadeOut: number;
}

/** A stream-copied stretch of one take. */
export interface CopyItem {
  kind: 'copy';
  shot: number;
  from: number;
  to: number;
  /** First frame in the sequence. */
  outStart: number;
  frames: number;
}

/** A re-encoded piece: segments joined by cuts or dissolves (`joins[k]` is between k and k+1). */
export interface RenderItem {
  kind: 'render';
  segments: PlanSegment[];
  joins: Array<{ kind: 'cut' | 'dissolve'; frames: number }>;
  outStart: number;
  frames: number;
}

export type PlanItem = CopyItem | RenderItem;

export interface ExportPlan {
  items: PlanItem[];
  totalFrames: number;
  /** Frames re-encoded / copied (what the fast path saved). */
  renderFrames: number;
  copyFrames: number;
  /** Where each shot starts in the sequence. */
  shotStarts: number[];
}

export interface PlanOptions {
  /** Re-encode every frame (burn-in needs it). */
  renderAll?: boolean;
}

/** Lays out the export of `shots`. Throws on impossible trims (the caller checked them first). */
export function planExport(shots: readonly PlanShotInput[], options: PlanOptions = {}): ExportPlan {
  const lengths = shots.map((s) => {
    if (!(s.outFrame > s.inFrame) || s.inFrame < 0) throw new Error(`Shot ${s.number} keeps no frames (in ${s.inFrame}, out ${s.outFrame}).`);
    if (s.takeFrames !== null && s.outFrame > s.takeFrames) throw new Error(`Shot ${s.number} ends at frame ${s.outFrame}, past its take's ${s.takeFrames} frames.`);
    return s.outFrame - s.inFrame;
  });
  // Frames shared with the next shot (dissolves) and fades (dips), clamped as sequence-math does.
  const overlap: number[] = [];
  const fadeOut: number[] = [];
  const fadeIn: number[] = shots.map(() => 0);
  let incoming = 0;
  shots.forEach((s, i) => {
    const next = lengths[i + 1];
    const { kind, frames } = s.transition;
    let ov = 0;
    let fo = 0;
    if (next !== undefined && kind === 'dissolve') ov = Math.max(0, Math.min(frames, lengths[i]! - incoming, next));
    if (next !== undefined && kind === 'dip') {
      const half = Math.floor(frames / 2);
      fo = Math.max(0, Math.min(half, lengths[i]! - fadeIn[i]!));
      fadeIn[i + 1] = Math.max(0, Math.min(frames - half, next));
    }
    overlap.push(ov);
    fadeOut.push(fo);
    incoming = ov;
  });

  const items: PlanItem[] = [];
  let pending: RenderItem | null = null;
  let out = 0;
  const shotStarts: number[] = [];
  const flush = () => {
    if (!pending) return;
    items.push(pending);
    out += pending.frames;
    pending = null;
  };
  const addSegment = (seg: PlanSegment) => {
    const len = seg.to - seg.from;
    if (!pending) {
      pending = { kind: 'render', segments: [seg], joins: [], outStart: out, frames: len };
      return;
    }
    const prev = pending.segments[pending.segments.length - 1]!;
    const ov = prev.shot === seg.shot - 1 && prev.to === shots[prev.shot]!.outFrame ? overlap[prev.shot]! : 0;
    pending.joins.push(ov > 0 ? { kind: 'dissolve', frames: ov } : { kind: 'cut', frames: 0 });
    pending.segments.push(seg);
    pending.frames += len - ov;
  };

  shots.forEach((s, i) => {
    const headNeed = s.inFrame + (i > 0 ? overlap[i - 1]! : 0) + fadeIn[i]!;
    const tailNeed = s.outFrame - overlap[i]! - fadeOut[i]!;
    let coreStart = Infinity;
    let coreEnd = -Infinity;
    if (s.takeFrames !== null && !options.renderAll) {
      coreStart = s.keyframes.find((k) => k >= headNeed) ?? Infinity;
      coreEnd = tailNeed === s.takeFrames ? s.takeFrames : [...s.keyframes].reverse().find((k) => k <= tailNeed) ?? -Infinity;
    }
    // Where this shot's first frame lands: after what is already laid out, minus a dissolve.
    const startOut = out + (pending ? (pending as RenderItem).frames : 0) - (i > 0 ? overlap[i - 1]! : 0);
    shotStarts.push(startOut);
    if (!(coreEnd > coreStart)) {
      addSegment({ shot: i, from: s.inFrame, to: s.outFrame, fadeIn: fadeIn[i]!, fadeOut: fadeOut[i]! });
      return;
    }
    if (coreStart > s.inFrame) addSegment({ shot: i, from: s.inFrame, to: coreStart, fadeIn: fadeIn[i]!, fadeOut: 0 });
    flush();
    items.push({ kind: 'copy', shot: i, from: coreStart, to: coreEnd, outStart: out, frames: coreEnd - coreStart });
    out += coreEnd - coreStart;
    if (coreEnd < s.outFrame) addSegment({ shot: i, from: coreEnd, to: s.outFrame, fadeIn: 0, fadeOut: fadeOut[i]! });
  });
  flush();
  let renderFrames = 0;
  let copyFrames = 0;
  for (const item of items) {
    if (item.kind === 'copy') copyFrames += item.frames;
    else renderFrames += item.frames;
  }
  return { items, totalFrames: out, renderFrames, copyFrames, shotStarts };
}
