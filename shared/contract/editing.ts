/**
 * Contract calls the editor needs beyond plain edits: duplicating a shot, and restoring a whole
 * shot or element record (what undo and redo send back), plus importing a video file as a take.
 */
import { z } from 'zod';
import { call } from './define';
import { ElementName } from './elements';
import { FileName, Id, MAX_NAME, MAX_SHOT_SECONDS, MAX_TEXT, MAX_TRANSITION_SECONDS, Seconds, Size, Text } from './limits';
import { UploadedFile } from './references';
import type { Element, GenerationRequest, Shot, Take } from '../domain';

/** A media path inside the project folder, as main writes them (`media/...`). */
const MediaPath = z
  .string()
  .max(1000)
  .regex(/^media\/[A-Za-z0-9._/-]+$/, 'must be a media path inside the project, like media/refs/ab12.png')
  .refine((s) => !s.split('/').some((p) => p === '..' || p === '.' || p === ''), 'must not leave the project folder');

/**
 * A strict object whose fields are all required, checked in two steps: field types first (so a
 * message names the one wrong field, not every missing one), then presence of every field.
 */
function wholeRecord<S extends Record<string, z.ZodType>>(shape: S) {
  const optional = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof S]: z.ZodOptional<S[K]>;
  };
  const schema = z.strictObject(optional).superRefine((value, ctx) => {
    const missing = Object.keys(shape).filter((k) => (value as Record<string, unknown>)[k] === undefined);
    if (missing.length) ctx.addIssue({ code: 'custom', message: `is missing ${missing.join(', ')}; send the whole record as main returned it` });
  });
  // The refinement guarantees every field, so the parsed type is the complete record.
  return schema as unknown as z.ZodObject<S, z.core.$strict>;
}

const IsoTime = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO 8601 time');

/** A reference image exactly as stored. */
export const ReferenceRecord = z.strictObject({
  id: Id,
  path: MediaPath,
  name: FileName,
  fit: z.enum(['cover', 'contain']),
  width: z.number().int().positive().max(100_000),
  height: z.number().int().positive().max(100_000),
});

/** A whole shot as main returns it (undo sends back what it was given). */
export const ShotRecord = wholeRecord({
  id: Id,
  sceneId: Id,
  orderKey: z.string().min(1).max(200),
  number: z.string().max(40),
  title: z.string().max(MAX_NAME),
  prompt: Text,
  cameraMove: z.string().max(100),
  shotType: z.string().max(100),
  dialogue: Text,
  soundNotes: Text,
  avoid: z.string().max(2000),
  audio: z.boolean().nullable(),
  seconds: Seconds,
  provider: z.string().min(1).max(100),
  model: z.string().min(1).max(100),
  size: Size,
  references: z.array(ReferenceRecord).max(200),
  endFrame: ReferenceRecord.nullable(),
  continuePrevious: z.boolean(),
  selectedTakeId: Id.nullable(),
  trimIn: z.number().min(0).max(MAX_SHOT_SECONDS),
  trimOut: z.number().positive().max(MAX_SHOT_SECONDS).nullable(),
  transition: z.strictObject({ kind: z.enum(['cut', 'dissolve', 'dip']), seconds: z.number().min(0).max(MAX_TRANSITION_SECONDS) }),
  notes: Text,
  updatedAt: IsoTime,
});

/**
 * Undo sends back whole records, so a field the domain gains must be added here too: these fail
 * to compile when a record misses a field of its type (a missing one made restore refuse shots).
 */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const shotRecordIsWhole: SameKeys<z.infer<typeof ShotRecord>, Shot> = true;
void shotRecordIsWhole;

/** An image of a stored request. */
const RequestImageRecord = z.strictObject({
  file: MediaPath,
  name: FileName,
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  width: z.number().int().positive().max(100_000),
  height: z.number().int().positive().max(100_000),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 in hex'),
});

