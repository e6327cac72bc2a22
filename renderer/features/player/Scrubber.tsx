/**
 * The sequence ruler under the player: one block per shot (width by duration, the current one
 * highlighted) and the playhead. Click or drag to scrub; arrow keys step a second, Home/End
 * jump to the ends. Only this and the player read the playhead.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatSeconds } from '../../format/duration';
import { useApp } from '../../state/store-context';
import type { PlaybackSegment } from './sequence-playback';

export function Scrubber({ segments, total }: { segments: readonly PlaybackSegment[]; total: number }) {
  const playhead = useApp((s) => s.playhead);
  const playingShotId = useApp((s) => s.playingShotId);
  const seekTo = useApp((s) => s.seekTo);
  const bar = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const seekAt = (clientX: number) => {
    const rect = bar.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || total <= 0) return;
    seekTo(((clientX - rect.left) / rect.width) * total);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    seekAt(e.clientX);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) seekAt(e.clientX);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 5 : 1;
    if (e.key === 'ArrowLeft') seekTo(playhead - step);
    else if (e.key === 'ArrowRight') seekTo(playhead + step);
    else if (e.key === 'Home') seekTo(0);
    else if (e.key === 'End') seekTo(total);
    else return;
    e.preventDefault();
  };
  const pct = (s: number) => (total > 0 ? `${(s / total) * 100}%` : '0%');

  return (
    <div
      ref={bar}
      className="scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Playhead"
      aria-valuemin={0}
      aria-valuemax={Math.round(total * 100) / 100}
      aria-valuenow={Math.round(playhead * 100) / 100}
      aria-valuetext={`${formatSeconds(playhead)} of ${formatSeconds(total)}`}
      data-testid="scrubber"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (dragging.current = false)}
      onKeyDown={onKeyDown}
    >
      {segments.map((seg, i) => (
        <div
          key={seg.shotId}
          className={`scrubber-shot${seg.shotId === playingShotId ? ' is-current' : ''}${seg.take ? '' : ' no-take'}`}
          style={{ left: pct(seg.startSeconds), width: pct(seg.durationSeconds) }}
          title={`${i + 1}. ${seg.title || 'Untitled shot'}`}
          data-testid="scrubber-shot"
          data-shot-id={seg.shotId}
        >
          {i + 1}
        </div>
      ))}
      <div className="scrubber-playhead" style={{ left: pct(playhead) }} data-testid="playhead" />
    </div>
  );
}
