/**
 * The shot-list file: a whole film written as JSON (by hand, by a script, or by an LLM), imported
 * in one go. The format is kept stable; every object is strict, so a misspelt field is an error
 * that names it instead of a silently lost note.
 *
 * ```json
 * { "name": "Lighthouse", "size": "1280x720", "fps": 24, "style": "35mm film, ...",
 *   "elements": [ { "name": "Mara", "kind": "character", "description": "...", "images": ["refs/mara.png"] } ],
 *   "shots": [ { "title": "Cliff walk", "prompt": "Wide shot: @Mara walks ...", "camera": "slow push in",
 *                "seconds": 4, "references": ["refs/cliff.png"] },
 *              { "prompt": "Close-up: @Mara looks up", "seconds": 4, "continue": true, "dialogue": "..." } ] }
 * ```
 * Image paths are relative to the JSON file (absolute paths are accepted too).
 *
 * Instead of `shots`, a file may group its shots in scenes (exactly one of the two):
 * ```json
 * { "scenes": [ { "number": "4", "heading": "EXT. CLIFF - DAY", "synopsis": "...", "color": "#4a90d9",
 *                 "shots": [ { "prompt": "...", "notes": "crew only: ..." } ] } ] }
 * ```
 * Files with top-level `shots` import as before (into the project's last scene).
 */
import { z } from 'zod';
import { ElementName } from './contract/elements';
import { Fps, MAX_NAME, MAX_TEXT, MAX_TRANSITION_SECONDS, ProjectName, Seconds, Size, Text } from './contract/limits';
import { SceneColor, SceneHeading, SceneNumber } from './contract/scenes';

/** Most shots and elements one file may hold (far above any film; bounds memory on bad input). */
export const MAX_SHOTLIST_SHOTS = 5000;
export const MAX_SHOTLIST_ELEMENTS = 500;
/** Most images one element or shot may list. */
export const MAX_SHOTLIST_IMAGES = 20;
/** Largest shot-list file read, in bytes. */
export const MAX_SHOTLIST_BYTES = 10 * 1024 * 1024;
/** Requested length of a shot that gives no `seconds`. */
export const DEFAULT_SHOT_SECONDS = 4;

/** An image path as written in the file. */
const ImagePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain a NUL character');

const ShotlistTransition = z.strictObject({
  kind: z.enum(['cut', 'dissolve', 'dip']),
  seconds: z.number().min(0).max(MAX_TRANSITION_SECONDS).default(0),
});

/** One element of the library: a character, place, prop or style. */
export const ShotlistElement = z.strictObject({
  name: ElementName,
  kind: z.enum(['character', 'place', 'prop', 'style']),
  description: Text.default(''),
  images: z.array(ImagePath).max(MAX_SHOTLIST_IMAGES).default([]),
});
export type ShotlistElement = z.infer<typeof ShotlistElement>;

/** One shot. `camera` becomes the shot's camera move, `continue` its continuity flag. */
export const ShotlistShot = z.strictObject({
  title: z.string().max(MAX_NAME).default(''),
  prompt: z.string().trim().min(1, 'must not be empty: say what happens in the shot').max(MAX_TEXT),
  camera: z.string().max(100).default(''),
  shotType: z.string().max(100).default(''),
  seconds: Seconds.default(DEFAULT_SHOT_SECONDS),
  references: z.array(ImagePath).max(MAX_SHOTLIST_IMAGES).default([]),
  continue: z.boolean().default(false),
  dialogue: Text.default(''),
  sound: Text.default(''),
  /** What the frame must not show (the negative prompt, where the model has one). */
  avoid: z.string().max(2000).default(''),
  /** Sound from the model on or off; absent = the model's default. */
  audio: z.boolean().optional(),
  provider: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(100).optional(),
  size: Size.optional(),
  transition: ShotlistTransition.optional(),
  /** Notes for the crew; never sent to a model. */
  notes: Text.default(''),
});
export type ShotlistShot = z.infer<typeof ShotlistShot>;

