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

export const Identifier = z
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

/** The units a price row can be written in. */
export const PRICE_UNITS = ['usdPerSecond', 'creditsPerSecond', 'usdPerImage', 'creditsPerImage'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

const Amount = z.number().min(0).max(10_000).nullable().optional();

/**
 * The price of some sizes (`"*"` = every allowed size), in exactly one unit: USD or the
 * provider's credits (its billing gives the rate), per second of video or per still image.
 * null = unknown.
 */
export const PriceRow = z
  .strictObject({
    sizes: z.array(z.union([RegistrySize, z.literal('*')])).min(1),
    usdPerSecond: Amount,
    creditsPerSecond: Amount,
    usdPerImage: Amount,
    creditsPerImage: Amount,
    source: PriceSource,
    note: z.string().max(500).optional(),
  })
  .refine(
    (r) => PRICE_UNITS.filter((unit) => r[unit] !== undefined).length === 1,
    'a price row needs exactly one of usdPerSecond, creditsPerSecond, usdPerImage, creditsPerImage',
  );
export type PriceRow = z.infer<typeof PriceRow>;

/** The unit a row is written in, and its amount (null = unknown). */
export function priceOf(row: PriceRow): { unit: PriceUnit; amount: number | null } {
  const unit = PRICE_UNITS.find((u) => row[u] !== undefined) ?? 'usdPerSecond';
  return { unit, amount: row[unit] ?? null };
}

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
    /** What it makes: video clips, or still images (storyboard frames, reference sheets). */
    output: z.enum(['video', 'image']).default('video'),
    sizes: z.array(RegistrySize).min(1),
    /** Clip lengths; image models have none. */
    seconds: SecondsRule.optional(),
    imageInputs: ImageInputs,
    audio: z.boolean(),
    negativePrompt: z.boolean(),
    constraints: z.array(Constraint).default([]),
    prices: z.array(PriceRow).min(1),
    status: ModelStatus,
    notes: z.string().max(1000).optional(),
    /**
     * For adapters that serve many endpoints through one API (fal): which request shape this
     * model's inputs follow, by a name the adapter knows (e.g. `veo`, `kling-v3`), so a new
     * endpoint of a known shape is a registry edit only. Other adapters ignore it.
     */
    inputShape: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a shape name like "kling-v3"').max(40).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.output === 'video' && !m.seconds) ctx.addIssue({ code: 'custom', path: ['seconds'], message: 'a video model needs its clip lengths (seconds)' });
    for (const row of m.prices) {
      const { unit } = priceOf(row);
      if ((m.output === 'image') !== unit.endsWith('PerImage')) {
        ctx.addIssue({ code: 'custom', path: ['prices'], message: `a ${m.output} model is priced per ${m.output === 'image' ? 'image' : 'second'}, not in ${unit}` });
      }
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

/** An environment variable name (keys and base URLs for the CLI and dev host). */
const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be an environment variable name like OPENAI_API_KEY');

/**
 * One connection setting beyond the key and base URL. Not a secret: it is stored in the app
 * settings. `path` is a local file the user picks (a service-account key file).
 */
export const ProviderField = z.strictObject({
  key: z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'must be a camelCase name like "project"'),
  label: z.string().min(1).max(60),
  kind: z.enum(['text', 'path']),
  required: z.boolean(),
  /** Where the CLI and dev host read it, first set wins. */
  env: z.array(EnvName).max(4).default([]),
  /** Used when the user sets nothing. */
  default: z.string().max(200).optional(),
  help: z.string().max(300).optional(),
});
export type ProviderField = z.infer<typeof ProviderField>;

/**
 * How Shotline connects to a provider: `none` (runs here), `apiKey` (a key, and optionally a
 * base URL for gateways), `baseUrl` (a server the user runs, such as ComfyUI: an address, no key),
 * `credentials` (a cloud account: its fields, e.g. a key file, or the machine's default login).
 */
export const ProviderAuth = z.strictObject({
  kind: z.enum(['none', 'apiKey', 'baseUrl', 'credentials']),
  /** Where the CLI and dev host read the key, first set wins (the SDK's own names). */
  keyEnv: z.array(EnvName).max(4).default([]),
  /** Where the CLI and dev host read a base URL override. */
  baseUrlEnv: z.array(EnvName).max(4).default([]),
  /** Further settings the adapter needs (a cloud project, a region, a key file), shown in Settings. */
  fields: z.array(ProviderField).max(8).default([]),
  /** The provider's own page where a person creates a key (Settings points there when none is set). */
  keyUrl: z.string().url().max(300).optional(),
});
export type ProviderAuth = z.infer<typeof ProviderAuth>;

/** What a provider's adapter can do: the screens offer exactly these. */
export const ProviderCapabilities = z.strictObject({
  /** Some of its models take a first-frame image / a last frame / reference images (at most this many). */
  firstFrame: z.boolean(),
  lastFrame: z.boolean(),
  maxReferences: z.number().int().min(0).max(16),
  /** Some of its models make sound. */
  audio: z.boolean(),
  /** A finished take can be remade with a new prompt (a new remote job from the old one). */
  remix: z.boolean(),
  /** A finished take can be edited (video-to-video). */
  edit: z.boolean(),
  /** A finished take can be extended into a longer one. */
  extend: z.boolean(),
  /** A running remote job can be stopped at the service. */
  cancel: z.boolean(),
  /** It makes still images too (a cheap first look at a shot). */
  stills: z.boolean(),
});
export type ProviderCapabilities = z.infer<typeof ProviderCapabilities>;

/**
 * How the service charges: per second of output (prices in USD), in credits (prices in credits
 * per second, turned into USD with `usdPerCredit`), or nothing at all.
 */
export const ProviderBilling = z
  .strictObject({
    kind: z.enum(['per_second', 'credits', 'free']),
    usdPerCredit: z.number().positive().max(100).optional(),
    note: z.string().max(500).optional(),
  })
  .refine((b) => b.kind !== 'credits' || b.usdPerCredit !== undefined, 'credits billing needs usdPerCredit');
export type ProviderBilling = z.infer<typeof ProviderBilling>;

/**
 * A provider the app has code for (an adapter in main/providers): everything the screens, the
 * key store, the queue and the CLI need to know of it. A new model of a known provider needs
 * only data; a new provider needs this entry and one adapter.
 */
export const ProviderEntry = z.strictObject({
  displayName: z.string().min(1).max(100),
  /** Renders on this machine inside Shotline (no network; local renderers draw title cards). */
  local: z.boolean(),
  /** The provider's own endpoint, used when the user sets no base URL (for scoped retirements). */
  defaultBaseUrl: z.string().url().nullable(),
  auth: ProviderAuth,
  capabilities: ProviderCapabilities,
  /**
   * How an unfinished job survives a restart: `poll` its remote id (the service keeps it), or
   * `resubmit` it (it ran inside Shotline and died with the process; free to run again).
   */
  resume: z.enum(['poll', 'resubmit']),
  billing: ProviderBilling,
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

/** What a model claims that its provider's capabilities do not allow (a data error). */
export function modelBeyondProvider(model: ModelEntry, provider: ProviderEntry): string[] {
  const caps = provider.capabilities;
  const problems: string[] = [];
  if (model.imageInputs.firstFrame && !caps.firstFrame) problems.push('takes a first frame, but its provider takes none');
  if (model.imageInputs.lastFrame && !caps.lastFrame) problems.push('takes a last frame, but its provider takes none');
  if (model.imageInputs.maxReferences > caps.maxReferences) problems.push(`takes ${model.imageInputs.maxReferences} references, but its provider at most ${caps.maxReferences}`);
  if (model.audio && !caps.audio) problems.push('makes sound, but its provider makes none');
  if (provider.billing.kind === 'free' && model.prices.some((p) => priceOf(p).amount !== 0)) problems.push('has a price, but its provider is free');
  if (provider.billing.kind !== 'credits' && model.prices.some((p) => priceOf(p).unit.startsWith('credits'))) problems.push('is priced in credits, but its provider bills in USD');
  if (model.output === 'image' && !caps.stills) problems.push('makes stills, but its provider makes none');
  return problems;
}

/** The shipped registry file (shared/registry/models.json). */
export const RegistryFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().min(1),
    providers: z.record(Identifier, ProviderEntry),
    models: z.array(ModelEntry),
  })
  .superRefine((file, ctx) => {
    file.models.forEach((model, i) => {
      const provider = file.providers[model.provider];
      if (!provider) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'provider'], message: `"${model.provider}" is not in the providers section` });
        return;
      }
      for (const problem of modelBeyondProvider(model, provider)) ctx.addIssue({ code: 'custom', path: ['models', i], message: `${model.model} ${problem}` });
    });
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
