/**
 * Stills: a shot's storyboard frame from an image model (cheap, or free with the local still),
 * an element's reference sheet, and a still taken as the shot's first frame. Every refusal
 * (no image model, price unknown, budget, consent, registry) happens before a job exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Element, GenerationRequest, Job, Shot, SizeString } from '../../shared/domain';
import type { StillEstimate, StillInput, SheetInput } from '../../shared/contract/stills';
import { formatUsd, microsToUsd, priceMicros, usdToMicros } from '../../shared/cost';
import { referenceSheetPrompt } from '../../shared/prompt/reference-sheet';
import { checkRequest, findModel, type Registry } from '../../shared/registry/registry';
import type { ModelEntry } from '../../shared/registry/registry-schema';
import { defaultStillModel, imageModels, nearestSize } from '../../shared/still-choice';
import { UserError } from '../errors';
import { importReferenceImage } from '../media/import-reference';
import { assertWithinBudget } from './budget';
import type { GenerationDeps } from './generation-service';
import { prepareShot } from './prepare-inputs';
import { assertProviderReady, providerUsable } from './provider-ready';
import { requestHash, sha256Hex } from './request-hash';

/** An image model chosen and sized, priced or refused. */
interface StillPlan {
  model: ModelEntry;
  size: SizeString;
  usd: number;
}

export class StillService {
  constructor(private readonly deps: GenerationDeps) {}

  private get store() {
    return this.deps.store;
  }

  /** The model, size and price a shot's still would use, sending nothing. */
  estimate(input: StillInput): StillEstimate {
    const shot = this.store.shots.get(input.shotId);
    try {
      const plan = this.plan(input, shot.provider, shot.size);
      return { provider: plan.model.provider, model: plan.model.model, displayName: plan.model.displayName, size: plan.size, usd: plan.usd, text: formatUsd(usdToMicros(plan.usd)), problem: null };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { provider: input.provider ?? null, model: input.model ?? null, displayName: null, size: null, usd: null, text: 'price unknown', problem: error.message };
    }
  }

  /** Queues a still frame of a shot: a frame take, never selected as the shot's clip. */
  async still(input: StillInput): Promise<Job> {
    const { store, registry } = this.deps;
    const shot = store.shots.get(input.shotId);
    const plan = this.plan(input, shot.provider, shot.size);
    // The still is the shot's opening frame: its words and first image, never the previous shot's frame.
    const asStill: Shot = { ...shot, provider: plan.model.provider, model: plan.model.model, size: plan.size, continuePrevious: false, endFrame: null };
    const prepared = await prepareShot(
      { store, registry: registry(), compose: this.deps.compose, media: this.deps.media, baseUrlOf: (p) => this.deps.providers.baseUrlOf(p) },
      asStill,
      { project: store.project.get(), shots: store.shots.list().map((s) => (s.id === shot.id ? asStill : s)), elements: store.elements.list() },
    );
    const request = { ...prepared.request, output: 'image' as const };
    return this.queue({ kind: 'still', shotId: shot.id, request, usd: plan.usd, what: 'This still' });
  }

  /** Queues a reference sheet for an element: when it lands it becomes one more image of the element. */
  sheet(input: SheetInput): Job {
    const store = this.store;
    const element = store.elements.get(input.elementId);
    if (element.realPerson && !element.consent) {
      throw new UserError('refused', `@${element.name} is marked as a real person without a consent record, so nothing was sent. Add the person's consent (who, when, for what use) in the element library first.`);
    }
    const project = store.project.get();
    const plan = this.plan(input, null, `${project.format.width}x${project.format.height}`);
    const references = plan.model.imageInputs.maxReferences > 0 ? this.elementImages(element, plan.model.imageInputs.maxReferences) : [];
    const check = checkRequest(this.deps.registry(), { provider: plan.model.provider, model: plan.model.model, size: plan.size, seconds: 1, references: references.length, baseUrl: this.deps.providers.baseUrlOf(plan.model.provider) });
    if (!check.ok) throw new UserError('refused', `${check.message} Nothing was sent.`);
    const request: GenerationRequest = {
      provider: plan.model.provider,
      model: plan.model.model,
      prompt: referenceSheetPrompt(element, project.style),
      seconds: 1,
      size: plan.size,
      fps: project.format.fps,
      references: references.length ? references : undefined,
      card: this.deps.registry().providers[plan.model.provider]?.local ? { title: `@${element.name}`, text: element.description, cameraMove: '' } : undefined,
      output: 'image',
    };
    return this.queue({ kind: 'sheet', elementId: element.id, request, usd: plan.usd, what: 'This reference sheet' });
  }

