/**
 * Generation for one open project: estimates, previews, starts, remixes and cancels the jobs of
 * its queue. Every refusal (budget, consent, registry) happens before any job row exists or any
 * request is sent, and for a batch it is all or nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Job, Shot, Take } from '../../shared/domain';
import type { CostEstimate, FollowUpEstimate, FollowUpInput, ShotCostLine, SpendReport, SpendStatus, StartResult } from '../../shared/contract/generation';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import { estimateShot, formatUsd, microsToUsd, usdToMicros } from '../../shared/cost';
import { checkRequest, type Registry } from '../../shared/registry/registry';
import type { ModelEntry } from '../../shared/registry/registry-schema';
import { UserError } from '../errors';
import type { ProviderFactory } from '../providers/provider-factory';
import type { ProjectStore } from '../store/project-store';
import { assertWithinBudget, budgetStatus, usd } from './budget';
import { assertConsent } from './consent';
import { previewGeneration, type PreviewInput } from './generation-preview';
import { assertProviderReady } from './provider-ready';
import type { JobQueue } from './job-queue';
import { prepareShot, WaitForPrevious, type Composer, type MediaOps, type PreparedShot } from './prepare-inputs';
import { requestHash } from './request-hash';

/** What one open project's generation works with (built by the composition root). */
export interface GenerationDeps {
  store: ProjectStore;
  queue: JobQueue;
  registry: () => Registry;
  providers: ProviderFactory;
  compose: Composer;
  media: MediaOps;
  /** A job snapshot out (throttled; `force` for state changes). */
  emitJob(job: Job, force?: boolean): void;
  /** A take appeared (reused at $0). */
  emitTake(take: Take): void;
  /** Scrubs every known key out of text before it is stored, emitted or logged. */
  scrub(text: string): string;
  log(line: string): void;
}

/** Shots chosen for an estimate or a start, with provider/model overrides applied. */
export interface ShotSelection {
  shotIds?: string[];
  provider?: string;
  model?: string;
}

export class GenerationService {
  constructor(private readonly deps: GenerationDeps) {}

  private get store(): ProjectStore {
    return this.deps.store;
  }

  /** Cancels a job of the project. */
  async cancel(jobId: string): Promise<Job> {
    if (!this.store.jobs.find(jobId)) throw new UserError('not_found', `Job ${jobId} does not exist. Reload the job list.`);
    return this.deps.queue.cancel(jobId);
  }

  /**
   * Sends a job whose outcome is unknown once more: the user checked the service and says so.
   * The budget is checked again (the first create may have been billed too).
   */
  resend(jobId: string): Job {
    const job = this.store.jobs.find(jobId);
    if (!job) throw new UserError('not_found', `Job ${jobId} does not exist. Reload the job list.`);
    if (job.status !== 'unknown') throw new UserError('refused', `This job is ${job.status}, not waiting for a decision; nothing was sent.`);
    this.assertProviderReady(job.provider);
    return this.deps.queue.resend(jobId);
  }

  /**
   * A remix, extension or edit that ended without a take, sent again as it was asked: the same
   * stored request from the same parent take, checked again (provider, retirement, budget).
   */
  retryFollowUp(jobId: string): Job {
    const job = this.store.jobs.find(jobId);
    if (!job) throw new UserError('not_found', `Job ${jobId} does not exist. Reload the job list.`);
    if (job.kind !== 'remix' && job.kind !== 'extend' && job.kind !== 'edit') throw new UserError('invalid_input', `This job is a ${job.kind}, not a remix, extension or edit; generate the shot again instead.`);
    if (!['failed', 'refused', 'cancelled'].includes(job.status)) throw new UserError('refused', `This ${job.kind} is ${job.status}; only one that ended without a take can be sent again. Nothing was sent.`);
    const parent = this.followUpParent(job.parentTakeId ?? '', job.kind);
    const request = this.store.jobs.request(job.id);
    const check = checkRequest(this.deps.registry(), { provider: request.provider, model: request.model, size: request.size, seconds: request.seconds, baseUrl: this.deps.providers.baseUrlOf(request.provider) });
    if (!check.ok) throw new UserError('refused', `${check.message} Nothing was sent.`);
    return this.queueFollowUp({ kind: job.kind, parent, request, estimateUsd: job.estimateUsd });
  }

