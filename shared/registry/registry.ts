/**
 * The model registry at run time: the shipped data merged with the user's override list,
 * lookups, and the check every generation request passes before it is queued. Pure: the file
 * reading lives in main/services/registry-loader.ts.
 */
import { shippedRegistryJson } from './builtin';
import { modelBeyondProvider, RegistryFile, RegistryOverride, type ModelEntry, type ProviderEntry, type SecondsRule } from './registry-schema';

/** The merged registry the app works with. */
export interface Registry {
  /** Version of the shipped data file. */
  version: number;
  providers: Record<string, ProviderEntry>;
  models: ModelEntry[];
}

/** Thrown when registry data does not match the schema; the message lists what is wrong. */
export class RegistryDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryDataError';
  }
}

/** Words a person can act on for a zod failure, e.g. `models.2.seconds: ...`. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 6)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'file'}: ${i.message}`)
    .join('; ');
}

/** Validates a registry file's parsed JSON. */
export function parseRegistryFile(json: unknown): Registry {
  const parsed = RegistryFile.safeParse(json);
  if (!parsed.success) throw new RegistryDataError(`The model registry is not valid: ${describeIssues(parsed.error.issues)}.`);
  const { version, providers, models } = parsed.data;
  return { version, providers, models };
}

/** Validates an override file's parsed JSON. */
export function parseRegistryOverride(json: unknown): RegistryOverride {
  const parsed = RegistryOverride.safeParse(json);
  if (!parsed.success) throw new RegistryDataError(describeIssues(parsed.error.issues));
  return parsed.data;
}

let shipped: Registry | null = null;

/** The registry shipped with the app (validated once; a broken file is a build bug). */
export function shippedRegistry(): Registry {
  shipped ??= parseRegistryFile(shippedRegistryJson());
  return shipped;
}

/** The key that identifies a model across files. */
export function modelKey(provider: string, model: string): string {
  return `${provider}/${model}`;
}

/** What an override did, for the log and the settings screen. */
export interface MergeResult {
  registry: Registry;
  added: string[];
  replaced: string[];
  /** Entries left out, with the reason (e.g. a provider the app has no code for). */
  skipped: string[];
}

/**
 * Merges override entries into a registry: an entry with the same provider + model id replaces
 * the shipped one in place; a new one is appended. Entries of providers the app has no adapter
 * for are skipped (data cannot add code).
 */
export function mergeRegistry(base: Registry, override: Pick<RegistryOverride, 'models'>): MergeResult {
  const models = [...base.models];
  const added: string[] = [];
  const replaced: string[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const entry of override.models) {
    const key = modelKey(entry.provider, entry.model);
    if (!Object.prototype.hasOwnProperty.call(base.providers, entry.provider)) {
      const known = Object.keys(base.providers).join(', ');
      skipped.push(`${key}: unknown provider "${entry.provider}" (known: ${known})`);
      continue;
    }
    const beyond = modelBeyondProvider(entry, base.providers[entry.provider]!);
    if (beyond.length) {
      skipped.push(`${key}: ${beyond.join('; ')}`);
      continue;
    }
    if (seen.has(key)) {
      skipped.push(`${key}: listed twice in the override; the first entry is used`);
      continue;
    }
    seen.add(key);
    const at = models.findIndex((m) => modelKey(m.provider, m.model) === key);
    if (at >= 0) {
      models[at] = entry;
      replaced.push(key);
    } else {
      models.push(entry);
      added.push(key);
    }
  }
  return { registry: { ...base, models }, added, replaced, skipped };
}

/** A provider's descriptor, or undefined when the registry does not know it. */
export function providerOf(registry: Registry, provider: string): ProviderEntry | undefined {
  return Object.prototype.hasOwnProperty.call(registry.providers, provider) ? registry.providers[provider] : undefined;
}

/** Providers that take connection settings (a key or a base URL), in registry order. */
export function configurableProviders(registry: Registry): string[] {
  return Object.entries(registry.providers)
    .filter(([, p]) => p.auth.kind !== 'none')
    .map(([id]) => id);
}

/** The model entry, or undefined. */
export function findModel(registry: Registry, provider: string, model: string): ModelEntry | undefined {
  return registry.models.find((m) => m.provider === provider && m.model === model);
}

const EPSILON = 1e-9;

