/**
 * Film vocabulary for the shot inspector's pick lists and the prompt composer (from
 * FILMMAKING.md): each entry has a stable id (stored in the shot), a label for people, and the
 * words the video models respond to. The composer writes `words`, never the label.
 */

/** One pick-list entry. */
export interface VocabularyItem {
  /** Stable id stored in the shot record (kebab-case). */
  id: string;
  /** What the pick list shows. */
  label: string;
  /** The words models respond to, as written into a prompt. */
  words: string;
  /** What it means, for a tooltip. */
  meaning: string;
}

/** How the local animatic renderer moves its still image. */
export type AnimaticMove = 'static' | 'push_in' | 'pull_out' | 'pan_left' | 'pan_right' | 'tilt_up' | 'tilt_down';

/** A camera move, with the motion the animatic renderer approximates it by. */
export interface CameraMoveItem extends VocabularyItem {
  animatic: AnimaticMove;
}

/** A transition: a timeline operation, never words in a shot's prompt. */
export interface TransitionItem extends VocabularyItem {
  /** The kind the exporter renders it as (J/L cuts are cuts with offset audio). */
  kind: 'cut' | 'dissolve' | 'dip';
}

const item = (id: string, label: string, words: string, meaning: string): VocabularyItem => ({ id, label, words, meaning });

/** Shot sizes / framings. */
export const SHOT_TYPES: readonly VocabularyItem[] = [
  item('extreme-wide', 'Extreme wide', 'extreme wide shot, vast landscape with tiny figures', 'A vast area; people are tiny.'),
  item('establishing', 'Establishing', 'wide establishing shot, eye level', 'Sets the place at the start of a scene.'),
  item('wide', 'Wide / long', 'wide shot, full body in the surroundings', 'The whole figure in its setting.'),
  item('full', 'Full', 'full shot, head to toe', 'The figure from head to toe.'),
  item('medium-wide', 'Medium wide', 'medium wide shot, framed from the knees up', 'Knees up.'),
  item('medium', 'Medium', 'medium shot, framed from the waist up', 'Waist up.'),
  item('medium-close-up', 'Medium close-up', 'medium close-up, framed from the chest up', 'Chest up.'),
  item('close-up', 'Close-up', 'close-up, the face fills the frame', 'The face fills the frame.'),
  item('extreme-close-up', 'Extreme close-up', 'extreme close-up on a single feature', 'One feature: eyes, lips, a hand.'),
  item('insert', 'Insert / macro', 'insert shot, macro detail', 'A detail: an object, a dial, a note.'),
  item('over-the-shoulder', 'Over-the-shoulder', 'over-the-shoulder shot', 'Past one person toward another.'),
  item('pov', 'Point of view', 'point-of-view shot, seen through the character\'s eyes', 'What the character sees.'),
  item('two-shot', 'Two-shot', 'two-shot, both characters in frame', 'Two people in one frame.'),
];

/** Camera angles. */
export const ANGLES: readonly VocabularyItem[] = [
  item('eye-level', 'Eye level', 'eye-level angle', 'Neutral, at the subject\'s eye height.'),
  item('high', 'High angle', 'high angle looking down', 'Looking down on the subject.'),
  item('low', 'Low angle', 'low angle looking up', 'Looking up at the subject.'),
  item('birds-eye', 'Bird\'s-eye / top-down', 'top-down bird\'s-eye view', 'Straight down from above.'),
  item('worms-eye', 'Worm\'s-eye', 'worm\'s-eye view from ground level', 'From the ground, steeply up.'),
  item('dutch', 'Dutch angle', 'Dutch angle, tilted horizon', 'Tilted horizon: unease.'),
  item('aerial', 'Aerial / drone', 'aerial drone view', 'From high in the air.'),
  item('profile', 'Profile', 'side profile view', 'The subject seen side-on.'),
];

const move = (id: string, label: string, words: string, meaning: string, animatic: AnimaticMove): CameraMoveItem => ({
  ...item(id, label, words, meaning),
  animatic,
});

