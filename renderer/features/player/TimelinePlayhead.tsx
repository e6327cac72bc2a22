/**
 * The playhead drawn over the timeline's cards: inside the card of the shot playing, as far
 * along as the playhead is through that shot. Card positions are the timeline's (it passes
 * `positionOf`); the time comes from the player. Only this reads the playhead in the timeline,
 * so the cards do not re-render while the sequence plays.
 */
import { useMemo } from 'react';
import { DEFAULT_FRAME_RATE } from '../../../shared/frame-rate';
import { useApp } from '../../state/store-context';
import { buildSegments } from './sequence-playback';

/** Where the timeline drew a shot's card, in the strip's pixels. */
export interface CardPosition {
  start: number;
  size: number;
}

export function TimelinePlayhead({ positionOf }: { positionOf: (index: number) => CardPosition | null }) {
  const playingShotId = useApp((s) => (s.soloTake ? null : s.playingShotId));
  const playhead = useApp((s) => s.playhead);
  const shots = useApp((s) => s.shots);
  const takes = useApp((s) => s.playerTakes);
  const fps = useApp((s) => s.project?.format.fps ?? DEFAULT_FRAME_RATE);
  const segments = useMemo(() => buildSegments(shots, takes, fps).segments, [shots, takes, fps]);
  if (!playingShotId) return null;
  const index = segments.findIndex((x) => x.shotId === playingShotId);
  const seg = segments[index];
  const pos = index >= 0 ? positionOf(index) : null;
  if (!seg || !pos) return null;
  const fraction = seg.durationSeconds > 0 ? Math.min(1, Math.max(0, (playhead - seg.startSeconds) / seg.durationSeconds)) : 0;
  return <li aria-hidden="true" className="timeline-playhead" style={{ left: pos.start + fraction * pos.size }} data-testid="timeline-playhead" />;
}
