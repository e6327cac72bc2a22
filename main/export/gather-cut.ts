/**
 * What every export reads from the project before it writes anything: each shot's selected
 * take (its normalised file), the take's exact frame count from its MP4 index, the trims and
 * the transition in frames at the project's rate, and whether the take has sound. Shots without
 * a ready take are listed by number (or filled with black, when asked); a take that is missing,
 * cut short, without picture (or without sound, where the export needs it) or trimmed to
 * nothing is refused up front, all of them in one message.
 *
 * Used by the MP4 export (export-sequence.ts) and by every interchange format (through
 * handoff-folder.ts), so they all see the same cut.
 */
import path from 'node:path';
import type { Shot, Take, Transition } from '../../shared/domain';
import { secondsToFrames } from '../../shared/timecode';
import { UserError, invalid } from '../errors';
import { Mp4IndexError, readMp4Index, type Mp4Index } from '../media/mp4-index';
import type { SequenceInput } from './export-sequence';

/** How a shot is named in the cut, messages and files: its stable number ("4A"), else its position. */
export function shotLabel(shot: Shot, index: number): string {
  return shot.number || String(index + 1);
}

/** One shot as gathered. Frames are at the project's rate. */
export interface GatheredShot {
  shot: Shot;
  /** Position in the sequence (0-based) and label (see shotLabel). */
  index: number;
  label: string;
  /** The selected ready take, or null (black). */
  take: Take | null;
  /** The take's file: project-relative and absolute; null for black. */
  clip: string | null;
  file: string | null;
  /** The file's MP4 index and size (null for black). */
  mp4: Mp4Index | null;
  size: number;
  hasAudio: boolean;
  /** Frames of the take, or null for black. */
  takeFrames: number | null;
  inFrame: number;
  /** Frame after the last one used; for black, its length. */
  outFrame: number;
  transition: { kind: Transition['kind']; frames: number };
}

export interface GatherOptions {
  /** Black for shots without a ready take instead of refusing. */
  fillMissing: boolean;
  /** Replaces every shot's own transition. */
  transition?: Transition;
  /** Refuse takes without a sound track (the MP4 join needs one in every take). */
  requireAudio?: boolean;
  /** How the fill is named in the refusal ("black slate", "black"). */
  fillWords?: string;
}

/** Reads the cut; throws UserError naming every shot that cannot be exported. */
export async function gatherCut(input: SequenceInput, options: GatherOptions): Promise<GatheredShot[]> {
  const rate = input.format.fps;
  const takeOf = (shot: Shot) => {
    const take = input.takeOf(shot);
    return take && take.status === 'ready' && take.files.normalised ? take : null;
  };
  // Every take's index, read side by side (each is a few small reads of its `moov`).
  const files = [...new Set(input.shots.flatMap((s) => { const t = takeOf(s); return t ? [input.resolve(t.files.normalised!)] : []; }))];
  type TakeRead = { index: Mp4Index } | { why: string };
  const indexes = new Map<string, TakeRead>(
    await Promise.all(
      files.map(async (file): Promise<[string, TakeRead]> => {
        try {
          const index = await readMp4Index(file);
          checkComplete(index);
          return [file, { index }];
        } catch (error) {
          const why = error instanceof Mp4IndexError ? error.message : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is missing' : String(error);
          return [file, { why }];
        }
      }),
    ),
  );
  const missing: string[] = [];
  const broken: string[] = [];
  const shots: GatheredShot[] = [];
  for (const [index, shot] of input.shots.entries()) {
    const label = shotLabel(shot, index);
    const t = options.transition ?? shot.transition;
    const transition = { kind: t.kind, frames: t.kind === 'cut' ? 0 : secondsToFrames(t.seconds, rate) };
    const take = takeOf(shot);
    if (!take) {
      missing.push(label);
      const frames = Math.max(1, secondsToFrames(shot.seconds, rate));
      shots.push({ shot, index, label, take: null, clip: null, file: null, mp4: null, size: 0, hasAudio: false, takeFrames: null, inFrame: 0, outFrame: frames, transition });
      continue;
    }
    const clip = take.files.normalised!;
    const file = input.resolve(clip);
    const read = indexes.get(file)!;
    if ('why' in read) {
      broken.push(`shot ${label}${shot.title ? ` "${shot.title}"` : ''}: ${path.basename(file)} cannot be read (${read.why})`);
      continue;
    }
    const mp4 = read.index;
    if (!mp4.video || (options.requireAudio && !mp4.audio)) {
      broken.push(`shot ${label}: ${path.basename(file)} lacks ${mp4.video ? 'an audio' : 'a video'} track`);
      continue;
    }
    const takeFrames = mp4.video.samples.length;
    const inFrame = Math.min(secondsToFrames(Math.max(0, shot.trimIn), rate), takeFrames - 1);
    const outFrame = Math.min(shot.trimOut === null ? takeFrames : secondsToFrames(shot.trimOut, rate), takeFrames);
    if (outFrame <= inFrame) {
      broken.push(`shot ${label}: its trim keeps no frames (in ${shot.trimIn}s, out ${shot.trimOut}s)`);
      continue;
    }
    shots.push({ shot, index, label, take, clip, file, mp4, size: mp4.size, hasAudio: mp4.audio !== null, takeFrames, inFrame, outFrame, transition });
  }
  if (broken.length) throw invalid(`Cannot export: ${broken.join('; ')}. Generate or import those takes again.`);
  if (missing.length && !options.fillMissing) {
    const one = missing.length === 1;
    const fill = options.fillWords ?? 'black';
    throw new UserError(
      'conflict',
      `Shot${one ? '' : 's'} ${missing.join(', ')} ${one ? 'has' : 'have'} no ready take. Generate ${one ? 'it' : 'them'} first, or export with "fill missing" to put ${fill === 'black' ? 'black' : `a ${fill}`} in ${one ? 'its' : 'their'} place.`,
    );
  }
  return shots;
}

/** A take whose index points past the end of the file was cut short after ingest. */
function checkComplete(index: Mp4Index): void {
  let end = 0;
  for (const p of index.audio?.packets ?? []) end = Math.max(end, p.offset + p.size);
  for (const p of index.video?.samples ?? []) end = Math.max(end, p.offset + p.size);
  if (end > index.size) throw new Mp4IndexError(`it is cut short: ${index.size} of ${end} bytes`);
  if (!index.video?.samples.length) throw new Mp4IndexError('it has no video frames');
}
