/**
 * Undo history as data. A step is a pair of edit commands (shared/contract/edits.ts) plus a
 * label: undoing sends `undo` to `edits.apply`, and main's answer carries the inverse, which
 * becomes the step's `redo` (with the right ids: a shot deleted and brought back keeps its id).
 * Nothing here calls anything, so the rules below are tested without a UI or a client.
 *
 * The merge rule, in one place (`mergeSteps`): a new step merges into the previous one only
 * when both are a typing burst of the same thing, that is a `shots.patch` of one shot setting
 * the same single field (or an `elements.update` of one element setting the same single field),
 * and the new one comes less than TYPING_GROUP_MS after the previous one. The merged step keeps
 * the first undo (back to before the burst) and takes the latest redo. Nothing else merges:
 * not two fields, not two shots, not a move or a delete, not a step that came back from undo.
 * Job and progress updates never become steps at all (they are not edits).
 */
import type { EditCommand } from '../../shared/contract/edits';

/** One undoable step. */
export interface UndoStep {
  /** Shown in the Edit menu and tooltips, e.g. "Delete shot 3". */
  label: string;
  /** The command that reverses the edit (main's inverse). */
  undo: EditCommand;
  /** The command that makes the edit again. */
  redo: EditCommand;
  /** Set when this step may merge with the next (see `typingKey`). */
  mergeKey?: string;
  /** When it was recorded (ms since the epoch). */
  at: number;
}

/** Saves of one field closer together than this are one typing burst. */
export const TYPING_GROUP_MS = 2500;
/** Steps kept; older ones are dropped. */
export const MAX_STEPS = 200;

/** The names of the fields a patch sets (undefined values set nothing). */
function fieldsOf(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

/**
 * What a command types into, when it is one field of one record (`shot:<id>:<field>` or
 * `element:<id>:<field>`); undefined for every other command, which therefore never merges.
 */
export function typingKey(command: EditCommand): string | undefined {
  if (command.kind === 'shots.patch' && command.patches.length === 1) {
    const { id, patch } = command.patches[0]!;
    const fields = fieldsOf(patch);
    return fields.length === 1 ? `shot:${id}:${fields[0]}` : undefined;
  }
  if (command.kind === 'elements.update') {
    const fields = fieldsOf(command.patch);
    return fields.length === 1 ? `element:${command.id}:${fields[0]}` : undefined;
  }
  return undefined;
}

/** A step for an edit just done: `redo` is the command sent, `undo` main's inverse. */
export function stepFor(label: string, redo: EditCommand, undo: EditCommand, at: number): UndoStep {
  const mergeKey = typingKey(redo);
  return { label, undo, redo, at, ...(mergeKey ? { mergeKey } : {}) };
}

/** The previous step with `next` merged into it, or null when they stay two steps. */
export function mergeSteps(previous: UndoStep | undefined, next: UndoStep): UndoStep | null {
  if (!previous?.mergeKey || previous.mergeKey !== next.mergeKey) return null;
  const gap = next.at - previous.at;
  if (gap < 0 || gap >= TYPING_GROUP_MS) return null;
  return { ...previous, redo: next.redo, at: next.at };
}

/** The undo list after recording `step`: merged into the last step, or appended (capped). */
export function pushStep(past: readonly UndoStep[], step: UndoStep): UndoStep[] {
  const merged = mergeSteps(past[past.length - 1], step);
  if (merged) return [...past.slice(0, -1), merged];
  return [...past, step].slice(-MAX_STEPS);
}
