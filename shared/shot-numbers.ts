/**
 * Scene and shot numbers the way a film crew writes them, kept stable while the film is edited.
 *
 * A shot's number is its scene's number followed by letters: scene 4 holds 4A, 4B, 4C... Letters
 * skip I and O (they read as 1 and 0 on a call sheet), so the series is A..H, J..N, P..Z, then
 * AA, AB... (bijective base 24, like spreadsheet columns). A number never changes when other
 * shots are inserted, moved or deleted:
 *  - a shot added at the end of a scene takes the letters after the last shot's (4C -> 4D,
 *    4Z -> 4AA); an empty scene starts at A;
 *  - a shot inserted between two shots P and N first tries P with its last letter stepped up,
 *    when that still sorts before N (4AA, 4B -> 4AB); otherwise it is P with an A added
 *    (4A, 4B -> 4AA; 4A, 4AA -> 4AAA), with more As until the number is free;
 *  - a shot inserted before the first shot of a scene is numbered as an insert after nothing
 *    (A when free, else AA, AAA...).
 * Only an explicit renumber rewrites numbers: scenes 1..n, each scene's shots A, B, C... in order.
 * A scene inserted between scenes 4 and 5 is 4A (then 4B...), one at the end the next whole
 * number after the last one's (12A -> 13).
 *
 * Pure functions: no Node, no DOM; the store and the renderer's fake both use them.
 */

/** The letters shot numbers use, in order (no I, no O). */
export const SHOT_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const BASE = SHOT_LETTERS.length;

/** The `n`th letters of the series (1 -> A, 24 -> Z, 25 -> AA). */
export function lettersAt(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`letter index must be a whole number from 1, got ${n}`);
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / BASE)) out = SHOT_LETTERS[(rest - 1) % BASE]! + out;
  return out;
}

/** The position of `letters` in the series (A -> 1), or null when they are not shot letters. */
export function letterIndex(letters: string): number | null {
  if (!/^[A-Z]+$/.test(letters)) return null;
  let n = 0;
  for (const ch of letters) {
    const digit = SHOT_LETTERS.indexOf(ch);
    if (digit < 0) return null;
    n = n * BASE + digit + 1;
  }
  return n;
}

/** The letters after `letters` in the series (C -> D, Z -> AA, AZ -> BA). */
export function nextLetters(letters: string): string {
  const index = letterIndex(letters);
  return index === null ? 'A' : lettersAt(index + 1);
}

/** `letters` with the last letter stepped up (AA -> AB), or null after Z or for a non-letter. */
function bumpLast(letters: string): string | null {
  const last = SHOT_LETTERS.indexOf(letters.slice(-1));
  if (letters === '' || last < 0 || last === BASE - 1) return null;
  return letters.slice(0, -1) + SHOT_LETTERS[last + 1]!;
}

/** The letters of a shot number in a scene (`4AB` in scene 4 -> `AB`), or null when it is not one. */
export function shotLetters(sceneNumber: string, shotNumber: string): string | null {
  if (!shotNumber.startsWith(sceneNumber)) return null;
  const letters = shotNumber.slice(sceneNumber.length);
  return letterIndex(letters) === null ? null : letters;
}

/**
 * The letters for a new shot placed between the shots with letters `prev` and `next` (null: none
 * on that side), never one of `used` (every shot's letters in the scene).
 */
export function lettersBetween(prev: string | null, next: string | null, used: ReadonlySet<string>): string {
  if (next === null) {
    let candidate = prev === null ? 'A' : nextLetters(prev);
    while (used.has(candidate)) candidate = nextLetters(candidate);
    return candidate;
  }
  if (prev !== null) {
    const bumped = bumpLast(prev);
    if (bumped !== null && bumped < next && !used.has(bumped)) return bumped;
  }
  let candidate = `${prev ?? ''}A`;
  while (used.has(candidate)) candidate += 'A';
  return candidate;
}

/** A new shot's full number in scene `sceneNumber` between shot numbers `prev` and `next`. */
export function shotNumberBetween(sceneNumber: string, prev: string | null, next: string | null, usedNumbers: Iterable<string>): string {
  const used = new Set<string>();
  for (const n of usedNumbers) {
    const letters = shotLetters(sceneNumber, n);
    if (letters !== null) used.add(letters);
  }
  const letters = lettersBetween(prev === null ? null : shotLetters(sceneNumber, prev), next === null ? null : shotLetters(sceneNumber, next), used);
  return sceneNumber + letters;
}

/** Shot numbers for a whole scene in order: A, B, C... (what renumbering a scene writes). */
export function renumberedShots(sceneNumber: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => sceneNumber + lettersAt(i + 1));
}

/** Scene numbers 1..n in order (what renumbering the film writes). */
export function renumberedScenes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i + 1));
}

/** A scene number's leading whole number (`12A` -> 12), or null when it has none. */
function leadingNumber(sceneNumber: string): number | null {
  const match = /^(\d+)/.exec(sceneNumber);
  return match ? Number(match[1]) : null;
}

/**
 * The number for a new scene between scenes numbered `prev` and `next` (null: none on that side),
 * never one of `used`: at the end the whole number after the largest one (12A -> 13); between
 * two scenes the previous one's number with letters (4 -> 4A, then 4B); at the start 0, 0A...
 */
export function sceneNumberBetween(prev: string | null, next: string | null, used: Iterable<string>): string {
  const taken = new Set(used);
  if (next === null) {
    const numbers = [...taken, prev ?? ''].map(leadingNumber).filter((n): n is number => n !== null);
    let candidate = (numbers.length ? Math.max(...numbers) : 0) + 1;
    while (taken.has(String(candidate))) candidate += 1;
    return String(candidate);
  }
  if (prev === null) {
    let candidate = '0';
    for (let i = 1; taken.has(candidate); i += 1) candidate = `0${lettersAt(i)}`;
    return candidate;
  }
  // 4 -> 4A, 4A -> 4B: the previous scene's number with its letters stepped on.
  const match = /^(.*?\d)([A-Z]*)$/.exec(prev);
  const stem = match ? match[1]! : `${prev}-`;
  const letters = match && match[2] ? match[2] : null;
  const usedLetters = new Set([...taken].filter((n) => n.startsWith(stem) && letterIndex(n.slice(stem.length)) !== null).map((n) => n.slice(stem.length)));
  return stem + lettersBetween(letters, null, usedLetters);
}

/** Whether a text is usable as a scene number (digits and/or letters, like 4, 12A, A1). */
export function isSceneNumber(text: string): boolean {
  return /^[0-9A-Z][0-9A-Z.-]{0,15}$/.test(text);
}