/** Every duration a seconds rule allows, ascending. */
export function secondsValues(rule: SecondsRule): number[] {
  if ('values' in rule) return [...new Set(rule.values)].sort((a, b) => a - b);
  const out: number[] = [];
  const steps = Math.floor((rule.max - rule.min) / rule.step + EPSILON);
  // Rounded to 1/1000 s so 0.1-steps do not accumulate float noise.
  for (let i = 0; i <= steps; i++) out.push(Math.round((rule.min + i * rule.step) * 1000) / 1000);
  return out;
}

function hasSeconds(values: number[], seconds: number): boolean {
  return values.some((v) => Math.abs(v - seconds) < 1e-6);
}

/** `5`, `4.5`: seconds as people write them. */
export function formatSeconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}

/** "4, 8 or 12". */
function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "4, 8 or 12 s", or "1 to 20 s in 0.5 s steps" for long ranges. */
export function describeSeconds(values: number[]): string {
  if (values.length > 6) {
    const step = (values[1] ?? 0) - (values[0] ?? 0);
    return `${formatSeconds(values[0] ?? 0)} to ${formatSeconds(values[values.length - 1] ?? 0)} s in ${formatSeconds(step)} s steps`;
  }
  return `${orList(values.map(formatSeconds))} s`;
}

/** The inputs of a request that change what is allowed. */
export interface RequestInputs {
  size?: string;
  firstFrame?: boolean;
  lastFrame?: boolean;
  /** Number of reference images sent. */
  references?: number;
}

/** What a model allows, given the inputs chosen so far (for pick lists and messages). */
export interface Allowed {
  sizes: string[];
  /** Durations allowed with these inputs (constraints applied). */
  seconds: number[];
  /** Durations allowed with these inputs, in words. */
  secondsText: string;
  /** Why `seconds` is narrower than the model's full list, e.g. "1080p output". */
  narrowedBy: string[];
  imageInputs: ModelEntry['imageInputs'];
  audio: boolean;
}

/** What the model allows; with `inputs`, durations are narrowed by the model's constraints. */
export function allowedFor(model: ModelEntry, inputs: RequestInputs = {}): Allowed {
  // Stills have no length: nothing to narrow.
  let seconds = model.seconds ? secondsValues(model.seconds) : [];
  const narrowedBy: string[] = [];
  for (const c of model.constraints) {
    const w = c.when;
    const holds =
      (w.sizes === undefined || (inputs.size !== undefined && w.sizes.includes(inputs.size))) &&
      (w.firstFrame === undefined || Boolean(inputs.firstFrame) === w.firstFrame) &&
      (w.lastFrame === undefined || Boolean(inputs.lastFrame) === w.lastFrame) &&
      (w.references === undefined || (inputs.references ?? 0) > 0 === w.references);
    if (!holds) continue;
    seconds = seconds.filter((s) => hasSeconds(c.requireSeconds, s));
    narrowedBy.push(c.reason);
  }
  return {
    sizes: [...model.sizes],
    seconds,
    secondsText: describeSeconds(seconds),
    narrowedBy,
    imageInputs: { ...model.imageInputs },
    audio: model.audio,
  };
}

