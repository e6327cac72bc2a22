import { describe, expect, it } from 'vitest';
import {
  SHOT_LETTERS,
  letterIndex,
  lettersAt,
  lettersBetween,
  nextLetters,
  renumberedScenes,
  renumberedShots,
  sceneNumberBetween,
  shotLetters,
  shotNumberBetween,
} from '../../shared/shot-numbers';

const none = new Set<string>();

describe('the letter series', () => {
  it('skips I and O', () => {
    expect(SHOT_LETTERS).toHaveLength(24);
    expect(SHOT_LETTERS).not.toMatch(/[IO]/);
  });

  it('counts A..Z then AA.. like spreadsheet columns', () => {
    expect([1, 2, 8, 9, 24, 25, 26, 48, 49, 24 * 25, 24 * 25 + 1].map(lettersAt)).toEqual(['A', 'B', 'H', 'J', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('reads back what it writes, for the first thousands', () => {
    for (let n = 1; n <= 5000; n += 1) expect(letterIndex(lettersAt(n))).toBe(n);
    expect(letterIndex('I')).toBeNull();
    expect(letterIndex('a')).toBeNull();
    expect(letterIndex('')).toBeNull();
    expect(() => lettersAt(0)).toThrow(RangeError);
  });

  it('steps on with carry', () => {
    expect(['A', 'H', 'N', 'Z', 'AZ', 'ZZ'].map(nextLetters)).toEqual(['B', 'J', 'P', 'AA', 'BA', 'AAA']);
  });
});

describe('a new shot between two others', () => {
  it('follows the issue: 4A, 4B -> 4AA, then 4AB; 4A, 4AA -> 4AAA', () => {
    const used = new Set(['A', 'B']);
    expect(lettersBetween('A', 'B', used)).toBe('AA');
    used.add('AA');
    expect(lettersBetween('AA', 'B', used)).toBe('AB');
    expect(lettersBetween('A', 'AA', used)).toBe('AAA');
    used.add('AB').add('AAA');
    expect(lettersBetween('AB', 'B', used)).toBe('AC');
    expect(lettersBetween('A', 'AAA', used)).toBe('AAAA');
  });

  it('appends at the end of a scene with the next letters, skipping taken ones', () => {
    expect(lettersBetween(null, null, none)).toBe('A');
    expect(lettersBetween('C', null, new Set(['A', 'B', 'C']))).toBe('D');
    expect(lettersBetween('H', null, new Set(['H']))).toBe('J');
    expect(lettersBetween('Z', null, new Set(['Z']))).toBe('AA');
    // B was deleted and C is still there but earlier in the order: the next free one.
    expect(lettersBetween('B', null, new Set(['B', 'C', 'D']))).toBe('E');
    // The last shot is an insert: the one after it.
    expect(lettersBetween('AA', null, new Set(['A', 'AA']))).toBe('AB');
  });

  it('never steps past the next shot or onto a taken number', () => {
    // C is taken elsewhere in the scene: B, D -> BA rather than C.
    expect(lettersBetween('B', 'D', new Set(['B', 'C', 'D']))).toBe('BA');
    // Stepping AZ would leave the letters: extend instead.
    expect(lettersBetween('AZ', 'B', new Set(['AZ', 'B']))).toBe('AZA');
    // H steps to J (no I).
    expect(lettersBetween('H', 'K', new Set(['H', 'K']))).toBe('J');
  });

  it('inserts before the first shot as A, AA, AAA... whichever is free', () => {
    expect(lettersBetween(null, 'B', new Set(['B']))).toBe('A');
    expect(lettersBetween(null, 'A', new Set(['A', 'B']))).toBe('AA');
    expect(lettersBetween(null, 'AA', new Set(['A', 'AA']))).toBe('AAA');
  });

  it('a long run of inserts at the same place stays unique', () => {
    const used = new Set(['A', 'B']);
    let prev = 'A';
    for (let i = 0; i < 200; i += 1) {
      const letters = lettersBetween(prev, 'B', used);
      expect(used.has(letters)).toBe(false);
      expect(letterIndex(letters)).not.toBeNull();
      used.add(letters);
      prev = letters;
    }
    // And inserting always right after A (before the last insert) too.
    for (let i = 0; i < 50; i += 1) {
      const letters = lettersBetween('A', [...used].find((u) => u.startsWith('A') && u !== 'A') ?? 'B', used);
      expect(used.has(letters)).toBe(false);
      used.add(letters);
    }
  });
});

describe('full shot numbers', () => {
  it('prefix the scene number, and read the letters back', () => {
    expect(shotNumberBetween('4', '4A', '4B', ['4A', '4B'])).toBe('4AA');
    expect(shotNumberBetween('12A', '12AA', null, ['12AA'])).toBe('12AB');
    expect(shotNumberBetween('7', null, null, [])).toBe('7A');
    expect(shotLetters('4', '4AB')).toBe('AB');
    expect(shotLetters('12A', '12AB')).toBe('B');
    expect(shotLetters('4', '5A')).toBeNull();
    expect(shotLetters('4', '4')).toBeNull();
  });

  it('ignores numbers of other scenes when looking for a free one', () => {
    expect(shotNumberBetween('4', '4A', null, ['4A', '5B'])).toBe('4B');
  });

  it('renumbers in order', () => {
    expect(renumberedShots('3', 3)).toEqual(['3A', '3B', '3C']);
    expect(renumberedShots('3', 26).slice(-3)).toEqual(['3Z', '3AA', '3AB']);
    expect(renumberedScenes(3)).toEqual(['1', '2', '3']);
  });
});

describe('scene numbers', () => {
  it('counts on at the end', () => {
    expect(sceneNumberBetween(null, null, [])).toBe('1');
    expect(sceneNumberBetween('4', null, ['1', '2', '3', '4'])).toBe('5');
    expect(sceneNumberBetween('12A', null, ['12', '12A'])).toBe('13');
    // A scene moved earlier still counts: the next after the largest.
    expect(sceneNumberBetween('2', null, ['2', '9'])).toBe('10');
  });

  it('inserts with letters between two scenes', () => {
    expect(sceneNumberBetween('4', '5', ['4', '5'])).toBe('4A');
    expect(sceneNumberBetween('4A', '5', ['4', '4A', '5'])).toBe('4B');
    expect(sceneNumberBetween('4', '4A', ['4', '4A', '5'])).toBe('4B');
    expect(sceneNumberBetween('H2', 'H3', ['H2', 'H3'])).toBe('H2A');
  });

  it('inserts before the first scene as 0, then 0A', () => {
    expect(sceneNumberBetween(null, '1', ['1'])).toBe('0');
    expect(sceneNumberBetween(null, '0', ['0', '1'])).toBe('0A');
  });
});
