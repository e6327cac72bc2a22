/**
 * Contract calls for stills: a shot's storyboard frame from an image model, an element's
 * reference sheet, and a still frame taken as the shot's first frame.
 */
import { z } from 'zod';
import { call } from './define';
import { Id, ProviderId } from './limits';
import type { Job, Shot } from '../domain';

/** Which image model; both absent = the default (the shot's own provider's first, else the free local still). */
const ModelChoice = {
  provider: ProviderId.optional(),
  model: z.string().min(1).max(200).optional(),
};

const StillInputSchema = z.strictObject({ shotId: Id, ...ModelChoice });
export type StillInput = z.infer<typeof StillInputSchema>;
const SheetInputSchema = z.strictObject({ elementId: Id, ...ModelChoice });
export type SheetInput = z.infer<typeof SheetInputSchema>;

/** What a still would be made with and cost, or why it cannot be. */
export interface StillEstimate {
  provider: string | null;
  model: string | null;
  displayName: string | null;
  /** The model's size nearest the shot's framing. */
  size: string | null;
  usd: number | null;
  /** `$0.04`, `$0.00`, or `price unknown`. */
  text: string;
  problem: string | null;
}

export const stillCalls = {
  'generation.estimateStill': call<StillEstimate>()(
    StillInputSchema,
    'Which image model and size a still of the shot would use and what it costs (sends nothing).',
  ),
  'generation.still': call<Job>()(
    StillInputSchema,
    "Queues a still frame of the shot from an image model: a frame take, never the shot's selected clip.",
  ),
  'elements.generateSheet': call<Job>()(
    SheetInputSchema,
    "Queues a reference sheet for an element (turnaround, key angles); when it lands it is one more of the element's images.",
  ),
  'takes.useAsFirstFrame': call<Shot>()(
    z.strictObject({ takeId: Id }),
    'Puts a still frame take first among its shot\'s references, so models that take a first frame start from it ("continue from previous" turns off).',
  ),
} as const;
