/** Sizes of the timeline: card widths proportional to duration, and the grid's columns. Pure. */
import type { Shot } from '../../shared/domain';
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