  /** Refuses before queueing when a provider is missing from this build or has no key. */
  private assertProviderReady(provider: string): void {
    assertProviderReady(this.deps.providers, this.deps.scrub, provider);
  }

  /** Shots in order, filtered by id, with the overrides applied (not saved). */
  private selectShots(selection: ShotSelection): Shot[] {
    const registry = this.deps.registry();
    let model = selection.model;
    if (selection.provider && !model) {
      // A provider without a model: its first usable model in the registry.
      model = registry.models.find((m) => m.provider === selection.provider && m.output === 'video' && m.status.state === 'active')?.model;
      if (!model) throw new UserError('invalid_input', `No active video model of provider "${selection.provider}" is in the model registry.`);
    }
    const shots = this.store.shots.list();
    const wanted = selection.shotIds ? new Set(selection.shotIds) : null;
    if (wanted) {
      const missing = [...wanted].filter((id) => !shots.some((s) => s.id === id));
      if (missing.length) throw new UserError('not_found', `Shot ${missing[0]} does not exist. Reload the project.`);
    }
    return shots.map((s) => {
      if (wanted && !wanted.has(s.id)) return s;
      return { ...s, provider: selection.provider ?? s.provider, model: model ?? s.model };
    }).filter((s) => !wanted || wanted.has(s.id));
  }

  spend(): SpendStatus {
    return budgetStatus(this.store, this.store.project.get().budgetUsd);
  }

  ledger(): SpendReport {
    const { ledger } = this.store;
    return { spend: this.spend(), ledger: ledger.list(), byProvider: ledger.breakdownBy('provider'), byShot: ledger.breakdownBy('shot') };
  }

  /** Exactly what generating one shot would send now, writing and sending nothing. */
  preview(input: PreviewInput): Promise<GenerationPreview> {
    return previewGeneration(this.deps, (selection) => this.estimate(selection), input);
  }

  /** Cost per shot and total from the registry; nothing is prepared or sent. */
  estimate(selection: ShotSelection): CostEstimate {
    const registry = this.deps.registry();
    const shots = this.selectShots(selection);
    let total = 0;
    let thirdParty = false;
    const lines: ShotCostLine[] = shots.map((shot) => {
      const e = estimateShot(registry, shot);
      if (e.micros !== null) total += e.micros;
      if (e.micros && e.source === 'third-party') thirdParty = true;
      const check = checkRequest(registry, {
        provider: shot.provider,
        model: shot.model,
        size: shot.size,
        seconds: shot.seconds,
        firstFrame: shot.continuePrevious || shot.references.length > 0 ? true : undefined,
        baseUrl: this.deps.providers.baseUrlOf(shot.provider),
      });
      return {
        shotId: shot.id,
        title: shot.title,
        provider: shot.provider,
        model: shot.model,
        size: shot.size,
        seconds: shot.seconds,
        usd: e.micros === null ? null : microsToUsd(e.micros),
        text: e.text,
        problem: check.ok ? (e.note ?? null) : check.message,
      };
    });
    return { shots: lines, totalUsd: microsToUsd(total), totalText: formatUsd(total), includesThirdPartyPrices: thirdParty, spend: this.spend() };
  }