  /**
   * A still frame take becomes the shot's first image (its first reference, which models that
   * take a first frame start from); "continue from previous" is turned off, as it would replace it.
   */
  async useAsFirstFrame(takeId: string): Promise<Shot> {
    const store = this.store;
    const take = store.takes.find(takeId);
    if (!take) throw new UserError('not_found', `Take ${takeId} does not exist (it may have been deleted). Reload the shot.`);
    if (take.request.output !== 'image') throw new UserError('refused', 'Only a still frame can become the first frame; this take is a clip. Make a still of the shot first.');
    const image = await importReferenceImage(store.dir, { path: store.resolve(take.files.original) });
    const named = { ...image, name: `still ${take.createdAt.slice(0, 10)}${path.extname(image.path)}` };
    const shot = store.shots.get(take.shotId!);
    const others = shot.references.filter((r) => r.path !== named.path);
    return store.transaction(() => {
      store.shots.setReferences(shot.id, [named, ...others]);
      return store.shots.update(shot.id, { continuePrevious: false });
    });
  }

  /** Model (given, or the default), size nearest the wanted framing, and a known price. */
  private plan(input: { provider?: string; model?: string }, shotProvider: string | null, wantedSize: string): StillPlan {
    const registry = this.deps.registry();
    const model = this.pickModel(registry, input, shotProvider);
    const size = nearestSize(model.sizes, wantedSize);
    if (!size) throw new UserError('refused', `${model.displayName} lists no image sizes in the registry. Pick another image model.`);
    const micros = priceMicros(registry, model, size, 1);
    if (micros === null) throw new UserError('refused', `No price is known for ${model.model} at ${size}, so it cannot be checked against the budget. Set one in the registry override. Nothing was sent.`);
    return { model, size: size as SizeString, usd: microsToUsd(micros) };
  }

  private pickModel(registry: Registry, input: { provider?: string; model?: string }, shotProvider: string | null): ModelEntry {
    if (input.model) {
      const found = input.provider ? findModel(registry, input.provider, input.model) : registry.models.find((m) => m.model === input.model && m.output === 'image');
      if (!found) throw new UserError('not_found', `The image model ${input.model} is not in the model registry. Pick one from the list.`);
      if (found.output !== 'image') throw new UserError('invalid_input', `${found.displayName} makes clips, not stills. Pick an image model.`);
      const check = checkRequest(registry, { provider: found.provider, model: found.model, size: found.sizes[0] ?? '', seconds: 1, baseUrl: this.deps.providers.baseUrlOf(found.provider) });
      if (!check.ok) throw new UserError('refused', `${check.message} Nothing was sent.`);
      return found;
    }
    if (input.provider) {
      const first = imageModels(registry.models, input.provider)[0];
      if (!first) throw new UserError('invalid_input', `${registry.providers[input.provider]?.displayName ?? input.provider} makes no stills. Pick a provider with image models.`);
      return first;
    }
    const chosen = defaultStillModel(registry.models, shotProvider ?? '', (p) => providerUsable(this.deps.providers, p));
    if (!chosen) throw new UserError('unavailable', 'No image model is in the model registry, so no still can be made.');
    return chosen;
  }

  /** The element's images as request references, as they are (reference inputs take any size). */
  private elementImages(element: Element, max: number) {
    return element.images.slice(0, max).map((img, i) => {
      const bytes = fs.readFileSync(this.store.resolve(img.path));
      const ext = path.extname(img.path) || '.png';
      const mime = ext === '.jpg' || ext === '.jpeg' ? ('image/jpeg' as const) : ext === '.webp' ? ('image/webp' as const) : ('image/png' as const);
      return { file: img.path, name: `reference-${i + 1}${ext}`, mime, width: img.width, height: img.height, sha256: sha256Hex(bytes) };
    });
  }

  private queue(job: { kind: 'still' | 'sheet'; shotId?: string; elementId?: string; request: GenerationRequest; usd: number; what: string }): Job {
    const { store, queue } = this.deps;
    assertProviderReady(this.deps.providers, this.deps.scrub, job.request.provider);
    const hash = requestHash(job.request);
    // The same still already on its way: that job, not a second payment.
    const running = store.jobs.activeByHash(hash);
    if (running && running.shotId === (job.shotId ?? null) && running.elementId === (job.elementId ?? null)) return running;
    assertWithinBudget(store, store.project.get().budgetUsd, job.usd, job.what);
    const inserted = store.jobs.insert({ kind: job.kind, ...(job.shotId ? { shotId: job.shotId } : { elementId: job.elementId! }), request: job.request, hash, estimateUsd: job.usd });
    this.deps.emitJob(inserted, true);
    queue.start(inserted.id);
    return inserted;
  }
}
