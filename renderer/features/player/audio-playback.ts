/**
 * What each audio clip's <audio> element should be doing at a moment of the sequence: sounding
 * or not, at which second of its file, at which volume (its gain and fades, from
 * shared/audio-placement.ts, the same numbers the export mixes with). Pure, so it is tested
 * without a browser.
 */
import { clipGainAt, type PlacedAudioClip } from '../../../shared/audio-placement';

export interface ClipCue {
  clipId: string;
  /** True while the sequence time is inside the clip. */
  active: boolean;
  /** Second of the clip's file to play at this moment. */
  fileTime: number;
  /**
   * Element volume 0..1. A media element cannot play louder than its file, so a clip raised
   * above 0 dB plays at full volume here (the export applies the whole gain).
   */
  volume: number;
}

export function cuesAt(placed: readonly PlacedAudioClip[], t: number): ClipCue[] {
  return placed.map((p) => {
    const active = t >= p.startSeconds && t < p.endSeconds;
    const fileTime = active ? p.inSeconds + (t - p.startSeconds) : p.inSeconds;
    return { clipId: p.clip.id, active, fileTime, volume: Math.min(1, Math.max(0, clipGainAt(p, t))) };
  });
}
