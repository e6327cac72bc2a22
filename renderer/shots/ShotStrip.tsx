/**
 * The shots in order, left to right. Reorder by dragging (pointer, or Space then arrows), by
 * Alt+Arrow on a card, or with the editor's move buttons; every way ends in one `shots.move`.
 */
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { horizontalListSortingStrategy, SortableContext, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useApp, useAppShallow } from '../state/store-context';
import { ShotCard } from './ShotCard';

export function ShotStrip() {
  const shots = useAppShallow((s) => s.shots);
  const selectedShotId = useApp((s) => s.selectedShotId);
  const { selectShot, addShot, moveShotTo, moveShotBy } = useAppShallow((s) => ({
    selectShot: s.selectShot,
    addShot: s.addShot,
    moveShotTo: s.moveShotTo,
    moveShotBy: s.moveShotBy,
  }));
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still selects.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter selects a card; only Space starts a keyboard drag.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const ids = shots.map((s) => s.id);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    void moveShotTo(String(active.id), ids.indexOf(String(over.id)));
  }

  return (
    <section className="shot-strip-wrap" aria-label="Shots">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
          <ol className="shot-strip" data-testid="shot-strip">
            {shots.map((shot, index) => (
              <ShotCard
                key={shot.id}
                shot={shot}
                index={index}
                selected={shot.id === selectedShotId}
                onSelect={selectShot}
                onMove={(id, delta) => void moveShotBy(id, delta)}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <button
        type="button"
        className="shot-add primary"
        data-testid="add-shot"
        title={selectedShotId ? 'Add a shot after the selected one' : 'Add a shot at the end'}
        onClick={() => void addShot()}
      >
        + Add shot
      </button>
    </section>
  );
}
