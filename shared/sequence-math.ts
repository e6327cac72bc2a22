/**
 * Durations and timecodes of a cut sequence: each shot's trimmed length, where it starts, and
 * the total, at the project's fps. Pure, so the timeline, the CLI's `info` and export agree.
 *
 * Transitions: a cut joins end to start; a dissolve of d seconds overlaps the two shots by d
 * (the sequence is d shorter); a dip to black fades out and in within each shot's own frames,
 * so it does not shorten anything. All sums are done in whole frames, as export cuts on frames.
 */
import type { Transition } from './domain';
import type { FrameRateLike } from './frame-rate';
import { framesToSeconds, framesToTimecode, secondsToFrames } from './timecode';

/** The fields of a shot that decide its place in the sequence. */
export interface TimedShot {
  /** Requested clip length (used when no take is selected or its length is unknown). */
  seconds: number;
  trimIn: number;
  trimOut: number | null;
  /** How this shot joins the next one (ignored on the last shot). */
  transition: Transition;
  /** Length of the selected take's file, when it is known. */
  sourceSeconds?: number | null;
}

/** Where one shot sits in the sequence. */
export interface ShotTiming {
  /** First frame of the shot in the sequence (its timecode in). */
  startFrame: number;
  /** Frames the shot shows after trimming (including frames shared with dissolves). */
  durationFrames: number;
  /** Frames shared with the next shot (a dissolve); 0 for cuts, dips and the last shot. */
  overlapFrames: number;
  startSeconds: number;
  durationSeconds: number;
  /** `HH:MM:SS:FF` of the first frame. */
  timecodeIn: string;
}

/** The whole sequence's timing. */
export interface SequenceTiming {
  fps: FrameRateLike;
  shots: ShotTiming[];
  totalFrames: number;
  totalSeconds: number;
  /** `HH:MM:SS:FF` of the total duration. */
  totalTimecode: string;
}

/**
 * Seconds a shot shows after trims: from `trimIn` to `trimOut` (or the take's end, or the
 * requested length), never past the end of a take of known length, never below zero.
 */
export function trimmedSeconds(shot: TimedShot): number {
  const source = shot.sourceSeconds ?? null;
  let end = shot.trimOut ?? source ?? shot.seconds;
  if (source !== null) end = Math.min(end, source);
  return Math.max(0, end - Math.max(0, shot.trimIn));
}

/** Seconds a transition takes out of the sequence length before clamping (dissolves only). */
export function transitionOverlapSeconds(transition: Transition): number {
  return transition.kind === 'dissolve' ? Math.max(0, transition.seconds) : 0;
}

/**
 * Lays the shots end to end at `fps`. A dissolve is clamped so it never uses more frames than
 * either shot has left (a shot is never covered by two dissolves at once), so start frames
 * never go backwards.
 */
export function sequenceTiming(shots: readonly TimedShot[], fps: FrameRateLike): SequenceTiming {
  const durations = shots.map((s) => secondsToFrames(trimmedSeconds(s), fps));
  const timings: ShotTiming[] = [];
  let start = 0;
  let incoming = 0;
  shots.forEach((shot, i) => {
    const duration = durations[i]!;
    const next = durations[i + 1];
    const wanted = next === undefined ? 0 : secondsToFrames(transitionOverlapSeconds(shot.transition), fps);
    const overlap = next === undefined ? 0 : Math.max(0, Math.min(wanted, duration - incoming, next));
    timings.push({
      startFrame: start,
      durationFrames: duration,
      overlapFrames: overlap,
      startSeconds: framesToSeconds(start, fps),
      durationSeconds: framesToSeconds(duration, fps),
      timecodeIn: framesToTimecode(start, fps),
    });
    start += duration - overlap;
    incoming = overlap;
  });
  return {
    fps,
    shots: timings,
    totalFrames: start,
    totalSeconds: framesToSeconds(start, fps),
    totalTimecode: framesToTimecode(start, fps),
  };
}
