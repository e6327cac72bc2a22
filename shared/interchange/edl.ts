/**
 * A CMX3600 EDL of the sequence: one event per shot on the video track (with its sound as
 * `AA/V` when the take has audio), record timecode running on from 01:00:00:00 as editors
 * start a programme, source timecode counted from the take's first frame (takes carry no
 * timecode of their own).
 *
 * Timing comes from shared/export-plan.ts, so the EDL cuts where the MP4 export does:
 * - a cut is `C`;
 * - a dissolve is the standard two-line event: the outgoing clip at zero length as `C`, then
 *   `D nnn` for the incoming clip. The outgoing event ends where the dissolve starts; the frames
 *   it plays under the dissolve are its handle (the trim's last `nnn` frames);
 * - a dip to black is written as a cut with a comment: in CMX3600 a dip is two dissolves
 *   through a black event, which takes record time, while Shotline's dip fades over the shots'
 *   own frames without shortening or lengthening anything.
 */
import { planExport, type PlanShotInput } from '../export-plan';
import { isDropFrame, type FrameRate } from '../frame-rate';
import { framesToTimecode, parseTimecode } from '../timecode';
import type { CutShot } from './cut';

/** One shot as the EDL sees it (the gathered cut's shot, shared/interchange/cut.ts). */
export type EdlShot = Pick<CutShot, 'label' | 'title' | 'media' | 'hasAudio' | 'takeFrames' | 'inFrame' | 'outFrame' | 'transition'>;

export interface EdlInput {
  title: string;
  rate: FrameRate;
  shots: readonly EdlShot[];
}

/** Where the record side starts: one hour, the usual programme start. */
const RECORD_START = '01:00:00:00';

/** The reel CMX3600 uses for black. */
const BLACK_REEL = 'BL';

/** 32-bit FNV-1a: a short, stable hash with no dependency (reels need 8 characters, not security). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Reel names: 8 upper-case hex digits of the clip's path, so the same take keeps its reel from
 * one export to the next and two takes never share one (a clash is re-hashed with a suffix).
 */
export function reelNames(clips: readonly string[]): Map<string, string> {
  const reels = new Map<string, string>();
  const taken = new Set<string>([BLACK_REEL]);
  for (const clip of clips) {
    if (reels.has(clip)) continue;
    let reel = '';
    for (let salt = 0; reel === '' || taken.has(reel); salt++) {
      reel = fnv1a(salt === 0 ? clip : `${clip}#${salt}`).toString(16).toUpperCase().padStart(8, '0');
    }
    taken.add(reel);
    reels.set(clip, reel);
  }
  return reels;
}

/** Text for a title or comment: one line, since a line end would start a new EDL statement. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

/** The EDL text (LF line ends, a final newline). Throws on trims the plan refuses. */
export function writeEdl(input: EdlInput): string {
  const { rate, shots } = input;
  // The plan clamps dissolves (so no frame is covered twice) exactly as the MP4 export does.
  const planShots: PlanShotInput[] = shots.map((s, i) => ({
    number: i + 1,
    takeFrames: s.takeFrames,
    keyframes: [],
    inFrame: s.inFrame,
    outFrame: s.outFrame,
    transition: s.transition,
  }));
  const plan = planExport(planShots, { renderAll: true });
  const reels = reelNames(shots.flatMap((s) => (s.media === null ? [] : [s.media])));
  const offset = parseTimecode(RECORD_START, rate);
  const tc = (frames: number) => framesToTimecode(frames, rate);
  const recTc = (frames: number) => tc(offset + frames);
  const reelOf = (s: EdlShot) => (s.media === null ? BLACK_REEL : reels.get(s.media)!);
  const trackOf = (s: EdlShot) => (s.hasAudio && s.media !== null ? 'AA/V' : 'V');
  const line = (event: number, s: EdlShot, kind: 'C' | 'D', frames: number | null, srcIn: number, srcOut: number, recIn: number, recOut: number) =>
    [
      String(event).padStart(3, '0'),
      '',
      reelOf(s).padEnd(8),
      trackOf(s).padEnd(5),
      kind.padEnd(4),
      frames === null ? '   ' : String(frames).padStart(3, '0'),
      tc(srcIn),
      tc(srcOut),
      recTc(recIn),
      recTc(recOut),
    ].join(' ');
  const clipName = (s: EdlShot) => (s.media === null ? 'BLACK' : oneLine(s.media));

  const out = [`TITLE: ${oneLine(input.title) || 'UNTITLED'}`, `FCM: ${isDropFrame(rate) ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  shots.forEach((s, i) => {
    const event = i + 1;
    const recIn = plan.shotStarts[i]!;
    // An event lasts until the next one starts: up to the dissolve's start when one follows.
    const recOut = i + 1 < shots.length ? plan.shotStarts[i + 1]! : plan.totalFrames;
    const srcOut = s.inFrame + (recOut - recIn);
    const prev = shots[i - 1];
    // Frames shared with the previous shot: a dissolve the plan kept (it may have clamped it).
    const dissolve = prev ? plan.shotStarts[i - 1]! + (prev.outFrame - prev.inFrame) - recIn : 0;
    if (prev && dissolve > 0) {
      // Where the outgoing event stopped on its source: the start of its handle.
      const prevIn = plan.shotStarts[i - 1]!;
      const handle = prev.inFrame + (recIn - prevIn);
      out.push(line(event, prev, 'C', null, handle, handle, recIn, recIn));
      out.push(line(event, s, 'D', dissolve, s.inFrame, srcOut, recIn, recOut));
      out.push(`* FROM CLIP NAME: ${clipName(prev)}`);
      out.push(`* TO CLIP NAME: ${clipName(s)}`);
    } else {
      out.push(line(event, s, 'C', null, s.inFrame, srcOut, recIn, recOut));
      out.push(`* FROM CLIP NAME: ${clipName(s)}`);
    }
    out.push(`* SHOT: ${s.label}${s.title.trim() ? ` ${oneLine(s.title)}` : ''}`);
    if (prev && prev.transition.kind === 'dip' && prev.transition.frames > 0) {
      out.push(`* DIP TO BLACK OF ${prev.transition.frames} FRAMES WRITTEN AS A CUT (CMX3600 HAS NO DIP)`);
    }
    out.push('');
  });
  return `${out.join('\n').trimEnd()}\n`;
}
