/**
 * Keyboard shortcuts of the project view: N new shot, D duplicate, Delete, G generate (these
 * three act on every selected shot), Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redo, Space
 * play/pause, arrows to move between shots (Up/Down by a row in the grid), Escape to keep only
 * the primary shot selected.
 * Typing in a field keeps its own keys (and its own text undo); a focused card keeps Space for
 * picking it up to drag.
 */
import { useEffect } from 'react';
import type { AppStore } from '../state/app-store';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** What a key does, or null when it is not a shortcut here. Exported for tests. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y') return 'redo';
  if (mod || event.altKey) return null;
  switch (key) {
    case 'n':
      return 'add';
    case 'd':
      return 'duplicate';
    case 'g':
      return 'generate';
    case 'delete':
    case 'backspace':
      return 'delete';
    case ' ':
      return 'play';
    case 'arrowleft':
      return 'previous';
    case 'arrowright':
      return 'next';
    case 'arrowup':
      return 'up';
    case 'arrowdown':
      return 'down';
    case 'escape':
      return 'collapse';
    default:
      return null;
  }
}

export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || isTyping(event.target)) return;
      const action = shortcutFor(event);
      if (!action) return;
      const onCard = event.target instanceof HTMLElement && event.target.closest('[data-testid="shot-card"]') !== null;
      if (action === 'play' && onCard) return; // dnd-kit: Space picks the card up
      if (event.target instanceof HTMLButtonElement && (action === 'play' || event.key === 'Enter')) return;
      const s = store.getState();
      // Escape belongs to an open menu or dialog first; it only narrows the selection otherwise.
      if (action === 'collapse' && (s.cardMenu || s.selectedShotIds.length < 2)) return;
      const selection = s.selectionInOrder();
      // A grid row is `gridColumns` cards; the timeline is one row.
      const row = s.timelineView === 'grid' ? s.gridColumns : 1;
      event.preventDefault();
      switch (action) {
        case 'undo':
          return void s.undo();
        case 'redo':
          return void s.redo();
        case 'add':
          return void s.addShot();
        case 'duplicate':
          return void (selection.length > 0 && s.duplicateShots(selection));
        case 'delete':
          return void (selection.length > 0 && s.deleteShots(selection));
        case 'generate':
          return void (selection.length > 0 && s.generateShots(selection));
        case 'play':
          return s.togglePlay();
        case 'previous':
          return s.selectShotBy(-1);
        case 'next':
          return s.selectShotBy(1);
        case 'up':
          return s.selectShotBy(-row);
        case 'down':
          return s.selectShotBy(row);
        case 'collapse':
          return s.collapseSelection();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
