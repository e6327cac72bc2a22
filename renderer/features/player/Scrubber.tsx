/**
 * The sequence ruler under the player: the shots as bands of one background gradient (width by
 * duration, alternating shades, shots without a take darker), the current shot outlined, and
 * the playhead. Three elements whatever the length of the film: a 1,000-shot project costs no
 * more to open than a short one. Hovering names the shot under the pointer. Click or drag to
 * scrub; arrow keys step a second, Home/End jump to the ends. Only this and the player read the
 * playhead.
 */
import { useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatSeconds } from '../../format/duration';
import { useApp } from '../../state/store-context';
import { segmentIndexAt, type PlaybackSegment } from './sequence-playback';

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
  const bands = useMemo(() => bandsGradient(segments, total), [segments, total]);
  const current = segments.find((seg) => seg.shotId === playingShotId) ?? null;
  const currentIndex = current ? segments.indexOf(current) : -1;

  // The tooltip follows the pointer without re-rendering: written straight onto the element.
  const nameShotAt = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || total <= 0) return;
    const i = segmentIndexAt(segments, ((e.clientX - rect.left) / rect.width) * total);
    const seg = segments[i];
    e.currentTarget.title = seg ? `${seg.number}. ${seg.title || 'Untitled shot'}${seg.take ? '' : ' (no take)'}` : '';
  };

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
      onPointerMove={(e) => {
        nameShotAt(e);
        onPointerMove(e);
      }}
      style={{ backgroundImage: bands }}
      data-shots={segments.length}
      onPointerUp={() => (dragging.current = false)}
      onKeyDown={onKeyDown}
    >
      {current && (
        <div
          className="scrubber-current"
          style={{ left: pct(current.startSeconds), width: pct(current.durationSeconds) }}
          data-testid="scrubber-current"
          data-shot-id={current.shotId}
        >
          {currentIndex + 1}
        </div>
      )}
      <div className="scrubber-playhead" style={{ left: pct(playhead) }} data-testid="playhead" />
    </div>
  );
}

/** Shades of the bands: alternating for shots with a take, darker for shots without one. */
const SHADES = ['var(--surface-3)', 'var(--scrubber-alt)'];
const NO_TAKE = 'var(--bg)';

/** One `linear-gradient` with a hard-edged band per shot. Exported for tests. */
export function bandsGradient(segments: readonly PlaybackSegment[], total: number): string {
  if (segments.length === 0 || total <= 0) return 'none';
  const stops: string[] = [];
  const at = (s: number) => `${Math.round((s / total) * 1e5) / 1e3}%`;
  segments.forEach((seg, i) => {
    const colour = seg.take ? SHADES[i % 2]! : NO_TAKE;
    stops.push(`${colour} ${at(seg.startSeconds)} ${at(seg.startSeconds + seg.durationSeconds)}`);
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

