import { describe, expect, it } from 'vitest';
import { ANGLES, CAMERA_MOVES, LENSES, SHOT_TYPES, TRANSITIONS, animaticMoveFor, wordsFor } from '../../shared/film-vocabulary';

describe('film vocabulary', () => {
  it('has unique kebab-case ids and non-empty words in every list', () => {
    for (const list of [SHOT_TYPES, ANGLES, CAMERA_MOVES, LENSES, TRANSITIONS]) {
      const ids = list.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const i of list) {
        expect(i.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(i.label.trim()).not.toBe('');
        expect(i.words.trim()).not.toBe('');
      }
    }
  });

  it('covers the FILMMAKING pick lists', () => {
    expect(SHOT_TYPES).toHaveLength(13);
    expect(ANGLES).toHaveLength(8);
    expect(LENSES).toHaveLength(7);
    expect(TRANSITIONS.map((t) => t.id)).toEqual(expect.arrayContaining(['cut', 'dissolve', 'j-cut', 'l-cut', 'fade-black']));
    // Zooms are written as lens moves: models confuse them with dollies otherwise.
    expect(CAMERA_MOVES.find((m) => m.id === 'zoom-in')?.words).toBe('the lens zooms in');
  });

  it('maps camera moves to animatic motions', () => {
    expect(animaticMoveFor('dolly-in')).toBe('push_in');
    expect(animaticMoveFor('dolly-out')).toBe('pull_out');
    expect(animaticMoveFor('pan-left')).toBe('pan_left');
    expect(animaticMoveFor('pan-right')).toBe('pan_right');
    expect(animaticMoveFor('tilt-up')).toBe('tilt_up');
    expect(animaticMoveFor('tilt-down')).toBe('tilt_down');
    expect(animaticMoveFor('static')).toBe('static');
    expect(animaticMoveFor('')).toBe('static');
    expect(animaticMoveFor('something-else')).toBe('static');
    const allowed = ['static', 'push_in', 'pull_out', 'pan_left', 'pan_right', 'tilt_up', 'tilt_down'];
    for (const m of CAMERA_MOVES) expect(allowed).toContain(animaticMoveFor(m.id));
  });

  it('uses free text as typed when it is not an id', () => {
    expect(wordsFor(SHOT_TYPES, 'close-up')).toBe('close-up, the face fills the frame');
    expect(wordsFor(SHOT_TYPES, ' a very tight shot ')).toBe('a very tight shot');
    expect(wordsFor(SHOT_TYPES, '')).toBe('');
  });
});
