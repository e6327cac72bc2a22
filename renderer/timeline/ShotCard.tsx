/**
 * One shot on the timeline: poster (selected take, else its newest still frame, else first
 * reference, else a placeholder),
 * number, title, duration, status with progress, price, and a continuity marker. It subscribes
 * to its own shot's job only, so progress events re-render one card, never the timeline.
 * Draggable to reorder; a drop target for images (references) and videos (takes).
 */
import { memo, useCallback, useEffect, useMemo, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { estimateShot } from '../../shared/cost';
import type { Shot, Take } from '../../shared/domain';
import { findVocabulary, SHOT_TYPES } from '../../shared/film-vocabulary';
import { dropOnShot } from '../dnd/drop-actions';
import { useFileDrop } from '../dnd/use-file-drop';
import { mediaUrl } from '../features/player/media-url';
import { firstLine, formatSeconds } from '../format/duration';
import { useApp, useAppStore } from '../state/store-context';
import { cardStatus } from './card-status';
import { screenSeconds } from './timeline-layout';

export interface ShotCardProps {
  shot: Shot;
  index: number;
  selected: boolean;
  /** Part of a selection of several shots (the primary one is `selected` too). */
  inSelection: boolean;
  /** Fixed width in pixels (timeline: proportional to duration; grid: equal). */
  width: number;
  /** Position from the virtualiser. */
  style: CSSProperties;
  /** The colour of the shot's scene band, when it has one (timeline view). */
  sceneColor?: string | null;
}

/** The newest ready still frame among a shot's loaded takes. */
function newestStill(ids: readonly string[] | undefined, takes: Record<string, Take>): Take | undefined {
  for (let i = (ids?.length ?? 0) - 1; i >= 0; i--) {
    const t = takes[ids![i]!];
    if (t && t.request.output === 'image' && t.status === 'ready') return t;
  }
  return undefined;
}

export const ShotCard = memo(function ShotCard({ shot, index, selected, inSelection, width, style, sceneColor = null }: ShotCardProps) {
  const store = useAppStore();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: shot.id });
  const job = useApp((s) => {
    const id = s.jobIdByShot[shot.id];
    return id ? s.jobs[id] : undefined;
  });
  const take = useApp((s) => (shot.selectedTakeId ? s.takesById[shot.selectedTakeId] : undefined));
  // Before a clip is chosen, the storyboard frame stands in for it.
  const still = useApp((s) => (shot.selectedTakeId ? undefined : newestStill(s.takeIdsByShot[shot.id], s.takesById)));
  const takesLoaded = useApp((s) => s.takeIdsByShot[shot.id] !== undefined);
  const registry = useApp((s) => s.registry);
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const playing = useApp((s) => s.playingShotId === shot.id);

  useEffect(() => {
    if ((shot.selectedTakeId && !take) || (!shot.selectedTakeId && !takesLoaded)) void store.getState().loadTakes(shot.id);
  }, [shot.selectedTakeId, shot.id, take, takesLoaded, store]);

  const price = useMemo(() => (registry ? estimateShot(registry, shot).text : ''), [registry, shot]);
  const status = cardStatus(job ?? null, shot.selectedTakeId !== null, index > 0 ? index : null);
  const drop = useFileDrop(useCallback((files: File[]) => dropOnShot(store.getState(), shot.id, files), [store, shot.id]));

  const posterPath = take?.files.poster ?? still?.files.poster ?? shot.references[0]?.path ?? null;
  const prompt = firstLine(shot.prompt);

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      event.stopPropagation();
      void store.getState().moveShotBy(shot.id, event.key === 'ArrowLeft' ? -1 : 1);
      return;
    }
    if (event.key === 'Enter') {
      store.getState().selectShot(shot.id);
      return;
    }
    if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      const box = event.currentTarget.getBoundingClientRect();
      store.getState().openCardMenu({ shotId: shot.id, x: box.left + 20, y: box.top + 40 });
      return;
    }
    // Space picks the card up for a keyboard drag (dnd-kit's sensor).
    listeners?.onKeyDown?.(event);
  }

  function onClick(event: MouseEvent) {
    const s = store.getState();
    if (event.ctrlKey || event.metaKey) s.toggleShotSelection(shot.id);
    else if (event.shiftKey) s.selectShotRange(shot.id);
    else s.selectShot(shot.id);
  }

  function onContextMenu(event: MouseEvent) {
    event.preventDefault();
    // A right-click inside a selection of several keeps it: the menu acts on all of them.
    if (!store.getState().selectedShotIds.includes(shot.id) || store.getState().selectedShotIds.length < 2) store.getState().selectShot(shot.id);
    store.getState().openCardMenu({ shotId: shot.id, x: event.clientX, y: event.clientY });
  }

  const classes = ['shot-card', `status-${status.kind}`];
  if (selected) classes.push('is-selected');
  if (inSelection) classes.push('in-selection');
  if (isDragging) classes.push('is-dragging');
  if (drop.over) classes.push('is-drop-target');
  if (playing) classes.push('is-playing');
  if (sceneColor) classes.push('in-scene');

  return (
    <li
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      {...drop.handlers}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onContextMenu={onContextMenu}
      className={classes.join(' ')}
      style={{
        ...style,
        width,
        transform: [style.transform, CSS.Translate.toString(transform)].filter(Boolean).join(' ') || undefined,
        transition,
        ...(sceneColor ? { ['--scene-color' as string]: sceneColor } : {}),
      }}
      aria-current={selected ? 'true' : undefined}
      data-selected={selected || inSelection ? 'true' : undefined}
      aria-label={`Shot ${shot.number || index + 1}: ${shot.title || 'Untitled'}, ${status.label}`}
      data-testid="shot-card"
      data-shot-id={shot.id}
      data-status={status.kind}
    >
      <div className="shot-card-poster" data-testid="shot-card-poster">
        {posterPath && mediaBase ? (
          <img src={mediaUrl(mediaBase, posterPath)} alt="" draggable={false} loading="lazy" decoding="async" />
        ) : (
          <div className="shot-card-placeholder" aria-hidden="true">
            {findVocabulary(SHOT_TYPES, shot.shotType)?.label ?? 'No picture yet'}
          </div>
        )}
        {!take && still && (
          <span className="shot-card-still" data-testid="shot-card-still" title="A still frame: no clip chosen yet">
            Still
          </span>
        )}
        <span className="shot-card-number" data-testid="shot-card-number" title={`Shot ${shot.number || index + 1}, number ${index + 1} in the sequence`}>
          {shot.number || index + 1}
        </span>
        {inSelection && (
          <span className="shot-card-check" aria-hidden="true">
            ✓
          </span>
        )}
        {shot.continuePrevious && (
          <span className="shot-card-continuity" data-testid="shot-card-continuity" title="Continues from the previous shot's last frame">
            ⟵ continues
          </span>
        )}
        {status.kind === 'rendering' && (
          <div className="shot-card-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((status.progress ?? 0) * 100)}>
            <div style={{ width: `${Math.round((status.progress ?? 0) * 100)}%` }} />
          </div>
        )}
      </div>
      <div className="shot-card-body">
        <div className="shot-card-head">
          <span className={`shot-card-title${shot.title ? '' : ' muted'}`} data-testid="shot-card-title">
            {shot.title || 'Untitled'}
          </span>
          <span className="shot-card-seconds" data-testid="shot-card-seconds" title="Length in the sequence">
            {formatSeconds(screenSeconds(shot, take?.durationSeconds))}
          </span>
        </div>
        <div className={`shot-card-prompt${prompt ? '' : ' muted'}`} data-testid="shot-card-prompt">
          {prompt || 'No prompt yet'}
        </div>
        <div className="shot-card-foot">
          <span className={`shot-card-status status-${status.kind}`} data-testid="shot-card-status" title={status.detail || undefined}>
            {status.label}
          </span>
          <span className="shot-card-price" data-testid="shot-card-price" title="Price of generating this shot">
            {price}
          </span>
        </div>
      </div>
      {(drop.error || drop.busy) && (
        <div className={`shot-card-drop${drop.error ? ' is-error' : ''}`} role={drop.error ? 'alert' : 'status'} data-testid="shot-card-drop-message">
          {drop.busy ? 'Adding…' : drop.error}
          {drop.error && (
            <button
              type="button"
              aria-label="Dismiss"
              onClick={(e) => {
                e.stopPropagation();
                drop.clearError();
              }}
            >
              ×
            </button>
          )}
        </div>
      )}
    </li>
  );
});
