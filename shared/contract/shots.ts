/** Contract calls for the shots of the open project. */
import { z } from 'zod';
import { call } from './define';
import { Id, MAX_NAME, MAX_SHOT_SECONDS, MAX_TRANSITION_SECONDS, MIN_TRANSITION_SECONDS, Seconds, Size, Text } from './limits';
import type { Shot } from '../domain';

/** A cut has no length (0 is sent); a dissolve or dip lasts MIN..MAX_TRANSITION_SECONDS. */
const TransitionInput = z
  .strictObject({
    kind: z.enum(['cut', 'dissolve', 'dip']),
    seconds: z.number().min(0).max(MAX_TRANSITION_SECONDS),
  })
  .refine((t) => t.kind === 'cut' || t.seconds >= MIN_TRANSITION_SECONDS, {
    path: ['seconds'],
    message: `a dissolve or dip lasts ${MIN_TRANSITION_SECONDS} to ${MAX_TRANSITION_SECONDS} seconds`,
  });

/** Fields of a shot the user edits directly. */
export const ShotPatch = z.strictObject({
  title: z.string().max(MAX_NAME).optional(),
  prompt: Text.optional(),
  cameraMove: z.string().max(100).optional(),
  shotType: z.string().max(100).optional(),
  dialogue: Text.optional(),
  soundNotes: Text.optional(),
  avoid: z.string().max(2000).optional(),
  audio: z.boolean().nullable().optional(),
  seconds: Seconds.optional(),
  provider: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(100).optional(),
  size: Size.optional(),
  continuePrevious: z.boolean().optional(),
  selectedTakeId: Id.nullable().optional(),
  trimIn: z.number().min(0).max(MAX_SHOT_SECONDS).optional(),
  trimOut: z.number().positive().max(MAX_SHOT_SECONDS).nullable().optional(),
  transition: TransitionInput.optional(),
  /** Notes for the crew; never sent to a model. */
  notes: Text.optional(),
});
export type ShotPatch = z.infer<typeof ShotPatch>;

export const shotCalls = {
  'shots.list': call<Shot[]>()(z.strictObject({}), 'The shots of the open project, in order.'),
  'shots.add': call<Shot>()(
    z.strictObject({
      /** Insert after this shot; null or absent appends at the end. */
      afterId: Id.nullable().optional(),
      fields: ShotPatch.optional(),
      /** Without `afterId`: add at the end of this scene (default: the last scene). */
      sceneId: Id.optional(),
    }),
    'Adds a shot after the given one, in its scene (or at the end of a scene, or of the film).',
  ),
  'shots.update': call<Shot>()(
    z.strictObject({ id: Id, patch: ShotPatch }),
    'Edits one shot (one transaction).',
  ),
  'shots.delete': call<null>()(z.strictObject({ id: Id }), 'Deletes a shot.'),
  'shots.move': call<Shot>()(
    z.strictObject({
      id: Id,
      /** The shot that will come right before it (null: move to the start). */
      afterId: Id.nullable(),
      /** With `afterId` null: move to the start of this scene (default: the first scene). */
      sceneId: Id.optional(),
    }),
    'Moves a shot (into the scene of the shot it follows); rewrites only that shot\u2019s row.',
  ),
} as const;
