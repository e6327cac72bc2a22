/**
 * Where the player is in the sequence: the shots' places come from shared/sequence-math (the
 * same frames export cuts on), and `locate` says which take shows at a time, at which point of
 * the take, and how far a dissolve into the next shot has gone.
 */
import type { FrameRate } from '../../../shared/frame-rate';
import { sequenceTiming } from '../../../shared/sequence-math';
import { framesToSeconds } from '../../../shared/timecode';
import type { Shot, Take } from '../../../shared/domain';

/** One shot's stretch of the sequence. */
export interface PlaybackSegment {
  shotId: string;
  /** The shot's stable number ("4A"). */
  number: string;
  title: string;
  /** The selected take, when it is ready to play; null shows a slate. */
  take: Take | null;
  startSeconds: number;
  durationSeconds: number;
  /** Seconds shared with the next shot (a dissolve). */
  overlapSeconds: number;
  /** Where in the take this shot starts. */
  trimIn: number;
}

/** What shows at one moment. */
export interface PlaybackPoint {
  index: number;
  /** Seconds into the segment's take (trim included). */
  takeTime: number;
  /** During a dissolve: the incoming shot, its take time and the mix 0..1. */
  incoming: { index: number; takeTime: number; mix: number } | null;
}

/** Takes that can play: ready, with a normalised file. */
function playable(take: Take | undefined): Take | null {
  return take && take.status === 'ready' && take.files.normalised ? take : null;
}

export function buildSegments(shots: readonly Shot[], takes: Readonly<Record<string, Take>>, fps: FrameRate): { segments: PlaybackSegment[]; totalSeconds: number } {
  const withTakes = shots.map((shot) => ({ shot, take: playable(shot.selectedTakeId ? takes[shot.selectedTakeId] : undefined) }));
  const timing = sequenceTiming(
    withTakes.map(({ shot, take }) => ({ ...shot, sourceSeconds: take?.durationSeconds ?? null })),
    fps,
  );
  const segments = withTakes.map(({ shot, take }, i) => {
    const t = timing.shots[i]!;
    return {
      shotId: shot.id,
      number: shot.number || String(i + 1),
      title: shot.title,
      take,
      startSeconds: t.startSeconds,
      durationSeconds: t.durationSeconds,
      overlapSeconds: framesToSeconds(t.overlapFrames, fps),
      trimIn: Math.max(0, shot.trimIn),
    };
  });
  return { segments, totalSeconds: timing.totalSeconds };
}

/** The segment showing at `seconds` (the last one past the end), or -1 for an empty sequence. */
export function segmentIndexAt(segments: readonly PlaybackSegment[], seconds: number): number {
  if (segments.length === 0) return -1;
  // The last segment whose start is at or before the time: binary search, the list can be long.
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.startSeconds <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function locate(segments: readonly PlaybackSegment[], seconds: number): PlaybackPoint | null {
  const index = segmentIndexAt(segments, seconds);
  if (index < 0) return null;
  // In a dissolve the outgoing shot is still the current one until its own end.
  const prev = segments[index - 1];
  if (prev && prev.overlapSeconds > 0 && seconds < prev.startSeconds + prev.durationSeconds) {
    const into = seconds - segments[index]!.startSeconds;
    return {
      index: index - 1,
      takeTime: prev.trimIn + (seconds - prev.startSeconds),
      incoming: { index, takeTime: segments[index]!.trimIn + into, mix: Math.min(1, Math.max(0, into / prev.overlapSeconds)) },
    };
  }
  const seg = segments[index]!;
  return { index, takeTime: seg.trimIn + Math.min(seconds - seg.startSeconds, seg.durationSeconds), incoming: null };
}