  /**
   * Queues jobs for the selected shots. Identical requests reuse their take at $0 (unless
   * `newTake`); a request already in the queue is not queued twice.
   */
  async start(options: ShotSelection & { onlyMissing?: boolean; newTake?: boolean; maxUsd?: number }): Promise<StartResult> {
    const { store, queue } = this.deps;
    const registry = this.deps.registry();
    const project = store.project.get();
    const allShots = store.shots.list();
    const elements = store.elements.list();
    let shots = this.selectShots(options);
    if (options.onlyMissing) shots = shots.filter((s) => !s.selectedTakeId);

    // Prepare everything first: any refusal here means nothing is queued or sent. A shot that
    // continues the previous one waits (persisted) when that shot's take is on its way, from
    // this batch or an earlier one; with nothing coming it cannot be made yet.
    const prepared: PreparedShot[] = [];
    const waiting: Shot[] = [];
    const deferred: StartResult['deferred'] = [];
    const view = allShots.map((s) => shots.find((x) => x.id === s.id) ?? s);
    const coming = new Set(store.jobs.active().map((j) => j.shotId));
    for (const shot of shots) {
      try {
        prepared.push(
          await prepareShot(
            { store, registry, compose: this.deps.compose, media: this.deps.media, baseUrlOf: (p) => this.deps.providers.baseUrlOf(p) },
            shot,
            { project, shots: view, elements },
          ),
        );
        coming.add(shot.id);
      } catch (error) {
        if (!(error instanceof WaitForPrevious)) throw error;
        const previous = view[view.findIndex((s) => s.id === shot.id) - 1]!;
        if (coming.has(previous.id)) {
          this.checkWaitingShot(shot, registry);
          waiting.push(shot);
          coming.add(shot.id);
        } else {
          deferred.push({ shotId: shot.id, reason: `${error.message} Nothing is making one: generate ${labelOf(previous, view)} first, or both together.` });
        }
      }
    }
    for (const provider of new Set([...prepared.map((p) => p.request.provider), ...waiting.map((s) => s.provider)])) this.assertProviderReady(provider);
    for (const provider of new Set(prepared.map((p) => p.request.provider))) this.assertProviderReady(provider);

    const reused: StartResult['reused'] = [];
    const existingJobs: Job[] = [];
    const toQueue: Array<PreparedShot & { estimateUsd: number }> = [];
    for (const p of prepared) {
      const running = store.jobs.activeByHash(p.hash);
      if (running && running.shotId === p.shot.id) {
        existingJobs.push(running);
        continue;
      }
      if (!options.newTake) {
        const take = store.takes.readyByHash(p.hash, p.shot.id);
        if (take) {
          reused.push({ shotId: p.shot.id, takeId: this.reuseTake(take, p.shot.id).id });
          continue;
        }
      }
      toQueue.push({ ...p, estimateUsd: this.priceOf(registry, p.shot) });
    }

    const waitEstimates = waiting.map((shot) => ({ shot, estimateUsd: this.priceOf(registry, shot) }));
    const totalMicros = [...toQueue, ...waitEstimates].reduce((sum, p) => sum + usdToMicros(p.estimateUsd), 0);
    const total = microsToUsd(totalMicros);
    const count = toQueue.length + waiting.length;
    const what = `${count} shot${count === 1 ? '' : 's'}`;
    if (options.maxUsd !== undefined && total > options.maxUsd + 0.005) {
      throw new UserError('refused', `${what} would cost about ${usd(total)}, over the ${usd(options.maxUsd)} limit set for this run. Nothing was sent.`);
    }
    assertWithinBudget(store, project.budgetUsd, total, what);

    const { jobs, waitingJobs } = store.transaction(() => ({
      jobs: toQueue.map((p) => store.jobs.insert({ kind: 'generate', shotId: p.shot.id, request: p.request, hash: p.hash, estimateUsd: p.estimateUsd })),
      waitingJobs: waitEstimates.map(({ shot, estimateUsd }) => {
        const previous = view[view.findIndex((s) => s.id === shot.id) - 1]!;
        return store.jobs.insertWaiting({
          shotId: shot.id,
          provider: shot.provider,
          model: shot.model,
          waitingFor: previous.id,
          estimateUsd,
          start: { newTake: options.newTake === true },
          message: `Waiting for the take of ${labelOf(previous, view)}: this shot starts from its last frame.`,
        });
      }),
    }));
    for (const job of [...jobs, ...waitingJobs]) this.deps.emitJob(job, true);
    for (const job of jobs) queue.start(job.id);
    return { jobs: [...jobs, ...waitingJobs, ...existingJobs], reused, deferred, estimateUsd: total };
  }

