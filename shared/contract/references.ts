/**
 * Contract calls for reference images of a shot or an element: add from uploaded bytes (drag
 * and drop, paste), remove, reorder, set the fit, and a preview of the fitted frame at a size.
 */
import { z } from 'zod';
import { call } from './define';
import { FileName, Id, MAX_UPLOAD_BYTES, Size } from './limits';
import type { Element, Shot } from '../domain';

/** Most images added in one call (a handful dropped at once). */
export const MAX_FILES_PER_UPLOAD = 20;

/** Base64 text of at most MAX_UPLOAD_BYTES bytes. */
export const Base64Data = z
  .string()
  .min(4, 'must hold the file bytes as base64')
  .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `must be at most ${MAX_UPLOAD_BYTES / 1e6} MB`)
  .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'must be base64 text (A-Z, a-z, 0-9, +, /, = padding)');

/** One uploaded file: its plain name (for display and messages) and its bytes. */
export const UploadedFile = z.strictObject({ name: FileName, dataBase64: Base64Data });
export type UploadedFile = z.infer<typeof UploadedFile>;

/**
 * Whose references a call works on: a shot's references, an element's images, or a shot's end
 * frame (`endFrame`, id = the shot's: one image; adding replaces it).
 */
export const ReferenceTarget = z.strictObject({ kind: z.enum(['shot', 'element', 'endFrame']), id: Id });
export type ReferenceTarget = z.infer<typeof ReferenceTarget>;

/** The shot or element after the change, whole (exactly one is set). */
export interface ReferenceOwner {
  shot: Shot | null;
  element: Element | null;
}

/** A fitted frame written for preview, served under `AppInfo.mediaBase`. */
export interface FittedPreview {
  /** Path relative to the project folder. */
  path: string;
  width: number;
  height: number;
  fit: 'cover' | 'contain';
}

const Fit = z.enum(['cover', 'contain']);

export const referenceCalls = {
  'references.add': call<ReferenceOwner>()(
    z.strictObject({
      target: ReferenceTarget,
      files: z.array(UploadedFile).min(1).max(MAX_FILES_PER_UPLOAD),
      fit: Fit.optional(),
    }),
    'Adds images (PNG, JPEG, WebP) to a shot or element; if any file is refused, none is added.',
  ),
  'references.remove': call<ReferenceOwner>()(
    z.strictObject({ target: ReferenceTarget, referenceId: Id }),
    'Removes one reference image from a shot or element.',
  ),
  'references.reorder': call<ReferenceOwner>()(
    z.strictObject({ target: ReferenceTarget, ids: z.array(Id).max(200) }),
    'Puts the references in the given order (every current id exactly once).',
  ),
  'references.setFit': call<ReferenceOwner>()(
    z.strictObject({ target: ReferenceTarget, referenceId: Id, fit: Fit }),
    'Chooses how a reference is fitted to the model frame: cover (crop) or contain (bars).',
  ),
  'references.preview': call<FittedPreview>()(
    z.strictObject({ target: ReferenceTarget, referenceId: Id, size: Size, fit: Fit.optional() }),
    'Writes (once) and returns the reference fitted to a model size, as it would be sent.',
  ),
} as const;
