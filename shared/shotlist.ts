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
 */
import { z } from 'zod';
import { ElementName } from './contract/elements';
import { Fps, MAX_NAME, MAX_TEXT, MAX_TRANSITION_SECONDS, ProjectName, Seconds, Size, Text } from './contract/limits';

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
});
export type ShotlistShot = z.infer<typeof ShotlistShot>;

/** The whole file. */
export const Shotlist = z
  .strictObject({
    name: ProjectName.optional(),
    size: Size.optional(),
    fps: Fps.optional(),
    style: Text.optional(),
    elements: z.array(ShotlistElement).max(MAX_SHOTLIST_ELEMENTS).default([]),
    shots: z.array(ShotlistShot).min(1, 'must list at least one shot').max(MAX_SHOTLIST_SHOTS),
  })
  .superRefine((list, ctx) => {
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
