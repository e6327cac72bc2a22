/**
 * Edits as commands: every undoable change to the shots and elements is one `edits.apply`
 * call, one transaction in main, and answers with what changed and the command that reverses
 * it. Undo and redo history is therefore data (pairs of commands), not closures: it can be
 * checked, stored and tested without a UI.
 *
 * Multi-shot edits (delete, duplicate, move, set a field on many) are one command each, so a
 * batch of 50 shots is one call, one transaction and one undo step.
 */
import { z } from 'zod';
import { call } from './define';
import { ElementRecord, ShotRecord, TakeRecord } from './editing';
import { ElementName, ElementPatch } from './elements';
import { Id, Text } from './limits';
import { NewSceneInput, SceneNumber, ScenePatch, SceneRecord } from './scenes';
import { ShotPatch } from './shots';
import type { Element, Scene, Shot } from '../domain';

/** Most shots one command names (a long film's worth). */
const MAX_IDS = 10_000;
const Ids = z.array(Id).min(1).max(MAX_IDS);

/** A shot record with the takes it had, for bringing a deleted shot back. */
const RestoreRecord = z.strictObject({ shot: ShotRecord, takes: z.array(TakeRecord).max(500).optional() });

/** A shot number as main writes it (scene number and letters, `4AB`). */
const ShotNumber = z.string().min(1).max(40);

/** A scene record with its shots (and their takes), for bringing a deleted scene back. */
const SceneRestoreRecord = z.strictObject({ scene: SceneRecord, shots: z.array(RestoreRecord).max(MAX_IDS).optional() });

/** Every command but a batch (a batch holds only these, so nesting stays one level deep). */
const SingleEdit = z.discriminatedUnion('kind', [
  /**
   * A new shot after `afterId`, in that shot's scene; without it, at the end of scene `sceneId`
   * (default: the last scene, made when the project has none).
   */
  z.strictObject({ kind: z.literal('shots.add'), afterId: Id.nullable().optional(), fields: ShotPatch.optional(), sceneId: Id.optional() }),
  /** Deletes shots (their takes go with them; the files stay for undo). */
  z.strictObject({ kind: z.literal('shots.delete'), ids: Ids }),
  /** A copy of each shot right after it (text, settings, references; no takes). */
  z.strictObject({ kind: z.literal('shots.duplicate'), ids: Ids }),
  /**
   * Moves shots, in their sequence order, to right after `afterId`, into that shot's scene; with
   * `afterId` null, to the start of scene `sceneId` (default: the first scene). A shot that
   * changes scene gets a new number there; one that stays keeps its number.
   */
  z.strictObject({ kind: z.literal('shots.move'), ids: Ids, afterId: Id.nullable(), sceneId: Id.optional() }),
  /** Puts shots back at these order keys, and scenes and numbers when given (what undoing a move sends). */
  z.strictObject({
    kind: z.literal('shots.reorder'),
    keys: z.array(z.strictObject({ id: Id, orderKey: z.string().min(1).max(200), sceneId: Id.optional(), number: ShotNumber.optional() })).min(1).max(MAX_IDS),
  }),
  /** The same fields set on every shot named. */
  z.strictObject({ kind: z.literal('shots.set'), ids: Ids, patch: ShotPatch }),
  /** Fields set shot by shot (what undoing a `shots.set` sends; also one field typed in one shot). */
  z.strictObject({ kind: z.literal('shots.patch'), patches: z.array(z.strictObject({ id: Id, patch: ShotPatch })).min(1).max(MAX_IDS) }),
  /** Whole records put back: replaced when the shot exists, re-created with its takes when deleted. */
  z.strictObject({ kind: z.literal('shots.restore'), records: z.array(RestoreRecord).min(1).max(MAX_IDS) }),
  z.strictObject({
    kind: z.literal('elements.add'),
    element: z.strictObject({ kind: z.enum(['character', 'place', 'prop', 'style']), name: ElementName, description: Text.optional() }),
  }),
  z.strictObject({ kind: z.literal('elements.update'), id: Id, patch: ElementPatch }),
  z.strictObject({ kind: z.literal('elements.delete'), id: Id }),
  z.strictObject({ kind: z.literal('elements.restore'), element: ElementRecord }),
  /** A new, empty scene after `afterId` (null: first; absent: last). */
  z.strictObject({ kind: z.literal('scenes.add'), afterId: Id.nullable().optional(), scene: NewSceneInput.optional() }),
  /** A scene's number, heading, synopsis, colour or folding (its shots' numbers follow a new number). */
  z.strictObject({ kind: z.literal('scenes.update'), id: Id, patch: ScenePatch }),
  /** Moves a scene, with its shots, to right after `afterId` (null: first). */
  z.strictObject({ kind: z.literal('scenes.move'), id: Id, afterId: Id.nullable() }),
  /** Puts scenes back at these order keys (what undoing a move sends). */
  z.strictObject({ kind: z.literal('scenes.reorder'), keys: z.array(z.strictObject({ id: Id, orderKey: z.string().min(1).max(200) })).min(1).max(MAX_IDS) }),
  /** Deletes scenes and every shot in them (takes go with the shots; the files stay for undo). */
  z.strictObject({ kind: z.literal('scenes.delete'), ids: Ids }),
  /** Whole scene records put back, each with the shots it had (what undoing a delete sends). */
  z.strictObject({ kind: z.literal('scenes.restore'), records: z.array(SceneRestoreRecord).min(1).max(MAX_IDS) }),
  /**
   * Renumbers in order: one scene's shots A, B, C... (`sceneId`), or the whole film (scenes
   * 1..n and every scene's shots).
   */
  z.strictObject({ kind: z.literal('numbers.renumber'), sceneId: Id.optional() }),
  /** Sets scene and shot numbers exactly as given (what undoing a renumber sends). */
  z.strictObject({
    kind: z.literal('numbers.set'),
    scenes: z.array(z.strictObject({ id: Id, number: SceneNumber })).max(MAX_IDS),
    shots: z.array(z.strictObject({ id: Id, number: ShotNumber })).max(MAX_IDS),
  }),
]);

/** Several commands applied in order as one transaction (an inverse made of several parts). */
const BatchEdit = z.strictObject({ kind: z.literal('batch'), edits: z.array(SingleEdit).min(1).max(100) });

export const EditCommand = z.union([SingleEdit, BatchEdit]);
export type EditCommand = z.infer<typeof EditCommand>;
/** One of the non-batch commands. */
export type SingleEditCommand = z.infer<typeof SingleEdit>;

/** What a command changed, for the page to apply, and how to reverse it. */
export interface EditResult {
  /** Shots created or changed, in sequence order. */
  shots: Shot[];
  removedShotIds: string[];
  /** Elements created or changed. */
  elements: Element[];
  removedElementIds: string[];
  /** Scenes created or changed, in order. */
  scenes: Scene[];
  removedSceneIds: string[];
  /** The command that undoes this one (applying it answers with the redo). */
  inverse: EditCommand;
}

export const editCalls = {
  'edits.apply': call<EditResult>()(
    z.strictObject({ command: EditCommand }),
    'Applies one edit command in one transaction; answers with what changed and the command that reverses it.',
  ),
} as const;