/** Most scenes one file may hold. */
export const MAX_SHOTLIST_SCENES = 2000;

/** One scene and its shots. `number` defaults to the next free scene number. */
export const ShotlistScene = z.strictObject({
  number: SceneNumber.optional(),
  heading: SceneHeading.default(''),
  synopsis: Text.default(''),
  color: SceneColor.default(null),
  shots: z.array(ShotlistShot).max(MAX_SHOTLIST_SHOTS),
});
export type ShotlistScene = z.infer<typeof ShotlistScene>;

/** The whole file. */
export const Shotlist = z
  .strictObject({
    name: ProjectName.optional(),
    size: Size.optional(),
    fps: Fps.optional(),
    style: Text.optional(),
    elements: z.array(ShotlistElement).max(MAX_SHOTLIST_ELEMENTS).default([]),
    shots: z.array(ShotlistShot).min(1, 'must list at least one shot').max(MAX_SHOTLIST_SHOTS).optional(),
    scenes: z.array(ShotlistScene).min(1, 'must list at least one scene').max(MAX_SHOTLIST_SCENES).optional(),
  })
  .superRefine((list, ctx) => {
    if ((list.shots === undefined) === (list.scenes === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give either "shots" (a flat list) or "scenes" (each with its "shots"), not both and not neither' });
    }
    const total = (list.shots?.length ?? 0) + (list.scenes ?? []).reduce((n, s) => n + s.shots.length, 0);
    if (list.scenes && total === 0) ctx.addIssue({ code: 'custom', path: ['scenes'], message: 'must hold at least one shot' });
    if (total > MAX_SHOTLIST_SHOTS) ctx.addIssue({ code: 'custom', path: [], message: `holds ${total} shots; the limit is ${MAX_SHOTLIST_SHOTS}` });
    const numbers = new Map<string, number>();
    (list.scenes ?? []).forEach((scene, i) => {
      if (scene.number === undefined) return;
      const first = numbers.get(scene.number);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'number'], message: `"${scene.number}" is already used by scenes[${first}]; scene numbers must be unique` });
      else numbers.set(scene.number, i);
    });
    // Element names are @mentions, so two that differ only in case would be ambiguous.
    const seen = new Map<string, number>();
    list.elements.forEach((element, i) => {
      const key = element.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['elements', i, 'name'],
          message: `"${element.name}" is already used by elements[${first}]; element names must be unique`,
        });
      } else seen.set(key, i);
    });
  });
export type Shotlist = z.infer<typeof Shotlist>;

/** A shot of a file with where it is written (`shots[2]`, `scenes[1].shots[0]`), for messages. */
export interface PlacedShotlistShot {
  shot: ShotlistShot;
  where: string;
}

/** Every shot of a file in order, whichever shape it has. */
export function shotlistShots(list: Shotlist): PlacedShotlistShot[] {
  if (list.scenes) return list.scenes.flatMap((scene, i) => scene.shots.map((shot, j) => ({ shot, where: `scenes[${i}].shots[${j}]` })));
  return (list.shots ?? []).map((shot, i) => ({ shot, where: `shots[${i}]` }));
}

/** `shots[2].camera` style path of a zod issue, the way a person finds it in the file. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

/** Up to `max` validation problems, each naming where it is: `shots[1].seconds: ...`. */
export function describeShotlistIssues(error: z.ZodError, max = 8): string[] {
  const lines = error.issues.slice(0, max).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  if (error.issues.length > max) lines.push(`... and ${error.issues.length - max} more`);
  return lines;
}

/** Element names mentioned as `@Name` in a text (in order, without duplicates). */
export function mentionedNames(text: string): string[] {
  const names = [...text.matchAll(/@([\p{L}\p{N}_-]+)/gu)].map((m) => m[1]!);
  return [...new Set(names)];
}
