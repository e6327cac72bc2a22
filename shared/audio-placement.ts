/**
 * Where each audio clip sits in the sequence, given where the shots start: the one answer the
 * timeline's lanes, the player, the MP4 export's mix and the interchange writers share.
 *
 * A clip placed at a sequence time starts there; a clip attached to a shot starts at the shot's
 * first frame plus its offset, so it moves with the shot. A clip whose shot is gone (deleted,
 * waiting for an undo) is `detached`: it is kept but not played or mixed. A clip that would
 * start before the sequence does (a negative offset on the first shot) loses the part before 0.
 * Pure: no Node, no DOM.
 */
import type { AudioClip, AudioTrack } from './domain';
import { fpsOf, type FrameRateLike } from './frame-rate';
import { sequenceTiming, type TimedShot } from './sequence-math';
import { framesToSeconds, secondsToFrames } from './timecode';

/** One clip at its place in the sequence. */
export interface PlacedAudioClip {
  clip: AudioClip;
  /** First second of the sequence the clip sounds at. */
  startSeconds: number;
  /** Second of the sequence it stops at (`startSeconds + lengthSeconds`). */
  endSeconds: number;
  /** Where in the file playback starts (the clip's in point, later when cut at 0). */
  inSeconds: number;
  /** Seconds the clip sounds for. */
  lengthSeconds: number;
}

export interface AudioLayout {
  /** Placed clips, by start time (then track, then creation). */
  placed: PlacedAudioClip[];
  /** Clips attached to a shot that is not in the sequence. */
  detached: AudioClip[];
}

/** The lanes top to bottom, with their names in the app and the export options. */
export const AUDIO_TRACKS: ReadonlyArray<{ track: AudioTrack; label: string }> = [
  { track: 'voice', label: 'Voice-over' },
  { track: 'music', label: 'Music' },
  { track: 'temp', label: 'Temp' },
];

/** Linear amplitude of a level in dB (0 dB = 1). */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

/** Each shot's start in seconds, by id, as sequence-math lays the shots out at `fps`. */
export function shotStartSeconds(shots: ReadonlyArray<TimedShot & { id: string }>, fps: FrameRateLike): Map<string, number> {
  const timing = sequenceTiming(shots, fps);
  return new Map(shots.map((shot, i) => [shot.id, timing.shots[i]!.startSeconds]));
}

/**
 * Each shot's start in seconds, by id, from start frames counted elsewhere (an export plan's
 * `shotStarts`, in the same order as `shotIds`): what the export's mix and the interchange
 * writers pass to `placeAudioClips`, so sound lines up with the frames actually cut.
 */
export function shotStartsFromFrames(shotIds: readonly string[], startFrames: readonly number[], fps: FrameRateLike): Map<string, number> {
  return new Map(shotIds.map((id, i) => [id, framesToSeconds(startFrames[i] ?? 0, fps)]));
}

/** Where one clip starts in the sequence before cutting at 0, or null when its shot is gone. */
export function clipStartSeconds(clip: AudioClip, shotStarts: ReadonlyMap<string, number>): number | null {
  if (clip.placement.kind === 'sequence') return clip.placement.startSeconds;
  const shotStart = shotStarts.get(clip.placement.shotId);
  return shotStart === undefined ? null : shotStart + clip.placement.offsetSeconds;
}

const TRACK_ORDER: Record<AudioTrack, number> = { voice: 0, music: 1, temp: 2 };

