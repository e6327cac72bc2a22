/**
 * "Reference sheet" on an element: queues a sheet (turnaround, key angles) from the element's
 * words and images. The price is checked by main against the budget, so no estimate is shown
 * here; the button shows how the latest sheet job of the element stands, and the image itself
 * arrives with `element.updated`.
 */
import type { Element } from '../../shared/domain';
import { FINISHED_JOB_STATES } from '../state/queue-slice';
import { useApp, useAppStore } from '../state/store-context';

const SHEET_WORDS: Record<string, string> = { done: 'Sheet added', failed: 'Sheet failed', refused: 'Sheet refused', cancelled: 'Sheet cancelled' };

export function SheetButton({ element }: { element: Element }) {
  const store = useAppStore();
  // The newest sheet job of this element (jobOrder is newest first).
  const status = useApp((s) => {
    const id = s.jobOrder.find((j) => s.jobs[j]?.kind === 'sheet' && s.jobs[j]?.elementId === element.id);
    return id ? s.jobs[id]!.status : null;
  });
  const running = status !== null && !FINISHED_JOB_STATES.has(status);

  return (
    <button
      type="button"
      className="small-button element-sheet"
      data-testid="element-sheet"
      data-status={status ?? undefined}
      disabled={running}
      aria-label={`Reference sheet for @${element.name}`}
      title="Make a reference sheet (turnaround, key angles) from this element's description and images"
      onClick={() => void store.getState().generateSheet(element.id)}
    >
      {running ? 'Sheet queued…' : status ? (SHEET_WORDS[status] ?? 'Reference sheet') : 'Reference sheet'}
    </button>
  );
}