/** The host of a base URL (`https://api.openai.com/v1` -> `api.openai.com`), lower-case. */
export function hostOf(baseUrl: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(baseUrl.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

/**
 * The retirement that applies to a request, or null when the model can be used there. A
 * retirement scoped to hosts applies when the request goes to one of them; no base URL means the
 * provider's own endpoint.
 */
export function retirementFor(
  registry: Registry,
  model: ModelEntry,
  baseUrl?: string,
): Extract<ModelEntry['status'], { state: 'retired' }> | null {
  const status = model.status;
  if (status.state !== 'retired') return null;
  if (!status.retiredAt) return status;
  const url = baseUrl?.trim() || registry.providers[model.provider]?.defaultBaseUrl || '';
  const host = hostOf(url);
  if (host === null) return status;
  return status.retiredAt.baseUrlHosts.some((h) => h.toLowerCase() === host) ? status : null;
}

/** A request to check against the registry. */
export interface RequestToCheck extends RequestInputs {
  provider: string;
  model: string;
  size: string;
  seconds: number;
  /** The base URL the provider is set to use; absent = the provider's own endpoint. */
  baseUrl?: string;
}

/** One reason a request cannot go out as it is. */
export interface RequestProblem {
  kind: 'unknown_model' | 'retired' | 'size' | 'images' | 'seconds';
  message: string;
}

export type CheckResult =
  | { ok: true; model: ModelEntry }
  | { ok: false; problems: RequestProblem[]; /** Every problem in one message. */ message: string };

function nearest(values: number[], target: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (best === undefined || Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

/**
 * Checks a request against the registry: the model exists and is served at this endpoint, the
 * size, images and duration are allowed. Every problem comes with what is allowed instead.
 */
export function checkRequest(registry: Registry, req: RequestToCheck): CheckResult {
  const fail = (problems: RequestProblem[]): CheckResult => ({
    ok: false,
    problems,
    message: problems.map((p) => p.message).join(' '),
  });
  const model = findModel(registry, req.provider, req.model);
  if (!model) {
    const ofProvider = registry.models.filter((m) => m.provider === req.provider && m.status.state === 'active');
    const hint = ofProvider.length
      ? `pick one of ${orList(ofProvider.map((m) => m.model))}`
      : Object.prototype.hasOwnProperty.call(registry.providers, req.provider)
        ? 'pick another model'
        : `"${req.provider}" is not a known provider; pick one of ${orList(Object.keys(registry.providers))}`;
    return fail([{ kind: 'unknown_model', message: `${req.model} is not in the model registry; ${hint}.` }]);
  }

  const retired = retirementFor(registry, model, req.baseUrl);
  if (retired) {
    const where = retired.retiredAt ? ` at ${orList(retired.retiredAt.baseUrlHosts)}` : '';
    const pick = retired.replacement ? `pick ${retired.replacement.model}` : 'pick another model';
    const gateway = retired.retiredAt ? ' or set a base URL of a service that still serves it' : '';
    return fail([
      { kind: 'retired', message: `${model.model} was retired by the provider on ${retired.date}${where}; ${pick}${gateway}.` },
    ]);
  }

  const problems: RequestProblem[] = [];
  if (!model.sizes.includes(req.size)) {
    problems.push({ kind: 'size', message: `${model.model} makes ${orList(model.sizes)}; this shot is ${req.size}.` });
  }

  const img = model.imageInputs;
  const refs = req.references ?? 0;
  if (req.firstFrame && !img.firstFrame) {
    problems.push({ kind: 'images', message: `${model.model} takes no first-frame image; remove it or pick a model that does.` });
  }
  if (req.lastFrame && !img.lastFrame) {
    problems.push({ kind: 'images', message: `${model.model} takes no last-frame image; remove it or pick a model that does.` });
  } else if (req.lastFrame && !req.firstFrame) {
    problems.push({ kind: 'images', message: `A last frame needs a first frame too; add one or remove the last frame.` });
  }
  if (refs > img.maxReferences) {
    problems.push({
      kind: 'images',
      message:
        img.maxReferences === 0
          ? `${model.model} takes no reference images; this shot sends ${refs}.`
          : `${model.model} takes up to ${img.maxReferences} reference images; this shot sends ${refs}.`,
    });
  }
  if (refs > 0 && img.referencesExcludeFrames && (req.firstFrame || req.lastFrame)) {
    problems.push({
      kind: 'images',
      message: `${model.model} cannot combine reference images with a first or last frame; use either the frame or the references.`,
    });
  }

  const allowed = allowedFor(model, req);
  if (model.output === 'video' && !hasSeconds(allowed.seconds, req.seconds)) {
    const shot = `this shot is ${formatSeconds(req.seconds)} s`;
    if (allowed.seconds.length === 0) {
      problems.push({ kind: 'seconds', message: `${model.model} allows no duration with ${orList(allowed.narrowedBy)}; change the inputs.` });
    } else {
      const why = allowed.narrowedBy.length ? ` with ${orList(allowed.narrowedBy)}` : '';
      const near = nearest(allowed.seconds, req.seconds);
      const hint = allowed.seconds.length > 6 && near !== undefined ? ` (nearest: ${formatSeconds(near)} s)` : '';
      const only = allowed.narrowedBy.length ? 'only ' : '';
      const what = allowed.seconds.length > 6 ? `clips of ${allowed.secondsText}` : `${allowed.secondsText} clips`;
      problems.push({ kind: 'seconds', message: `${model.model} makes ${only}${what}${why}; ${shot}${hint}.` });
    }
  }
  return problems.length ? fail(problems) : { ok: true, model };
}

/** Active models, plus retired ones that are still served at the given base URLs (per provider). */
export function usableModels(registry: Registry, baseUrls: Record<string, string | undefined> = {}): ModelEntry[] {
  return registry.models.filter((m) => retirementFor(registry, m, baseUrls[m.provider]) === null);
}
