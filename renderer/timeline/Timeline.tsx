/**
 * The shots in order: a horizontal timeline with cards as wide as their duration, or a compact
 * grid. Virtualised (only cards on screen exist), so a 1,000-shot film opens at once and
 * scrolls smoothly. Reorder by dragging a card (pointer, or Space then arrows), Alt+Arrow, or
 * the card menu; every way ends in one `shots.move`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  horizontalListSortingStrategy,
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
} from '@dnd-kit/sortable';
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useApp } from '../state/store-context';
import { EmptyTimeline } from './EmptyTimeline';
import { ShotCard } from './ShotCard';
import { CARD_GAP, GRID_CARD_WIDTH, GRID_ROW_HEIGHT, gridColumns, screenSeconds, timelineCardWidth } from './timeline-layout';
import './timeline.css';
import { TimelinePlayhead } from '../features/player/TimelinePlayhead';

/** Used when the scroller has no layout yet (first frame, or a test DOM without layout). */
const FALLBACK_RECT: Rect = { width: 1280, height: 720 };

/** The library's observer, with a fallback size for an element that measures 0 x 0. */
function observeRectWithFallback(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.width > 0 && rect.height > 0 ? rect : FALLBACK_RECT));
}

export function Timeline() {
  const shots = useApp((s) => s.shots);
  const takesById = useApp((s) => s.takesById);
  const selectedShotId = useApp((s) => s.selectedShotId);
  const selectedShotIds = useApp((s) => s.selectedShotIds);
  const setGridColumns = useApp((s) => s.setGridColumns);
  const view = useApp((s) => s.timelineView);
  const setView = useApp((s) => s.setTimelineView);
  const addShot = useApp((s) => s.addShot);
  const moveShotTo = useApp((s) => s.moveShotTo);
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_RECT.width);
  const grid = view === 'grid';
  const columns = grid ? gridColumns(width) : 1;
  const rows = grid ? Math.ceil(shots.length / columns) : shots.length;
  // A Set only when several are selected: one selected shot is the common case and costs nothing.
  const multi = selectedShotIds.length > 1 ? new Set(selectedShotIds) : null;

  // Up/Down in the grid move by a row: the shortcuts read how many cards a row holds.
  useEffect(() => setGridColumns(columns), [columns, setGridColumns]);

  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still selects.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter selects a card; only Space starts a keyboard drag.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    count: rows,
    horizontal: !grid,
    getScrollElement: () => scroller.current,
    estimateSize: useCallback(
      (i: number) => {
        if (grid) return GRID_ROW_HEIGHT + CARD_GAP;
        const shot = shots[i];
        const seconds = shot ? screenSeconds(shot, shot.selectedTakeId ? takesById[shot.selectedTakeId]?.durationSeconds : null) : 4;
        return timelineCardWidth(seconds) + CARD_GAP;
      },
      [grid, shots, takesById],
    ),
    overscan: grid ? 3 : 6,
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, cb) =>
      observeRectWithFallback(instance, (rect) => {
        setWidth(rect.width);
        cb(rect);
      }),
  });

  // For benchmarks and the e2e speed check: when the cards of a newly applied snapshot are on screen.
  useEffect(() => {
    if (shots.length > 0) performance.mark('shotline:timeline-rendered', { detail: { shots: shots.length } });
  }, [shots]);

  // Durations or the view changed: every size estimate is stale.
  useEffect(() => virtualizer.measure(), [virtualizer, shots, takesById, grid, columns]);

  // Keep the selected card on screen (keyboard navigation, a new shot, undo).
  useEffect(() => {
    const i = shots.findIndex((s) => s.id === selectedShotId);
    if (i >= 0) virtualizer.scrollToIndex(grid ? Math.floor(i / columns) : i, { align: 'auto' });
  }, [selectedShotId, shots, grid, columns, virtualizer]);

  const ids = shots.map((s) => s.id);
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    void moveShotTo(String(active.id), ids.indexOf(String(over.id)));
  }

  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();

  return (
    <section className={`timeline view-${view}`} aria-label="Shots" data-testid="timeline">
      <div className="timeline-toolbar">
        <h2 className="timeline-heading">Shots</h2>
        <div className="segmented" role="group" aria-label="Timeline view">
          <button type="button" aria-pressed={!grid} data-testid="view-timeline" onClick={() => setView('timeline')}>
            Timeline
          </button>
          <button type="button" aria-pressed={grid} data-testid="view-grid" onClick={() => setView('grid')}>
            Grid
          </button>
        </div>
        {multi && (
          <span className="timeline-selection" data-testid="selection-count" title="Ctrl/Cmd+click adds or removes a shot, Shift+click selects a range, Escape keeps one">
            {multi.size} selected
          </span>
        )}
        <span className="timeline-spacer" />
        <button
          type="button"
          className="shot-add primary"
          data-testid="add-shot"
          title={selectedShotId ? 'Add a shot after the selected one (N)' : 'Add a shot at the end (N)'}
          onClick={() => void addShot()}
        >
          + Add shot
        </button>
      </div>
      {shots.length === 0 ? (
        <EmptyTimeline />
      ) : (
        <div className="timeline-scroller" ref={scroller} data-testid="timeline-scroller">
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
            <SortableContext items={ids} strategy={grid ? rectSortingStrategy : horizontalListSortingStrategy}>
              <ol
                className="shot-strip"
                data-testid="shot-strip"
                style={grid ? { height: total, width: '100%' } : { width: total, height: '100%' }}
              >
                {grid
                  ? items.flatMap((row) =>
                      shots.slice(row.index * columns, row.index * columns + columns).map((shot, col) => {
                        const index = row.index * columns + col;
                        return (
                          <ShotCard
                            key={shot.id}
                            shot={shot}
                            index={index}
                            selected={shot.id === selectedShotId}
                            inSelection={multi?.has(shot.id) ?? false}
                            width={GRID_CARD_WIDTH}
                            style={{ position: 'absolute', top: 0, left: 0, transform: `translate(${col * (GRID_CARD_WIDTH + CARD_GAP)}px, ${row.start}px)` }}
                          />
                        );
                      }),
                    )
                  : items.map((item) => {
                      const shot = shots[item.index]!;
                      return (
                        <ShotCard
                          key={shot.id}
                          shot={shot}
                          index={item.index}
                          selected={shot.id === selectedShotId}
                          inSelection={multi?.has(shot.id) ?? false}
                          width={item.size - CARD_GAP}
                          style={{ position: 'absolute', top: 0, left: 0, transform: `translateX(${item.start}px)` }}
                        />
                      );
                    })}
                {!grid && (
                  <TimelinePlayhead
                    positionOf={(i) => {
                      const m = virtualizer.measurementsCache[i];
                      return m ? { start: m.start, size: m.size - CARD_GAP } : null;
                    }}
                  />
                )}
              </ol>
            </SortableContext>
          </DndContext>
        </div>
      )}
    </section>
  );
}
