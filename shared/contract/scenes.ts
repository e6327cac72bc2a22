/** Contract calls and schemas for the scenes of the open project. */
import { z } from 'zod';
import { call } from './define';
import { Id, MAX_NAME, Text } from './limits';
import { SCENE_COLORS } from '../defaults';
import type { Scene } from '../domain';

/** A scene number as the script writes it: `4`, `12A`, `A1` (digits, capitals, `.` or `-`). */
export const SceneNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z][0-9A-Z.-]{0,15}$/, 'expected a scene number like 4 or 12A (digits and capital letters, at most 16)');

/** A scene band colour: one of the fixed palette, or null for none. */
export const SceneColor = z
  .string()
  .refine((c) => (SCENE_COLORS as readonly string[]).includes(c), `expected one of the scene colours ${SCENE_COLORS.join(', ')}`)
  .nullable();

/** A scene heading such as `INT. LIGHTHOUSE - NIGHT`. */
export const SceneHeading = z.string().max(MAX_NAME);

/** Fields of a scene the user edits. */
export const ScenePatch = z.strictObject({
  number: SceneNumber.optional(),
  heading: SceneHeading.optional(),
  synopsis: Text.optional(),
  color: SceneColor.optional(),
  collapsed: z.boolean().optional(),
});
export type ScenePatch = z.infer<typeof ScenePatch>;

/** A new scene's fields (its number defaults to the film-practice one for its place). */
export const NewSceneInput = z.strictObject({
  number: SceneNumber.optional(),
  heading: SceneHeading.optional(),
  synopsis: Text.optional(),
  color: SceneColor.optional(),
});

/** A whole scene as main returns it (undo sends it back). */
export const SceneRecord = z.strictObject({
  id: Id,
  orderKey: z.string().min(1).max(200),
  number: SceneNumber,
  heading: SceneHeading,
  synopsis: Text,
  color: SceneColor,
  collapsed: z.boolean(),
  updatedAt: z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO 8601 time'),
});

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const sceneRecordIsWhole: SameKeys<z.infer<typeof SceneRecord>, Scene> = true;
void sceneRecordIsWhole;

export const sceneCalls = {
  'scenes.list': call<Scene[]>()(z.strictObject({}), 'The scenes of the open project, in order.'),
} as const;
