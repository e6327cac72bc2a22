/**
 * A dry run of generating one shot: runs the very preparation `generation.start` runs
 * (main/generation/prepare-inputs.ts) with the same provider/model choice and price
 * (`generation.estimate`), so the inspector's "Prompt as sent" cannot drift from what is sent.
 *
 * Nothing is written to the project: paths under media/inputs resolve into a throwaway folder,
 * and the image work (last frame, fitting) is only recorded, not done, since the preview needs
 * to say which image goes and how, not to make it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import { findModel, type Registry } from '../../shared/registry/registry';
import type { GenerationPreview, PreviewFirstFrame } from '../../shared/contract/generation-preview';
import type { Element, ImageFit, Project, Shot } from '../../shared/domain';
import type { CostEstimate } from '../../shared/contract/generation';
import { UserError } from '../errors';
import type { ProjectStore } from '../store/project-store';
import type { GenerationDeps, ShotSelection } from './generation-service';
import { prepareShot, WaitForPrevious, type MediaOps } from './prepare-inputs';

/** Where prepare-inputs keeps the images it sends (redirected for a dry run). */
const INPUTS_DIR = 'media/inputs';

export interface PreviewInput {
  shotId: string;
  provider?: string;
  model?: string;
}

/** A store whose media/inputs folder is `scratch`; everything else reads the real project. */
function scratchInputs(store: ProjectStore, scratch: string): ProjectStore {
  const resolve = (relative: string) => {
    const normal = relative.replace(/\\/g, '/');
    return normal === INPUTS_DIR || normal.startsWith(`${INPUTS_DIR}/`) ? path.join(scratch, normal) : store.resolve(relative);
  };
  return new Proxy(store, {
    get: (target, key) => {
      if (key === 'resolve') return resolve;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Media ops that note what would be done and leave a placeholder where the file would be. */
function recordingMedia() {
  type Fit = { src: string; width: number; height: number; fit: ImageFit };
  // Fits in the order prepare-inputs makes them: the first frame (if any), then the end frame.
  const seen: { lastFrameOf: string | null; fits: Fit[] } = { lastFrameOf: null, fits: [] };
  const media: MediaOps = {
    async fitImage(src, dest, width, height, fit) {
      seen.fits.push({ src, width, height, fit });
      fs.writeFileSync(dest, '');
    },
    async lastFrame(video, dest) {
      seen.lastFrameOf = video;
      fs.writeFileSync(dest, '');
    },
  };
  return { media, seen };
}

/** Exactly what generating `input.shotId` would send now, writing and sending nothing. */
export async function previewGeneration(
  deps: Pick<GenerationDeps, 'store' | 'registry' | 'providers'>,
  estimate: (selection: ShotSelection) => CostEstimate,
  input: PreviewInput,
): Promise<GenerationPreview> {
  const { store } = deps;
  // The estimate applies the same provider/model overrides as a start, and prices the shot.
  const line = estimate({ shotIds: [input.shotId], provider: input.provider, model: input.model }).shots[0];
  if (!line) throw new UserError('not_found', `Shot ${input.shotId} does not exist. Reload the project.`);
  const registry = deps.registry();
  const project = store.project.get();
  const elements = store.elements.list();
  const shots = store.shots.list().map((s): Shot => (s.id === input.shotId ? { ...s, provider: line.provider, model: line.model } : s));
  const shot = shots.find((s) => s.id === input.shotId)!;

  const base: GenerationPreview = {
    shotId: shot.id,
    provider: shot.provider,
    model: shot.model,
    size: shot.size,
    seconds: shot.seconds,
    prompt: '',
    negativePrompt: null,
    warnings: [],
    firstFrame: null,
    lastFrame: null,
    references: [],
    problem: null,
    waiting: null,
    usd: line.usd,
    priceText: line.text,
  };

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-preview-'));
  const { media, seen } = recordingMedia();
  try {
    const prepared = await prepareShot(
      {
        store: scratchInputs(store, scratch),
        registry,
        compose: composePrompt,
        media,
        baseUrlOf: (p) => deps.providers.baseUrlOf(p),
      },
      shot,
      { project, shots, elements },
    );
    const { request } = prepared;
    const relative = (abs: string) => path.relative(store.dir, abs).split(path.sep).join('/');
    let firstFrame: PreviewFirstFrame | null = null;
    const firstFit = request.firstFrame ? seen.fits[0] : undefined;
    if (request.firstFrame && firstFit) {
      const from = seen.lastFrameOf ?? firstFit.src;
      firstFrame = {
        source: seen.lastFrameOf ? 'previous-take' : 'reference',
        path: relative(from),
        fit: firstFit.fit,
        width: request.firstFrame.width,
        height: request.firstFrame.height,
      };
    }
    const endFit = request.lastFrame ? seen.fits[request.firstFrame ? 1 : 0] : undefined;
    const lastFrame = request.lastFrame && endFit ? { path: relative(endFit.src), fit: endFit.fit, width: request.lastFrame.width, height: request.lastFrame.height } : null;
    return {
      ...base,
      prompt: request.prompt,
      negativePrompt: request.negativePrompt ?? null,
      warnings: prepared.warnings,
      firstFrame,
      lastFrame,
      references: (request.references ?? []).map((r) => ({ path: r.file, name: r.name })),
    };
  } catch (error) {
    if (error instanceof WaitForPrevious) return { ...base, ...wordsOnly(shot, project.style, elements, registry, true), waiting: error.message };
    if (error instanceof UserError) return { ...base, ...wordsOnly(shot, project.style, elements, registry, shot.continuePrevious || shot.references.length > 0), problem: error.message };
    if (isMissingFile(error)) return { ...base, problem: `An image of this shot is missing from the project folder (${(error as NodeJS.ErrnoException).path ?? 'unknown file'}). Remove it and add it again.` };
    throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The words alone, for a shot that cannot be prepared yet (waiting for the previous take, or
 * refused): what would be composed once it can go, with a first frame where the model takes
 * one and the shot has an image source.
 */
function wordsOnly(
  shot: Shot,
  style: Project['style'],
  elements: readonly Element[],
  registry: Registry,
  hasImage: boolean,
): Pick<GenerationPreview, 'prompt' | 'negativePrompt' | 'warnings'> {
  const model = findModel(registry, shot.provider, shot.model);
  if (!model) return { prompt: '', negativePrompt: null, warnings: [] };
  try {
    const composed = composePrompt({ style, shot, elements, model, imageAttached: hasImage && model.imageInputs.firstFrame });
    return { prompt: composed.prompt, negativePrompt: model.negativePrompt ? (composed.negativePrompt ?? null) : null, warnings: composed.warnings };
  } catch {
    return { prompt: '', negativePrompt: null, warnings: [] };
  }
}
