/** Order helpers for the shot strip. Main owns the order keys; these only read them. */
import type { Shot } from '../../shared/domain';

/**
 * Sorts shots by their fractional order key. Keys are compared by code unit, not by locale,
 * because that is how fractional-indexing (and SQLite's default collation) orders them.
 */
export function sortShots(shots: readonly Shot[]): Shot[] {
  return [...shots].sort((a, b) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0));
}

/**
 * The `afterId` for `shots.move` that takes the shot at `from` to position `to` (indexes in the
 * current order): the shot that will sit right before it, or null for the front. Returns
 * undefined when the move changes nothing or an index is out of range.
 */
export function afterIdForMove(ids: readonly string[], from: number, to: number): string | null | undefined {
  if (from === to || from < 0 || to < 0 || from >= ids.length || to >= ids.length) return undefined;
  const rest = ids.filter((_, i) => i !== from);
  // After removing the shot, the one before slot `to` is at rest[to - 1].
  return to === 0 ? null : (rest[to - 1] ?? null);
}
