/**
 * The context menu of a shot card (right click, the menu key, or Shift+F10): duplicate,
 * delete, generate, move. Opened inside a selection of several shots, duplicate, generate,
 * delete and move to start/end act on all of them (one command each, one undo step). Closes on Escape, a click outside, or after a choice.
 */
import { useEffect, useRef } from 'react';
import { useApp, useAppStore } from '../state/store-context';

interface Item {
  label: string;
  hint?: string;
  testId: string;
  disabled?: boolean;
  danger?: boolean;
  run(): void;
}

export function CardMenu() {
  const menu = useApp((s) => s.cardMenu);
  const store = useAppStore();
  const ref = useRef<HTMLDivElement>(null);
  const index = useApp((s) => (menu ? s.shots.findIndex((x) => x.id === menu.shotId) : -1));
  const count = useApp((s) => s.shots.length);
  // Several selected and the menu opened on one of them: the batch items act on the selection.
  const batch = useApp((s) => (menu && s.selectedShotIds.length > 1 && s.selectedShotIds.includes(menu.shotId) ? s.selectedShotIds.length : 0));

  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && ref.current?.contains(event.target as Node)) return;
      store.getState().openCardMenu(null);
    };
    window.addEventListener('keydown', close);
    window.addEventListener('mousedown', close);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('keydown', close);
      window.removeEventListener('mousedown', close);
      window.removeEventListener('blur', close);
    };
  }, [menu, store]);

  if (!menu || index < 0) return null;
  const id = menu.shotId;
  const s = () => store.getState();
  const targets = () => (batch ? s().selectionInOrder() : [id]);
  const many = batch ? ` ${batch} selected` : '';
  const items: Item[] = [
    { label: `Duplicate${many}`, hint: 'D', testId: 'menu-duplicate', run: () => void s().duplicateShots(targets()) },
    { label: `Generate${many}`, hint: 'G', testId: 'menu-generate', run: () => void s().generateShots(targets()) },
    batch
      ? { label: `Move${many} to start`, testId: 'menu-move-start', run: () => void s().moveShotsTo(targets(), 'start') }
      : { label: 'Move to start', testId: 'menu-move-start', disabled: index === 0, run: () => void s().moveShotTo(id, 0) },
    { label: 'Move left', hint: 'Alt+←', testId: 'menu-move-left', disabled: index === 0, run: () => void s().moveShotBy(id, -1) },
    { label: 'Move right', hint: 'Alt+→', testId: 'menu-move-right', disabled: index >= count - 1, run: () => void s().moveShotBy(id, 1) },
    batch
      ? { label: `Move${many} to end`, testId: 'menu-move-end', run: () => void s().moveShotsTo(targets(), 'end') }
      : { label: 'Move to end', testId: 'menu-move-end', disabled: index >= count - 1, run: () => void s().moveShotTo(id, count - 1) },
    { label: `Delete${many}`, hint: 'Del', testId: 'menu-delete', danger: true, run: () => void s().deleteShots(targets()) },
  ];
  // Stay inside the window.
  const x = Math.min(menu.x, window.innerWidth - 220);
  const y = Math.min(menu.y, window.innerHeight - items.length * 34 - 16);

  return (
    <div className="card-menu" role="menu" aria-label={batch ? `${batch} selected shots` : `Shot ${index + 1}`} ref={ref} style={{ left: x, top: y }} data-testid="card-menu">
      {items.map((item) => (
        <button
          key={item.testId}
          type="button"
          role="menuitem"
          className={item.danger ? 'danger-text' : undefined}
          disabled={item.disabled}
          data-testid={item.testId}
          onClick={() => {
            s().openCardMenu(null);
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.hint && <kbd>{item.hint}</kbd>}
        </button>
      ))}
    </div>
  );
}
