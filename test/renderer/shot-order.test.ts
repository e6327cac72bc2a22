import { describe, expect, it } from 'vitest';
import { afterIdForMove, sortShots } from '../../renderer/state/shot-order';
import { makeShot } from './fake-client';

describe('afterIdForMove', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it('names the shot that will sit before the moved one', () => {
    expect(afterIdForMove(ids, 3, 0)).toBeNull();
    expect(afterIdForMove(ids, 0, 1)).toBe('b');
    expect(afterIdForMove(ids, 0, 3)).toBe('d');
    expect(afterIdForMove(ids, 3, 1)).toBe('a');
    expect(afterIdForMove(ids, 1, 2)).toBe('c');
  });
  it('returns undefined for no move or out-of-range indexes', () => {
    expect(afterIdForMove(ids, 2, 2)).toBeUndefined();
    expect(afterIdForMove(ids, -1, 0)).toBeUndefined();
    expect(afterIdForMove(ids, 0, 4)).toBeUndefined();
  });
});

describe('sortShots', () => {
  it('orders by code unit as fractional-indexing does (digits < upper < lower), not by locale', () => {
    const keys = ['a1', 'Zz', 'a0V', 'a0', 'b00'];
    const sorted = sortShots(keys.map((k) => makeShot(k))).map((s) => s.orderKey);
    expect(sorted).toEqual(['Zz', 'a0', 'a0V', 'a1', 'b00']);
  });
});
