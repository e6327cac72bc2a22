/** Sizes of the timeline: card widths proportional to duration, and the grid's columns. Pure. */
import type { Scene, Shot } from '../../shared/domain';
import { trimmedSeconds } from '../../shared/sequence-math';

/** Pixels per second of screen time in timeline view. */
export const PX_PER_SECOND = 48;
/** Narrowest and widest card, so a 1 s shot stays readable and a 2 min shot stays on screen. */
export const MIN_CARD_WIDTH = 176;
export const MAX_CARD_WIDTH = 640;
/** Gap between cards. */
export const CARD_GAP = 10;
/** Grid view: every card the same size. */
export const GRID_CARD_WIDTH = 200;
export const GRID_ROW_HEIGHT = 214;

export function timelineCardWidth(seconds: number): number {
  return Math.round(Math.min(MAX_CARD_WIDTH, Math.max(MIN_CARD_WIDTH, seconds * PX_PER_SECOND)));
}

/** Cards per grid row for a container width (at least one). */
export function gridColumns(containerWidth: number): number {
  return Math.max(1, Math.floor((containerWidth + CARD_GAP) / (GRID_CARD_WIDTH + CARD_GAP)));
}

/** What a card's width and label show: the shot's length in the sequence (its take, trimmed). */
export function screenSeconds(shot: Shot, takeSeconds: number | null | undefined): number {
  return trimmedSeconds({ ...shot, sourceSeconds: shot.selectedTakeId ? (takeSeconds ?? null) : null });
}

/** Width of a scene band's head card in timeline view. */
export const SCENE_BAND_WIDTH = 168;

/** One item of the timeline strip: a scene's head, or a shot (with its index in the sequence). */
export type StripItem =
  | { kind: 'scene'; scene: Scene; shotCount: number; seconds: number }
  | { kind: 'shot'; shot: Shot; index: number; scene: Scene | null };

/** The timeline strip and, for each shot of the sequence, its item index (-1 when folded away). */
export interface Strip {
  items: StripItem[];
  itemOfShot: number[];
}

/**
 * The strip for shots in sequence order: each scene's head followed by its shots (none when the
 * scene is folded). Shots of a scene the page does not know yet go at the end, without a head.
 */
export function buildStrip(shots: readonly Shot[], scenes: readonly Scene[], takeSeconds: (shot: Shot) => number | null | undefined): Strip {
  const items: StripItem[] = [];
  const itemOfShot = new Array<number>(shots.length).fill(-1);
  const byScene = new Map<string, number[]>();
  shots.forEach((shot, i) => {
    const list = byScene.get(shot.sceneId);
    if (list) list.push(i);
    else byScene.set(shot.sceneId, [i]);
  });
  for (const scene of scenes) {
    const members = byScene.get(scene.id) ?? [];
    byScene.delete(scene.id);
    const seconds = members.reduce((sum, i) => sum + screenSeconds(shots[i]!, takeSeconds(shots[i]!)), 0);
    items.push({ kind: 'scene', scene, shotCount: members.length, seconds });
    if (scene.collapsed) continue;
    for (const i of members) {
      itemOfShot[i] = items.length;
      items.push({ kind: 'shot', shot: shots[i]!, index: i, scene });
    }
  }
  for (const members of byScene.values()) {
    for (const i of members) {
      itemOfShot[i] = items.length;
      items.push({ kind: 'shot', shot: shots[i]!, index: i, scene: null });
    }
  }
  return { items, itemOfShot };
}
