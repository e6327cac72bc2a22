/**
 * The shots in order: a horizontal timeline with cards as wide as their duration, each scene
 * starting with its band's head (number, heading, shots, running time, fold), or a compact
 * grid. Virtualised (only cards on screen exist), so a 1,000-shot film opens at once and
 * scrolls smoothly. Reorder by dragging a card (pointer, or Space then arrows), Alt+Arrow, or
 * the card menu; every way ends in one `shots.move`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  closestCenter,
  DndContext,
  getClientRect,
  KeyboardSensor,
  pointerWithin,
  PointerSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type MeasuringConfiguration,
} from '@dnd-kit/core';
import {
  horizontalListSortingStrategy,
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
} from '@dnd-kit/sortable';
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useApp, useAppStore } from '../state/store-context';
import { EmptyTimeline } from './EmptyTimeline';
import { SceneBand, sceneIdOfDrop } from './SceneBand';
import { SceneEditor } from './SceneEditor';
import { ShotCard } from './ShotCard';
import { buildStrip, CARD_GAP, GRID_CARD_WIDTH, GRID_ROW_HEIGHT, gridColumns, SCENE_BAND_WIDTH, screenSeconds, timelineCardWidth } from './timeline-layout';
import './timeline.css';
import { TimelinePlayhead } from '../features/player/TimelinePlayhead';

/**
 * Cards and scene heads are placed by the virtualiser with a CSS transform; dnd-kit's default
 * measuring ignores transforms (to discount its own sorting shift), which would put every target
 * at the strip's start. Measured with the transform (taken when a drag starts, before any shift),
 * each target is where it is on screen.
 */
const MEASURING: MeasuringConfiguration = { droppable: { measure: (element) => getClientRect(element) } };

/** The target under the pointer (a scene head, a card); else the nearest (keyboard drags). */
const collisions: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length > 0 ? under : closestCenter(args);
};

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
  const store = useAppStore();
  const moveShotTo = useApp((s) => s.moveShotTo);
  const scenes = useApp((s) => s.scenes);
  const [editingSceneId, setEditingSceneId] = useState<string | null>(null);
  const editingScene = scenes.find((s) => s.id === editingSceneId) ?? null;
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_RECT.width);
  const grid = view === 'grid';
  const columns = grid ? gridColumns(width) : 1;
  // Timeline view: scene heads between the shots (folded scenes show only their head). The grid
  // shows every shot, in sequence order, without heads.
  const strip = useMemo(
    () => buildStrip(shots, scenes, (shot) => (shot.selectedTakeId ? takesById[shot.selectedTakeId]?.durationSeconds : null)),
    [shots, scenes, takesById],
  );
  const rows = grid ? Math.ceil(shots.length / columns) : strip.items.length;
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
        const item = strip.items[i];
        if (item?.kind === 'scene') return SCENE_BAND_WIDTH + CARD_GAP;
        const shot = item?.shot;
        const seconds = shot ? screenSeconds(shot, shot.selectedTakeId ? takesById[shot.selectedTakeId]?.durationSeconds : null) : 4;
        return timelineCardWidth(seconds) + CARD_GAP;
      },
      [grid, strip, takesById],
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
  useEffect(() => virtualizer.measure(), [virtualizer, strip, takesById, grid, columns]);

  // Keep the selected card on screen (keyboard navigation, a new shot, undo).
  useEffect(() => {
    const i = shots.findIndex((s) => s.id === selectedShotId);
    const target = grid ? Math.floor(i / columns) : (strip.itemOfShot[i] ?? -1);
    if (i >= 0 && target >= 0) virtualizer.scrollToIndex(target, { align: 'auto' });
  }, [selectedShotId, shots, strip, grid, columns, virtualizer]);

  const ids = shots.map((s) => s.id);
  const sortableIds = grid ? ids : strip.items.flatMap((item) => (item.kind === 'shot' ? [item.shot.id] : []));
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    // Dropped on a scene's head: to the start of that scene.
    const sceneId = sceneIdOfDrop(String(over.id));
    if (sceneId) void store.getState().moveShotToScene(String(active.id), sceneId);
    else void moveShotTo(String(active.id), ids.indexOf(String(over.id)));
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
        {scenes.length > 0 && (
          <button type="button" data-testid="renumber-film" title="Number the scenes 1, 2, 3… and each scene's shots A, B, C… in order (undoable)" onClick={() => void store.getState().renumber()}>
            Renumber
          </button>
        )}
        <button
          type="button"
          data-testid="add-scene"
          title={selectedShotId ? 'Add a scene after the selected shot’s scene' : 'Add a scene at the end'}
          onClick={() => void store.getState().addScene()}
        >
          + Add scene
        </button>
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
      {editingScene && <SceneEditor key={editingScene.id} scene={editingScene} onClose={() => setEditingSceneId(null)} />}
      {shots.length === 0 && scenes.length === 0 ? (
        <EmptyTimeline />
      ) : (
        <div className="timeline-scroller" ref={scroller} data-testid="timeline-scroller">
          <DndContext sensors={sensors} collisionDetection={collisions} measuring={MEASURING} onDragEnd={onDragEnd}>
            <SortableContext items={sortableIds} strategy={grid ? rectSortingStrategy : horizontalListSortingStrategy}>
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
                      const entry = strip.items[item.index]!;
                      const style = { position: 'absolute', top: 0, left: 0, transform: `translateX(${item.start}px)` } as const;
                      if (entry.kind === 'scene') {
                        return (
                          <SceneBand
                            key={`scene-${entry.scene.id}`}
                            scene={entry.scene}
                            shotCount={entry.shotCount}
                            seconds={entry.seconds}
                            width={item.size - CARD_GAP}
                            style={style}
                            onEdit={setEditingSceneId}
                          />
                        );
                      }
                      const shot = entry.shot;
                      return (
                        <ShotCard
                          key={shot.id}
                          shot={shot}
                          index={entry.index}
                          selected={shot.id === selectedShotId}
                          inSelection={multi?.has(shot.id) ?? false}
                          width={item.size - CARD_GAP}
                          sceneColor={entry.scene?.color ?? null}
                          style={style}
                        />
                      );
                    })}
                {!grid && (
                  <TimelinePlayhead
                    positionOf={(i) => {
                      const m = virtualizer.measurementsCache[strip.itemOfShot[i] ?? -1];
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
