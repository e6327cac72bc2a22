/**
 * The shape of the model registry: which providers and models exist, what each model accepts
 * (sizes, durations, image inputs), what it costs and whether it is still served. The registry is
 * data (shared/registry/models.json plus the user's override file), checked with these schemas
 * at the boundary so the rest of the code trusts its types.
 *
 * Retirement is scoped: `status.retiredAt.baseUrlHosts` lists the hosts where the model is gone
 * (sora-2 on `api.openai.com`); any other base URL serving the same contract (a gateway, a local
 * proxy) may still use it. Without `retiredAt` the model is retired everywhere.
 */
import { z } from 'zod';

/** How a model wants its prompt written (see shared/prompt/). */
export const PromptFamily = z.enum(['sora', 'veo', 'runway', 'ltx', 'wan', 'animatic']);
export type PromptFamily = z.infer<typeof PromptFamily>;

const Identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'must be an id like "sora-2" (letters, digits, . _ : / -)');

/** `WIDTHxHEIGHT`, even numbers. */
export const RegistrySize = z
  .string()
  .regex(/^\d{2,4}x\d{2,4}$/, 'expected a size like 1280x720')
  .refine((s) => s.split('x').every((n) => Number(n) % 2 === 0 && Number(n) >= 16), 'width and height must be even and at least 16');

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-09-24');
const Seconds = z.number().positive().max(600);

/** Allowed clip lengths: an explicit list, or a range walked in steps (e.g. 1..20 by 0.5). */
export const SecondsRule = z.union([
  z.strictObject({ values: z.array(Seconds).min(1) }),
  z
    .strictObject({ min: Seconds, max: Seconds, step: z.number().positive().max(60) })
    .refine((r) => r.min <= r.max, 'min must not exceed max')
    .refine((r) => (r.max - r.min) / r.step <= 2000, 'too many steps: use a larger step'),
]);
export type SecondsRule = z.infer<typeof SecondsRule>;

/** Which images a model takes with the prompt. */
export const ImageInputs = z.strictObject({
  /** Takes an image as the first frame. */
  firstFrame: z.boolean(),
  /** Takes an image as the last frame (with a first frame). */
  lastFrame: z.boolean(),
  /** How many identity/style reference images it takes (0: none). */
  maxReferences: z.number().int().min(0).max(16),
  /** True when references cannot be sent together with a first or last frame (Veo). */
  referencesExcludeFrames: z.boolean(),
});
export type ImageInputs = z.infer<typeof ImageInputs>;

/**
 * A rule that narrows the durations when a condition holds; every field given in `when` must
 * hold. Veo: 1080p, reference images, or first+last frame each require 8 s.
 */
export const Constraint = z.strictObject({
  when: z
    .strictObject({
      sizes: z.array(RegistrySize).min(1).optional(),
      firstFrame: z.boolean().optional(),
      lastFrame: z.boolean().optional(),
      /** True: the request sends at least one reference image. */
      references: z.boolean().optional(),
    })
    .refine((w) => Object.keys(w).length > 0, 'a constraint needs at least one condition'),
  requireSeconds: z.array(Seconds).min(1),
  /** Words for the message, e.g. "1080p output". */
  reason: z.string().min(1).max(200),
});
export type Constraint = z.infer<typeof Constraint>;

/** Where a price comes from: the provider's own page, third parties only, or a local renderer. */
export const PriceSource = z.enum(['provider', 'third-party', 'local']);

/** A price per second of output for some sizes (`"*"` = every allowed size); null = unknown. */
export const PriceRow = z.strictObject({
  sizes: z.array(z.union([RegistrySize, z.literal('*')])).min(1),
  usdPerSecond: z.number().min(0).max(100).nullable(),
  source: PriceSource,
  note: z.string().max(500).optional(),
});
export type PriceRow = z.infer<typeof PriceRow>;

const ModelRef = z.strictObject({ provider: Identifier, model: Identifier });
/** A model named by provider and model id. */
export type ModelRef = z.infer<typeof ModelRef>;

/** Active, or retired on a date (optionally only at some hosts) with a suggested replacement. */
export const ModelStatus = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('active') }),
  z.strictObject({
    state: z.literal('retired'),
    date: Day,
    replacement: ModelRef.optional(),
    note: z.string().max(500).optional(),
    /** Only retired at these hosts; absent = retired everywhere. */
    retiredAt: z.strictObject({ baseUrlHosts: z.array(z.string().min(1).max(253)).min(1) }).optional(),
  }),
]);
export type ModelStatus = z.infer<typeof ModelStatus>;

/** One model of one provider. */
export const ModelEntry = z
  .strictObject({
    provider: Identifier,
    model: Identifier,
    displayName: z.string().min(1).max(100),
    promptFamily: PromptFamily,
    sizes: z.array(RegistrySize).min(1),
    seconds: SecondsRule,
    imageInputs: ImageInputs,
    audio: z.boolean(),
    negativePrompt: z.boolean(),
    constraints: z.array(Constraint).default([]),
    prices: z.array(PriceRow).min(1),
    status: ModelStatus,
    notes: z.string().max(1000).optional(),
  })
  .superRefine((m, ctx) => {
    for (const row of m.prices) {
      for (const size of row.sizes) {
        if (size !== '*' && !m.sizes.includes(size)) {
          ctx.addIssue({ code: 'custom', path: ['prices'], message: `price given for ${size}, which is not in sizes` });
        }
      }
    }
  });
export type ModelEntry = z.infer<typeof ModelEntry>;
/** A model entry as written in a file, before defaults are applied. */
export type ModelEntryInput = z.input<typeof ModelEntry>;

/** A provider the app has code for. A new model of a known provider needs only data. */
export const ProviderEntry = z.strictObject({
  displayName: z.string().min(1).max(100),
  /** Runs on this machine, no key, no cost. */
  local: z.boolean(),
  /** The provider's own endpoint, used when the user sets no base URL (for scoped retirements). */
  defaultBaseUrl: z.string().url().nullable(),
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

/** The shipped registry file (shared/registry/models.json). */
export const RegistryFile = z.strictObject({
  $comment: z.string().optional(),
  version: z.number().int().min(1),
  providers: z.record(Identifier, ProviderEntry),
  models: z.array(ModelEntry),
});
export type RegistryFile = z.infer<typeof RegistryFile>;

/**
 * The user's override file (`models.json` in the settings folder): entries that add models or
 * replace shipped ones by provider + model id. A bare array of models is accepted too.
 */
export const RegistryOverride = z.preprocess(
  // A bare array is wrapped first, so errors point into `models` rather than "invalid input".
  (v) => (Array.isArray(v) ? { models: v } : v),
  z.strictObject({
    $comment: z.string().optional(),
    version: z.number().int().min(1).optional(),
    models: z.array(ModelEntry),
  }),
);
export type RegistryOverride = z.infer<typeof RegistryOverride>;