  /** The estimate a job reserves; a shot without a known price cannot be checked against the budget. */
  private priceOf(registry: Registry, shot: Shot): number {
    const e = estimateShot(registry, shot);
    if (e.micros === null) throw new UserError('refused', `No price is known for ${shot.model} at ${shot.size}, so it cannot be checked against the budget. ${e.note ?? ''} Nothing was sent.`);
    return microsToUsd(e.micros);
  }

  /** What can be checked of a waiting shot before its first frame exists (the registry's word on the rest). */
  private checkWaitingShot(shot: Shot, registry: Registry): void {
    const check = checkRequest(registry, {
      provider: shot.provider,
      model: shot.model,
      size: shot.size,
      seconds: shot.seconds,
      firstFrame: true,
      baseUrl: this.deps.providers.baseUrlOf(shot.provider),
    });
    if (!check.ok) throw new UserError('refused', `${labelOf(shot, this.store.shots.list())}: ${check.message} Nothing was sent.`);
  }

  /**
   * Prepares every waiting job whose previous shot now has a ready take, and hands it to the
   * queue; fails those whose previous shot's take will not come (its job ended without one).
   * Runs after a take arrives, after a job ends, and when the project opens; one run at a time.
   */
  advanceWaiting(): Promise<void> {
    const run = this.advancing.then(() => this.advanceOnce());
    this.advancing = run.catch((error: unknown) => this.deps.log(`[queue] preparing waiting jobs failed: ${error instanceof Error ? error.message : String(error)}`));
    return this.advancing;
  }

  private advancing: Promise<void> = Promise.resolve();

  private async advanceOnce(): Promise<void> {
    const { store, queue } = this.deps;
    if (!store.isOpen) return;
    for (const job of store.jobs.waiting()) {
      const shots = store.shots.list();
      const shot = shots.find((s) => s.id === job.shotId);
      if (!shot) continue;
      const selected = { ...shot, provider: job.provider, model: job.model };
      const view = shots.map((s) => (s.id === shot.id ? selected : s));
      try {
        const p = await prepareShot(
          { store, registry: this.deps.registry(), compose: this.deps.compose, media: this.deps.media, baseUrlOf: (id) => this.deps.providers.baseUrlOf(id) },
          selected,
          { project: store.project.get(), shots: view, elements: store.elements.list() },
        );
        if (!store.isOpen || store.jobs.find(job.id)?.status !== 'waiting') continue;
        const reusable = store.jobs.waitingStart(job.id).newTake ? null : store.takes.readyByHash(p.hash, shot.id);
        if (reusable) {
          const take = this.reuseTake(reusable, shot.id);
          this.deps.emitJob(store.jobs.update(job.id, { status: 'done', progress: 1, takeId: take.id, message: 'An identical take was reused at $0.' }), true);
          continue;
        }
        const ready = store.jobs.prepared(job.id, { request: p.request, hash: p.hash, estimateUsd: job.estimateUsd });
        this.deps.emitJob(ready, true);
        queue.start(ready.id);
      } catch (error) {
        if (!store.isOpen || store.jobs.find(job.id)?.status !== 'waiting') continue;
        if (error instanceof WaitForPrevious) {
          const previous = view[view.findIndex((s) => s.id === shot.id) - 1];
          const stillComing = previous && store.jobs.active().some((j) => j.shotId === previous.id);
          if (stillComing) continue;
          const message = `${error.message} The job that was to make it ended without a take, so this shot was not sent. Generate ${previous ? labelOf(previous, view) : 'the previous shot'}, then this one.`;
          this.deps.emitJob(store.jobs.update(job.id, { status: 'failed', message }), true);
          continue;
        }
        const message = error instanceof Error ? this.deps.scrub(error.message) : String(error);
        const status = error instanceof UserError && error.code === 'refused' ? 'refused' : 'failed';
        this.deps.emitJob(store.jobs.update(job.id, { status, message }), true);
      }
    }
  }