/** A stored generation request, exactly as main returned it with its take. */
export const RequestRecord = z.strictObject({
  provider: z.string().min(1).max(100),
  model: z.string().min(1).max(100),
  prompt: z.string().max(MAX_TEXT * 2),
  negativePrompt: z.string().max(MAX_TEXT).optional(),
  seconds: z.number().positive().max(100_000),
  size: Size,
  fps: z.strictObject({ num: z.number().int().positive().max(1_000_000), den: z.number().int().positive().max(1001) }),
  seed: z.number().int().optional(),
  audio: z.boolean().optional(),
  firstFrame: RequestImageRecord.optional(),
  lastFrame: RequestImageRecord.optional(),
  references: z.array(RequestImageRecord).max(32).optional(),
  card: z.strictObject({ title: z.string().max(MAX_NAME), text: z.string().max(MAX_TEXT), cameraMove: z.string().max(100) }).optional(),
  remixOf: z.strictObject({ takeId: Id, remoteId: z.string().min(1).max(500) }).optional(),
  extendOf: z.strictObject({ takeId: Id, remoteId: z.string().min(1).max(500) }).optional(),
  editOf: z.strictObject({ takeId: Id, remoteId: z.string().min(1).max(500).nullable(), video: MediaPath }).optional(),
  output: z.enum(['video', 'image']).optional(),
  importedFrom: z.string().max(255).optional(),
});

/** A take as main returns it, for bringing back the takes of a deleted shot. */
export const TakeRecord = z.strictObject({
  id: Id,
  shotId: Id,
  parentTakeId: Id.nullable(),
  provider: z.string().min(1).max(100),
  model: z.string().min(1).max(100),
  size: Size,
  seconds: z.number().positive().max(MAX_SHOT_SECONDS),
  composedPrompt: z.string().max(MAX_TEXT * 2),
  request: RequestRecord,
  requestHash: z.string().max(200),
  remoteId: z.string().max(500).nullable(),
  status: z.enum(['ready', 'ingesting', 'failed']),
  costUsd: z.number().min(0).max(1_000_000),
  durationSeconds: z.number().min(0).max(100_000).nullable(),
  files: z.strictObject({
    original: MediaPath,
    normalised: MediaPath.nullable(),
    poster: MediaPath.nullable(),
    filmstrip: MediaPath.nullable(),
  }),
  createdAt: IsoTime,
});

/** A whole element as main returns it. */
export const ElementRecord = wholeRecord({
  id: Id,
  kind: z.enum(['character', 'place', 'prop', 'style']),
  name: ElementName,
  description: Text,
  images: z.array(ReferenceRecord).max(200),
  realPerson: z.boolean(),
  consent: z
    .strictObject({
      consentedBy: z.string().trim().min(1).max(MAX_NAME),
      date: z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date like 2026-11-25'),
      scope: z.string().trim().min(1).max(2000),
    })
    .nullable(),
});

const takeRecordIsWhole: SameKeys<z.infer<typeof TakeRecord>, Take> = true;
const elementRecordIsWhole: SameKeys<z.infer<typeof ElementRecord>, Element> = true;
const requestRecordIsWhole: SameKeys<z.infer<typeof RequestRecord>, GenerationRequest> = true;
void [takeRecordIsWhole, elementRecordIsWhole, requestRecordIsWhole];

export const editingCalls = {
  'shots.duplicate': call<Shot>()(
    z.strictObject({ id: Id }),
    'Copies a shot (text, settings, references; no takes) right after it.',
  ),
  'shots.restore': call<Shot>()(
    z.strictObject({ shot: ShotRecord, takes: z.array(TakeRecord).max(500).optional() }),
    'Puts a whole shot record back (undo/redo): replaces it, or re-creates it with its takes if deleted.',
  ),
  'elements.restore': call<Element>()(
    z.strictObject({ element: ElementRecord }),
    'Puts a whole element record back (undo/redo): replaces it, or re-creates it if deleted.',
  ),
  'takes.import': call<Take>()(
    z.strictObject({ shotId: Id, file: UploadedFile, select: z.boolean().optional() }),
    'Imports a video file as a take of the shot (normalised, poster, filmstrip); a bad file is refused and leaves nothing.',
  ),
} as const;
