/**
 * From a shot to the exact request a provider will receive: the composed prompt, the consent
 * gate, the first frame (the shot's first reference, or the previous shot's last frame when it
 * continues it) and the end frame fitted to the model's exact size, the mentioned elements'
 * reference images where the model takes them, and the registry's check. Nothing here sends anything; whatever
 * fails here fails before a job exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Element, GenerationRequest, ImageFit, Project, ReferenceImage, RequestImage, Shot } from '../../shared/domain';
import { checkRequest, findModel, type Registry } from '../../shared/registry/registry';
import type { ComposeInput, ComposedPrompt } from '../../shared/prompt/types';
import { UserError } from '../errors';
import type { ProjectStore } from '../store/project-store';
import { assertConsent } from './consent';
import { requestHash, sha256Hex } from './request-hash';

/** Media work prepare-inputs needs (main/media provides it). */
export interface MediaOps {
  /** Writes `src` fitted to exactly width x height as a PNG at `dest` (cover: crop, contain: pad). */
  fitImage(src: string, dest: string, width: number, height: number, fit: ImageFit): Promise<void>;
  /** Writes the last frame of `video` as a PNG at `dest`. */
  lastFrame(video: string, dest: string): Promise<void>;
}

export type Composer = (input: ComposeInput) => ComposedPrompt;

export interface PrepareContext {
  store: ProjectStore;
  registry: Registry;
  compose: Composer;
  media: MediaOps;
  /** The base URL the provider is set to (scoped retirements); undefined = provider default. */
  baseUrlOf(provider: string): string | undefined;
}

/** A shot ready to queue. */
export interface PreparedShot {
  shot: Shot;
  request: GenerationRequest;
  hash: string;
  warnings: string[];
}

/** A shot that cannot be prepared yet because it continues a shot that has no take. */
export class WaitForPrevious extends Error {}

const INPUTS_DIR = 'media/inputs';

function mimeOf(file: string): RequestImage['mime'] {
  const ext = path.extname(file).toLowerCase();
  return ext === '.jpg' || ext === '.jpeg' ? 'image/jpeg' : ext === '.webp' ? 'image/webp' : 'image/png';
}

/** Stores bytes content-addressed under media/inputs and describes them as a RequestImage. */
function storeInput(store: ProjectStore, tempAbs: string, width: number, height: number, label: string): RequestImage {
  const bytes = fs.readFileSync(tempAbs);
  const sha256 = sha256Hex(bytes);
  const ext = path.extname(tempAbs) || '.png';
  const file = `${INPUTS_DIR}/${sha256}${ext}`;
  const abs = store.resolve(file);
  if (fs.existsSync(abs)) fs.rmSync(tempAbs, { force: true });
  else fs.renameSync(tempAbs, abs);
  return { file, name: `${label}${ext}`, mime: mimeOf(file), width, height, sha256 };
}

