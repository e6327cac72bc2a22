/**
 * The cut as every interchange writer reads it (EDL, FCPXML, FCP7 XML, OTIO, MLT): the shots in
 * order, each with its selected take's file, exact frame count, trims and transition in frames
 * at the project's rate, gathered once in main/export/gather-cut.ts.
 *
 * `layoutCut` places the shots on the record side with the export plan (shared/export-plan.ts),
 * so every format cuts on the frames the MP4 export does, and says for each join how editors
 * write it: an edit point with a transition centred on it. Shotline's dissolve of d frames
 * overlaps the two shots by d (the outgoing shot's last d frames under the incoming one's first
 * d); an editor's centred dissolve is the same picture when the edit sits `before` = floor(d/2)
 * frames into the overlap, the outgoing clip running on `after` = d - before frames past it
 * (its handle) and the incoming one starting `before` frames early (its handle).
 *
 * Extra sound (voice-over, music) is `audioLanes`: clips placed on the record side, each lane
 * one track under the picture. Nothing fills it yet; the writers already carry its lanes.
 */
import { planExport, type PlanShotInput } from '../export-plan';
import type { FrameRate } from '../frame-rate';
import type { TransitionKind } from '../domain';

/** One shot of the cut. Frames are at the sequence rate. */
export interface CutShot {
  /** The shot's label in the cut: its stable number ("4A"), or its position when it has none. */
  label: string;
  title: string;
  prompt: string;
  /**
   * The take's file as the interchange file names it (relative to the hand-off folder, e.g.
   * `media/001A_Harbour_take1.mp4`), or null for black (a shot without a take).
   */
  media: string | null;
  hasAudio: boolean;
  /** Frames of the take (or the black's length). */
  takeFrames: number;
  /** First frame used and the frame after the last one (the trims). */
  inFrame: number;
  outFrame: number;
  /** How this shot joins the next one; frames is 0 for a cut. */
  transition: { kind: TransitionKind; frames: number };
}

/** A sound clip on an extra lane (voice-over, music), placed on the record side. */
export interface CutAudioClip {
  name: string;
  /** Relative to the hand-off folder, like `CutShot.media`. */
  media: string;
  /** Frames of the file, and the part used. */
  mediaFrames: number;
  inFrame: number;
  outFrame: number;
  /** Record frame where it starts. */
  at: number;
}

/** The kind of sound a lane holds, as editors file it (FCPXML's audio roles). */
export type AudioLaneRole = 'dialogue' | 'music' | 'effects';

export interface CutAudioLane {
  /** e.g. "Voice-over", "Music". */
  name: string;
  /** Absent: dialogue. */
  role?: AudioLaneRole;
  clips: CutAudioClip[];
}

export interface Cut {
  title: string;
  rate: FrameRate;
  width: number;
  height: number;
  audio: { sampleRate: number; channels: number };
  shots: readonly CutShot[];
  /** Sound under the picture besides the takes' own; empty until audio tracks exist. */
  audioLanes: readonly CutAudioLane[];
}

/** How one shot sits on the record side. */
export interface LaidShot {
  shot: CutShot;
  /** Record frame where the shot's first frame plays (the export plan's). */
  start: number;
  /** Frames the shot plays: outFrame - inFrame. */
  length: number;
  /**
   * Where its clip sits between edit points: record start and length, source first frame.
   * A shot with a dissolve on either side is shortened to the edit point; its handles are the
   * frames between the clip and the trims.
   */
  clipStart: number;
  clipFrames: number;
  clipIn: number;
  /** Frames faded from / to black at its head and tail (dips), as the MP4 export fades them. */
  fadeIn: number;
  fadeOut: number;
}

/** A transition between shot `index - 1` and `index`, centred on their edit point. */
export interface LaidJoin {
  /** Index of the incoming shot. */
  index: number;
  kind: 'dissolve' | 'dip';
  /** Record frame of the edit point. */
  edit: number;
  /** Frames of the transition before and after the edit. */
  before: number;
  after: number;
}

export interface CutLayout {
  shots: LaidShot[];
  joins: LaidJoin[];
  totalFrames: number;
}

/** Places the cut's shots on the record side. Throws on trims the plan refuses. */
export function layoutCut(shots: readonly CutShot[]): CutLayout {
  const planShots: PlanShotInput[] = shots.map((s, i) => ({
    number: i + 1,
    takeFrames: s.takeFrames,
    keyframes: [],
    inFrame: s.inFrame,
    outFrame: s.outFrame,
    transition: s.transition,
  }));
  // renderAll: one segment per shot, which carries the dip fades the plan clamped.
  const plan = planExport(planShots, { renderAll: true });
  const fades = shots.map(() => ({ fadeIn: 0, fadeOut: 0 }));
  for (const item of plan.items) {
    if (item.kind !== 'render') continue;
    for (const seg of item.segments) fades[seg.shot] = { fadeIn: seg.fadeIn, fadeOut: seg.fadeOut };
  }
  const laid: LaidShot[] = shots.map((shot, i) => {
    const length = shot.outFrame - shot.inFrame;
    const start = plan.shotStarts[i]!;
    return { shot, start, length, clipStart: start, clipFrames: length, clipIn: shot.inFrame, ...fades[i]! };
  });
  const joins: LaidJoin[] = [];
  for (let i = 1; i < laid.length; i++) {
    const prev = laid[i - 1]!;
    const cur = laid[i]!;
    const overlap = prev.start + prev.length - cur.start;
    if (overlap > 0) {
      const before = Math.floor(overlap / 2);
      const edit = cur.start + before;
      // The outgoing clip ends at the edit; the incoming one starts there.
      prev.clipFrames = edit - prev.clipStart;
      const shift = edit - cur.clipStart;
      cur.clipStart = edit;
      cur.clipIn += shift;
      cur.clipFrames -= shift;
      joins.push({ index: i, kind: 'dissolve', edit, before, after: overlap - before });
    } else if (prev.fadeOut > 0 || cur.fadeIn > 0) {
      joins.push({ index: i, kind: 'dip', edit: cur.start, before: prev.fadeOut, after: cur.fadeIn });
    }
  }
  return { shots: laid, joins, totalFrames: plan.totalFrames };
}

/** A readable, portable file-name part: letters, digits and dashes (`Cliff walk!` -> `Cliff-walk`). */
export function fileSlug(text: string, max = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug;
}

/** A relative path (forward slashes) as a relative URI reference: each segment percent-encoded. */
export function relativeUri(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}
