/** The sound track laid out on the sequence as the player times it: one memo for the lanes and the playback. */
import { useMemo } from 'react';
import { placeAudioClips, type AudioLayout } from '../../../shared/audio-placement';
import { DEFAULT_FRAME_RATE } from '../../../shared/frame-rate';
import { useApp } from '../../state/store-context';
import { buildSegments, type PlaybackSegment } from '../player/sequence-playback';

export interface SoundLayout extends AudioLayout {
  segments: PlaybackSegment[];
  /** The sequence's length in seconds. */
  totalSeconds: number;
}

export function useSoundLayout(): SoundLayout {
  const shots = useApp((s) => s.shots);
  const takes = useApp((s) => s.playerTakes);
  const fps = useApp((s) => s.project?.format.fps ?? DEFAULT_FRAME_RATE);
  const clips = useApp((s) => s.audioClips);
  return useMemo(() => {
    const { segments, totalSeconds } = buildSegments(shots, takes, fps);
    const starts = new Map(segments.map((seg) => [seg.shotId, seg.startSeconds]));
    return { ...placeAudioClips(clips, starts), segments, totalSeconds };
  }, [shots, takes, fps, clips]);
}