function tempIn(store: ProjectStore, ext: string): string {
  const dir = store.resolve(INPUTS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}${ext}`);
}

/** A reference image as it is (models that take references accept any size). */
function referenceAsIs(store: ProjectStore, ref: ReferenceImage, label: string): RequestImage {
  const bytes = fs.readFileSync(store.resolve(ref.path));
  return { file: ref.path, name: `${label}${path.extname(ref.path) || '.png'}`, mime: mimeOf(ref.path), width: ref.width, height: ref.height, sha256: sha256Hex(bytes) };
}

const sizeOf = (size: string) => size.split('x').map(Number) as [number, number];

/** The shot before `shot` in sequence order, or null. */
function previousShot(shots: readonly Shot[], shot: Shot): Shot | null {
  const index = shots.findIndex((s) => s.id === shot.id);
  return index > 0 ? shots[index - 1]! : null;
}

/**
 * Prepares `shot` (with provider/model already chosen) for the queue. Throws UserError
 * (`refused` / `invalid_input`) when it cannot go out, or WaitForPrevious.
 */
export async function prepareShot(
  ctx: PrepareContext,
  shot: Shot,
  all: { project: Project; shots: readonly Shot[]; elements: readonly Element[] },
): Promise<PreparedShot> {
  const label = shot.title ? `"${shot.title}"` : `Shot ${all.shots.findIndex((s) => s.id === shot.id) + 1}`;
  const model = findModel(ctx.registry, shot.provider, shot.model);
  if (!model) {
    const check = checkRequest(ctx.registry, { provider: shot.provider, model: shot.model, size: shot.size, seconds: shot.seconds });
    throw new UserError('refused', `${label}: ${check.ok ? 'unknown model' : check.message}`);
  }
  const [width, height] = sizeOf(shot.size);

  // 1. Which first frame, if any (decided before composing: the words depend on it).
  let firstFrameSource: { abs: string; fit: ImageFit; fromVideo: boolean } | null = null;
  if (shot.continuePrevious) {
    const prev = previousShot(all.shots, shot);
    if (!prev) throw new UserError('invalid_input', `${label} continues the previous shot, but it is the first shot. Turn "continue" off.`);
    if (!prev.selectedTakeId) throw new WaitForPrevious(`${label} continues the previous shot, which has no selected take yet.`);
    if (!model.imageInputs.firstFrame) {
      throw new UserError('refused', `${label} continues the previous shot, but ${model.model} takes no first-frame image. Pick a model that does, or turn "continue" off.`);
    }
    const take = ctx.store.takes.find(prev.selectedTakeId);
    if (!take || take.status !== 'ready') throw new WaitForPrevious(`${label} continues a shot whose take is not ready yet.`);
    firstFrameSource = { abs: ctx.store.resolve(take.files.normalised ?? take.files.original), fit: 'cover', fromVideo: true };
  } else if (shot.references[0] && model.imageInputs.firstFrame) {
    const ref = shot.references[0];
    firstFrameSource = { abs: ctx.store.resolve(ref.path), fit: ref.fit, fromVideo: false };
  }

  // 2. Words, and the consent gate on everything the words and images name.
  let composed: ComposedPrompt;
  try {
    composed = ctx.compose({
      style: all.project.style,
      shot,
      elements: all.elements,
      model,
      imageAttached: firstFrameSource !== null,
    });
  } catch (error) {
    throw new UserError('invalid_input', `${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  assertConsent(shot, composed.mentioned, all.elements);

  // 3. Images: first frame fitted to the exact size; references within the model's limits.
  let firstFrame: RequestImage | undefined;
  if (firstFrameSource) {
    let source = firstFrameSource.abs;
    let extracted: string | null = null;
    if (firstFrameSource.fromVideo) {
      extracted = tempIn(ctx.store, '.png');
      await ctx.media.lastFrame(source, extracted);
      source = extracted;
    }
    const fitted = tempIn(ctx.store, '.png');
    try {
      await ctx.media.fitImage(source, fitted, width, height, firstFrameSource.fit);
    } finally {
      if (extracted) fs.rmSync(extracted, { force: true });
    }
    firstFrame = storeInput(ctx.store, fitted, width, height, 'first-frame');
  }
  // The end frame, fitted the same way, where the model takes a last frame; otherwise it stays home.
  let lastFrame: RequestImage | undefined;
  const warnings = [...composed.warnings];
  if (shot.endFrame && model.imageInputs.lastFrame) {
    const fitted = tempIn(ctx.store, '.png');
    await ctx.media.fitImage(ctx.store.resolve(shot.endFrame.path), fitted, width, height, shot.endFrame.fit);
    lastFrame = storeInput(ctx.store, fitted, width, height, 'last-frame');
  } else if (shot.endFrame) {
    warnings.push(`${model.displayName} takes no end frame, so the shot's end frame is not sent.`);
  }
  const references: RequestImage[] = [];
  const canAddRefs = model.imageInputs.maxReferences > 0 && !(model.imageInputs.referencesExcludeFrames && (firstFrame || lastFrame));
  if (canAddRefs) {
    const extraShotRefs = shot.references.slice(firstFrameSource && !shot.continuePrevious ? 1 : 0);
    const pool = [...extraShotRefs, ...composed.referenceImages];
    const seen = new Set<string>();
    for (const ref of pool) {
      if (references.length >= model.imageInputs.maxReferences || seen.has(ref.path)) continue;
      seen.add(ref.path);
      references.push(referenceAsIs(ctx.store, ref, `reference-${references.length + 1}`));
    }
  }

  // 4. The registry has the last word on sizes, durations, images and retirement.
  const check = checkRequest(ctx.registry, {
    provider: shot.provider,
    model: shot.model,
    size: shot.size,
    seconds: shot.seconds,
    firstFrame: Boolean(firstFrame),
    lastFrame: Boolean(lastFrame),
    references: references.length,
    baseUrl: ctx.baseUrlOf(shot.provider),
  });
  if (!check.ok) throw new UserError('refused', `${label}: ${check.message} Nothing was sent.`);

  const request: GenerationRequest = {
    provider: shot.provider,
    model: shot.model,
    prompt: composed.prompt,
    negativePrompt: model.negativePrompt ? composed.negativePrompt : undefined,
    seconds: shot.seconds,
    size: shot.size,
    fps: all.project.format.fps,
    // Sound off (or on) only where the model makes sound; absent leaves the model's default.
    audio: model.audio && shot.audio !== null ? shot.audio : undefined,
    firstFrame,
    lastFrame,
    references: references.length ? references : undefined,
    // Local renderers read the card (title card text, and the camera move even over an image);
    // services ignore it, so it is left out for them (it would only change the hash).
    card: ctx.registry.providers[shot.provider]?.local
      ? { title: shot.title, text: shot.prompt, cameraMove: shot.cameraMove }
      : undefined,
  };
  return { shot, request, hash: requestHash(request), warnings };
}