/** Camera moves: one per shot. */
export const CAMERA_MOVES: readonly CameraMoveItem[] = [
  move('static', 'Static / locked-off', 'locked-off static camera', 'The camera does not move.', 'static'),
  move('pan-left', 'Pan left', 'the camera pans left', 'Turns horizontally to the left.', 'pan_left'),
  move('pan-right', 'Pan right', 'the camera pans right', 'Turns horizontally to the right.', 'pan_right'),
  move('tilt-up', 'Tilt up', 'the camera tilts up', 'Turns vertically upward.', 'tilt_up'),
  move('tilt-down', 'Tilt down', 'the camera tilts down', 'Turns vertically downward.', 'tilt_down'),
  move('dolly-in', 'Dolly in / push-in', 'slow push-in toward the subject', 'The camera moves closer.', 'push_in'),
  move('dolly-out', 'Dolly out / pull back', 'the camera pulls back slowly', 'The camera moves away.', 'pull_out'),
  move('truck-left', 'Truck left', 'the camera trucks left, moving sideways', 'Slides sideways to the left.', 'pan_left'),
  move('truck-right', 'Truck right', 'the camera trucks right, moving sideways', 'Slides sideways to the right.', 'pan_right'),
  move('tracking', 'Tracking / follow', 'tracking shot, the camera follows the subject', 'Moves along with the subject.', 'push_in'),
  move('pedestal-up', 'Pedestal up', 'the camera rises vertically', 'The whole camera rises.', 'tilt_up'),
  move('pedestal-down', 'Pedestal down', 'the camera lowers vertically', 'The whole camera lowers.', 'tilt_down'),
  move('crane', 'Crane / jib', 'sweeping crane shot rising over the scene', 'A rising, sweeping move.', 'tilt_up'),
  move('handheld', 'Handheld', 'handheld camera with slight natural shake', 'Held by hand: alive, unsteady.', 'static'),
  move('steadicam', 'Steadicam / gimbal', 'smooth steadicam glide', 'A smooth floating move.', 'push_in'),
  move('zoom-in', 'Zoom in', 'the lens zooms in', 'The focal length tightens (not a dolly).', 'push_in'),
  move('zoom-out', 'Zoom out', 'the lens zooms out', 'The focal length widens (not a dolly).', 'pull_out'),
  move('arc', 'Arc / orbit', 'the camera orbits around the subject', 'Circles the subject.', 'pan_right'),
  move('whip-pan', 'Whip pan', 'fast whip pan', 'A very fast pan that blurs.', 'pan_right'),
  move('rack-focus', 'Rack focus', 'rack focus from foreground to background', 'Focus shifts between planes.', 'static'),
  move('dolly-zoom', 'Dolly zoom', 'dolly zoom, background stretching behind the subject', 'Dolly and zoom opposed: vertigo.', 'push_in'),
  move('fpv', 'FPV fly-through', 'FPV drone fly-through', 'A fast first-person flight.', 'push_in'),
];

/** Lenses, each paired with its usual depth of field. */
export const LENSES: readonly VocabularyItem[] = [
  item('ultra-wide', 'Ultra-wide 14-20 mm', '16mm ultra-wide lens, deep focus', 'Exaggerated space, everything sharp.'),
  item('wide', 'Wide 24-35 mm', '28mm wide lens, deep focus', 'Natural wide view.'),
  item('normal', 'Normal 40-50 mm', '50mm lens, natural perspective', 'Close to the eye\'s view.'),
  item('portrait', 'Portrait 85 mm', '85mm portrait lens, shallow depth of field', 'Flattering faces, soft background.'),
  item('telephoto', 'Telephoto 135 mm+', '135mm telephoto lens, compressed background, shallow depth of field', 'Compressed distance.'),
  item('macro', 'Macro', 'macro lens, extreme shallow depth of field', 'Tiny details large.'),
  item('anamorphic', 'Anamorphic', 'anamorphic lens, oval bokeh, horizontal flares', 'Wide-screen look with flares.'),
];

const transition = (id: string, label: string, meaning: string, kind: TransitionItem['kind']): TransitionItem => ({
  ...item(id, label, label.toLowerCase(), meaning),
  kind,
});

/** Transitions: timeline operations done by the app, never written into a prompt. */
export const TRANSITIONS: readonly TransitionItem[] = [
  transition('cut', 'Cut', 'A straight cut.', 'cut'),
  transition('match-cut', 'Match cut', 'A cut between matching shapes or motion.', 'cut'),
  transition('cut-on-action', 'Cut on action', 'A cut in the middle of a movement.', 'cut'),
  transition('jump-cut', 'Jump cut', 'A jump forward in time within one shot.', 'cut'),
  transition('smash-cut', 'Smash cut', 'An abrupt cut to a contrasting shot.', 'cut'),
  transition('dissolve', 'Dissolve', 'One shot blends into the next.', 'dissolve'),
  transition('fade-black', 'Fade / dip to black', 'Through black to the next shot.', 'dip'),
  transition('fade-white', 'Fade / dip to white', 'Through white to the next shot.', 'dip'),
  transition('wipe', 'Wipe', 'One shot pushes the other off screen (rendered as a dissolve).', 'dissolve'),
  transition('j-cut', 'J-cut', 'The next shot\'s sound starts before its picture.', 'cut'),
  transition('l-cut', 'L-cut', 'This shot\'s sound runs on under the next picture.', 'cut'),
];

/** The entry with this id, or undefined. */
export function findVocabulary<T extends VocabularyItem>(list: readonly T[], id: string): T | undefined {
  return list.find((i) => i.id === id);
}

/**
 * The words for a field that holds a pick-list id or, when the user typed their own, free text;
 * '' when unset.
 */
export function wordsFor(list: readonly VocabularyItem[], value: string): string {
  const v = value.trim();
  if (!v) return '';
  return findVocabulary(list, v)?.words ?? v;
}

/** How the animatic renderer approximates a camera move; unknown or unset ids stay static. */
export function animaticMoveFor(cameraMoveId: string): AnimaticMove {
  return findVocabulary(CAMERA_MOVES, cameraMoveId.trim())?.animatic ?? 'static';
}