/** Places every clip (see the module comment). */
export function placeAudioClips(clips: readonly AudioClip[], shotStarts: ReadonlyMap<string, number>): AudioLayout {
  const placed: PlacedAudioClip[] = [];
  const detached: AudioClip[] = [];
  for (const clip of clips) {
    const start = clipStartSeconds(clip, shotStarts);
    if (start === null) {
      detached.push(clip);
      continue;
    }
    const cut = Math.max(0, -start);
    const inSeconds = clip.inSeconds + cut;
    const length = Math.max(0, Math.min(clip.outSeconds, clip.durationSeconds) - inSeconds);
    if (length <= 0) continue;
    const startSeconds = Math.max(0, start);
    placed.push({ clip, startSeconds, endSeconds: startSeconds + length, inSeconds, lengthSeconds: length });
  }
  placed.sort((a, b) => a.startSeconds - b.startSeconds || TRACK_ORDER[a.clip.track] - TRACK_ORDER[b.clip.track] || a.clip.createdAt.localeCompare(b.clip.createdAt));
  return { placed, detached };
}

/**
 * The clip's linear gain at sequence time `t`: its level times its fades (linear ramps, as the
 * export's `afade` draws them), 0 outside the clip. The player uses it every frame.
 */
export function clipGainAt(placed: PlacedAudioClip, t: number): number {
  if (t < placed.startSeconds || t >= placed.endSeconds) return 0;
  const { fadeInSeconds: fi, fadeOutSeconds: fo } = placed.clip;
  // Fades count from the clip's own in and out points, so a clip cut at 0 keeps its fade's shape.
  const fromIn = t - placed.startSeconds + (placed.inSeconds - placed.clip.inSeconds);
  const toOut = placed.endSeconds - t;
  let gain = dbToGain(placed.clip.gainDb);
  if (fi > 0) gain *= Math.min(1, fromIn / fi);
  if (fo > 0) gain *= Math.min(1, toOut / fo);
  return Math.max(0, gain);
}

/** Voice-over stretches [start, end) merged where they touch: where ducking lowers the rest. */
export function voiceStretches(placed: readonly PlacedAudioClip[]): Array<{ start: number; end: number }> {
  const voice = placed.filter((p) => p.clip.track === 'voice').map((p) => ({ start: p.startSeconds, end: p.endSeconds }));
  voice.sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const s of voice) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** One lane of sound in frames, as the interchange writers take it (export-sequence.ts). */
export interface FramedAudioLane {
  name: string;
  /** Voice-over is dialogue, music is music, temp sound is effects (FCPXML's audio roles). */
  role: 'dialogue' | 'music' | 'effects';
  clips: Array<{ name: string; file: string; mediaFrames: number; inFrame: number; outFrame: number; at: number }>;
}

const LANE_ROLES: Record<AudioTrack, FramedAudioLane['role']> = { voice: 'dialogue', music: 'music', temp: 'effects' };

/**
 * The clips as lanes in frames at `fps` (Voice-over, Music, Temp; empty lanes left out), placed
 * against the record frames where each shot starts: what an editor's timeline gets. Levels and
 * fades stay in Shotline's mix; the writers carry placement and trims.
 */
export function framedAudioLanes(clips: readonly AudioClip[], shotStartFrames: ReadonlyMap<string, number>, fps: FrameRateLike): FramedAudioLane[] {
  const starts = new Map([...shotStartFrames].map(([id, frame]) => [id, framesToSeconds(frame, fps)]));
  const { placed } = placeAudioClips(clips, starts);
  const frames = (seconds: number) => secondsToFrames(Math.max(0, seconds), fps);
  const lanes: FramedAudioLane[] = [];
  for (const { track, label } of AUDIO_TRACKS) {
    const mine = placed.filter((p) => p.clip.track === track);
    const laneClips = mine.flatMap((p) => {
      const mediaFrames = Math.max(1, Math.floor(p.clip.durationSeconds * fpsOf(fps) + 1e-9));
      const inFrame = Math.min(frames(p.inSeconds), mediaFrames - 1);
      const outFrame = Math.min(inFrame + frames(p.lengthSeconds), mediaFrames);
      return outFrame > inFrame ? [{ name: p.clip.name, file: p.clip.file, mediaFrames, inFrame, outFrame, at: frames(p.startSeconds) }] : [];
    });
    if (laneClips.length) lanes.push({ name: label, role: LANE_ROLES[track], clips: laneClips });
  }
  return lanes;
}
