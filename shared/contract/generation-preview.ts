/**
 * The inspector's "Prompt as sent": exactly what generating a shot would send (main runs the
 * same preparation as `generation.start`), without writing, queueing or sending anything.
 */
import { z } from 'zod';
import { call } from './define';
import { Id, ProviderId } from './limits';
import type { ImageFit } from '../domain';

/** The image that would go as the first frame, and where it comes from. */
export interface PreviewFirstFrame {
  /** `reference`: the shot's first reference image; `previous-take`: the last frame of the previous shot's take. */
  source: 'reference' | 'previous-take';
  /** Project-relative path of the source file (the image, or the previous take's video). */
  path: string;
  fit: ImageFit;
  /** The exact size it is fitted to (the model's size for this shot). */
  width: number;
  height: number;
}

/** What `generation.preview` returns. */
export interface GenerationPreview {
  shotId: string;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  /** The composed prompt as the provider receives it ('' when it cannot be composed). */
  prompt: string;
  /** Sent only to models that take one; null otherwise. */
  negativePrompt: string | null;
  warnings: string[];
  firstFrame: PreviewFirstFrame | null;
  /** The shot's end frame as it would go (the model takes a last frame), or null. */
  lastFrame: { path: string; fit: ImageFit; width: number; height: number } | null;
  /** Images sent as references, in order (project-relative paths). */
  references: Array<{ path: string; name: string }>;
  /** Why the shot would be refused as it is (registry, consent, model, missing file), or null. */
  problem: string | null;
  /** Set when the shot must wait for the previous shot's take before it can go out. */
  waiting: string | null;
  /** Estimated price in USD (null: unknown) and as text. */
  usd: number | null;
  priceText: string;
}

export const generationPreviewCalls = {
  'generation.preview': call<GenerationPreview>()(
    z.strictObject({
      shotId: Id,
      provider: ProviderId.optional(),
      model: z.string().min(1).max(100).optional(),
    }),
    'Exactly what generating this shot would send (prompt, warnings, first frame, references, registry problems, price); writes and sends nothing.',
  ),
} as const;