  /** Waits until the queue is idle and no waiting job can move on: what the CLI waits for, and closing. */
  async idle(): Promise<void> {
    for (;;) {
      await this.deps.queue.idle();
      await this.advancing;
      if (!this.deps.queue.busy) return;
    }
  }

  /**
   * A ready take of an identical request serves this shot: itself when it belongs to the shot,
   * otherwise a $0 copy (files copied, so deleting one take never breaks the other).
   */
  private reuseTake(take: Take, shotId: string): Take {
    const store = this.store;
    let result = take;
    if (take.shotId !== shotId) {
      const id = crypto.randomUUID();
      const copy = (rel: string | null): string | null => {
        if (!rel) return null;
        const target = `media/takes/reused-${id}/${path.posix.basename(rel)}`;
        fs.mkdirSync(path.dirname(store.resolve(target)), { recursive: true });
        fs.copyFileSync(store.resolve(rel), store.resolve(target));
        return target;
      };
      result = {
        ...take,
        id,
        shotId,
        costUsd: 0,
        createdAt: new Date().toISOString(),
        files: {
          original: copy(take.files.original)!,
          normalised: copy(take.files.normalised),
          poster: copy(take.files.poster),
          filmstrip: copy(take.files.filmstrip),
        },
      };
      store.takes.insert(result);
    }
    store.shots.selectIfNone(shotId, result.id);
    this.deps.emitTake(result);
    return result;
  }

  /** Remix of a finished take (providers whose capabilities say remix): a new job linked to the parent take. */
  async remix(takeId: string, prompt: string): Promise<Job> {
    const plan = this.planFollowUp({ kind: 'remix', takeId, prompt });
    return this.queueFollowUp(plan);
  }

  /**
   * Extension of a finished take (providers whose capabilities say extend): a new job for
   * `seconds` more (default the shot's length) from `prompt` (default the shot's), whose take is
   * linked to the parent. The model's durations apply to the seconds added.
   */
  async extend(takeId: string, options: { prompt?: string; seconds?: number } = {}): Promise<Job> {
    return this.queueFollowUp(this.planFollowUp({ kind: 'extend', takeId, ...options }));
  }

  /**
   * Edit of a finished take (providers whose capabilities say edit): video-to-video from the
   * take's file, or "refine this take" at services that keep it, with `prompt` saying what to
   * change; `model` picks the provider's edit model where it has a separate one.
   */
  async edit(takeId: string, options: { prompt: string; model?: string }): Promise<Job> {
    return this.queueFollowUp(this.planFollowUp({ kind: 'edit', takeId, ...options }));
  }

  /** What a remix, extension or edit would cost and whether it can go, sending nothing (for the confirmation). */
  estimateFollowUp(input: FollowUpInput): FollowUpEstimate {
    try {
      const plan = this.planFollowUp(input);
      return { usd: plan.estimateUsd, text: formatUsd(usdToMicros(plan.estimateUsd)), problem: null, spend: this.spend() };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { usd: null, text: 'price unknown', problem: error.message, spend: this.spend() };
    }
  }

