/** One shot in the strip: number, title, duration and the first line of its prompt. Draggable. */
import type { KeyboardEvent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { Shot } from '../../shared/domain';
import { firstLine, formatSeconds } from '../format/duration';

export interface ShotCardProps {
  shot: Shot;
  index: number;
  selected: boolean;
  onSelect(id: string): void;
  /** Alt+Arrow keys: move without entering drag mode. */
  onMove(id: string, delta: -1 | 1): void;
}

export function ShotCard({ shot, index, selected, onSelect, onMove }: ShotCardProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: shot.id });
  const prompt = firstLine(shot.prompt);

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      onMove(shot.id, event.key === 'ArrowLeft' ? -1 : 1);
      return;
    }
    if (event.key === 'Enter') {
      onSelect(shot.id);
      return;
    }
    // Space picks the card up for a keyboard drag (dnd-kit's sensor).
    listeners?.onKeyDown?.(event);
  }

  return (
    <li
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={() => onSelect(shot.id)}
      className={`shot-card${selected ? ' is-selected' : ''}${isDragging ? ' is-dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-current={selected ? 'true' : undefined}
      aria-label={`Shot ${index + 1}: ${shot.title || 'Untitled'}`}
      data-testid="shot-card"
      data-shot-id={shot.id}
    >
      <div className="shot-card-head">
        <span className="shot-card-number" data-testid="shot-card-number">
          {index + 1}
        </span>
        <span className="shot-card-seconds" data-testid="shot-card-seconds">
          {formatSeconds(shot.seconds)}
        </span>
      </div>
      <div className={`shot-card-title${shot.title ? '' : ' muted'}`} data-testid="shot-card-title">
        {shot.title || 'Untitled'}
      </div>
      <div className={`shot-card-prompt${prompt ? '' : ' muted'}`} data-testid="shot-card-prompt">
        {prompt || 'No prompt yet'}
      </div>
    </li>
  );
}
