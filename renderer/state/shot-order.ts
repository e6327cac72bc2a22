/** Order helpers for the shot strip. Main owns the order keys; these only read them. */
import type { Scene, Shot } from '../../shared/domain';

const byKey = (a: { orderKey: string }, b: { orderKey: string }) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0);

/** Scenes in order (by their fractional order key). */
export function sortScenes(scenes: readonly Scene[]): Scene[] {
  return [...scenes].sort(byKey);
}

/**
 * Sorts shots into sequence order: by scene (in `scenes` order), then by their fractional order
 * key within the scene. Keys are compared by code unit, not by locale, because that is how
 * fractional-indexing (and SQLite's default collation) orders them. Without scenes, by key.
 */
export function sortShots(shots: readonly Shot[], scenes: readonly Scene[] = []): Shot[] {
  const place = new Map(sortScenes(scenes).map((s, i) => [s.id, i]));
  return [...shots].sort((a, b) => (place.get(a.sceneId) ?? -1) - (place.get(b.sceneId) ?? -1) || byKey(a, b));
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