  /**
   * Everything a follow-up needs before it may be queued, checked like a generation: the
   * provider can do it, the model is still served (retirement) and allows the duration, and
   * the price is known (an unknown price cannot be checked against the budget).
   */
  private planFollowUp(input: FollowUpInput): FollowUpPlan {
    const parent = this.followUpParent(input.takeId, input.kind);
    const shot = this.store.shots.get(parent.shotId);
    if (input.kind !== 'extend' && !input.prompt?.trim()) throw new UserError('invalid_input', `A ${input.kind} needs a prompt saying what to change.`);
    const registry = this.deps.registry();
    const model = input.kind === 'edit' && input.model ? input.model : parent.model;
    const seconds = input.kind === 'extend' ? (input.seconds ?? shot.seconds) : parent.seconds;
    const check = checkRequest(registry, { provider: parent.provider, model, size: parent.size, seconds, baseUrl: this.deps.providers.baseUrlOf(parent.provider) });
    if (!check.ok) throw new UserError('refused', `${check.message} Nothing was sent.`);
    const e = estimateShot(registry, { id: parent.shotId, provider: parent.provider, model, size: parent.size, seconds });
    if (e.micros === null) throw new UserError('refused', `No price is known for ${model} at ${parent.size}, so this ${input.kind} cannot be checked against the budget. ${e.note ?? ''} Nothing was sent.`);
    const words = input.prompt ?? shot.prompt;
    const base = { ...parent.request, model, prompt: this.composeFor(parent, words, check.model), seconds, remixOf: undefined, extendOf: undefined, editOf: undefined };
    const request: Take['request'] =
      input.kind === 'remix'
        ? { ...base, remixOf: { takeId: parent.id, remoteId: parent.remoteId! } }
        : input.kind === 'extend'
          ? { ...base, extendOf: { takeId: parent.id, remoteId: parent.remoteId! } }
          : { ...base, editOf: { takeId: parent.id, remoteId: parent.remoteId, video: parent.files.original } };
    return { kind: input.kind, parent, request, estimateUsd: microsToUsd(e.micros) };
  }

  /** The take a follow-up starts from, refused in words when its provider cannot. */
  private followUpParent(takeId: string, what: FollowUpKind): Take {
    const parent = this.store.takes.find(takeId);
    if (!parent) throw new UserError('not_found', `Take ${takeId} does not exist (it may have been deleted). Reload the shot.`);
    const verb = { remix: 'remixed', extend: 'extended', edit: 'edited' }[what];
    if (parent.request.output === 'image') throw new UserError('refused', `This take is a still frame, so it cannot be ${verb}. Generate the shot's video instead.`);
    // An edit works from the take's file; a remix or extension from the service's own job.
    if (!parent.remoteId && what !== 'edit') throw new UserError('refused', `This take was not made by a service, so it cannot be ${verb}. Generate a new take instead.`);
    const descriptor = this.deps.registry().providers[parent.provider];
    const adapter = this.deps.providers.get(parent.provider);
    if (!descriptor?.capabilities[what] || !adapter[what]) {
      throw new UserError('refused', `${descriptor?.displayName ?? parent.provider} cannot ${what} takes. Generate a new take instead.`);
    }
    return parent;
  }

  /** The prompt of a follow-up, composed for its model with the consent gate. */
  private composeFor(parent: Take, prompt: string, model: ModelEntry): string {
    const shot = this.store.shots.get(parent.shotId);
    const elements = this.store.elements.list();
    const composed = this.deps.compose({ style: this.store.project.get().style, shot: { ...shot, prompt }, elements, model, imageAttached: false });
    assertConsent({ ...shot, references: [] }, composed.mentioned, elements);
    return composed.prompt;
  }

  private queueFollowUp(plan: FollowUpPlan): Job {
    const { store, queue } = this.deps;
    const what = { remix: 'This remix', extend: 'This extension', edit: 'This edit' }[plan.kind];
    this.assertProviderReady(plan.parent.provider);
    assertWithinBudget(store, store.project.get().budgetUsd, plan.estimateUsd, what);
    const job = store.jobs.insert({ kind: plan.kind, shotId: plan.parent.shotId, request: plan.request, hash: requestHash(plan.request), estimateUsd: plan.estimateUsd, parentTakeId: plan.parent.id });
    this.deps.emitJob(job, true);
    queue.start(job.id);
    return job;
  }
}

type FollowUpKind = FollowUpInput['kind'];

/** A follow-up checked and priced, ready to queue. */
interface FollowUpPlan {
  kind: FollowUpKind;
  parent: Take;
  request: Take['request'];
  estimateUsd: number;
}

/** "Shot 3" or its title in quotes, for messages. */
function labelOf(shot: Shot, shots: readonly Shot[]): string {
  return shot.title ? `"${shot.title}"` : `shot ${shots.findIndex((s) => s.id === shot.id) + 1}`;
}
