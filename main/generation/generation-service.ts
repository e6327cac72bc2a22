/**
 * Generation for one app session: follows the open project (resumes its queue when it opens,
 * stops it when it closes) and answers the contract's generation calls. Every refusal (budget,
 * consent, registry) happens before any job row exists or any request is sent, and for a batch
 * it is all or nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Job, Shot, Take } from '../../shared/domain';
import type { CostEstimate, LedgerLine, ShotCostLine, SpendStatus, StartResult } from '../../shared/contract/generation';
import { estimateShot, formatUsd, microsToUsd, usdToMicros } from '../../shared/cost';
import { checkRequest, type Registry } from '../../shared/registry/registry';
import { UserError } from '../errors';
import { throttleByKey } from '../ipc/event-bus';
import type { AppSession } from '../services/app-session';
import type { ProjectStore } from '../store/project-store';
import { knownSecrets, redactSecrets, type SecretStore } from '../secrets/secret-store';
import { assertWithinBudget, budgetStatus, usd } from './budget';
import { assertConsent } from './consent';
import type { IngestTake } from './ingest';
import { JobQueue, type QueueTiming } from './job-queue';
import { prepareShot, WaitForPrevious, type Composer, type MediaOps, type PreparedShot } from './prepare-inputs';
import type { ProviderFactory } from './provider-factory';
import { requestHash, type StoredRequest } from './request-hash';

export interface GenerationDeps {
  secrets: SecretStore;
  providers: ProviderFactory;
  registry: () => Registry;
  compose: Composer;
  media: MediaOps;
  ingest: IngestTake;
  timing?: Partial<QueueTiming>;
  /** Where the queue's log lines go (scrubbed of keys first). */
  log?: (line: string) => void;
  /** Minimum gap between progress events of one job. */
  progressIntervalMs?: number;
}

/** Shots chosen for an estimate or a start, with provider/model overrides applied. */
export interface ShotSelection {
  shotIds?: string[];
  provider?: string;
  model?: string;
}

export class GenerationService {
  private queue: JobQueue | null = null;
  private readonly emitJob: (job: Job, force?: boolean) => void;

  constructor(
    private readonly session: AppSession,
    private readonly deps: GenerationDeps,
  ) {
    this.emitJob = throttleByKey<Job>(deps.progressIntervalMs ?? 250, (job) => session.events.emit('job.updated', job), (job) => job.id);
    session.use({
      opened: (store) => {
        this.queue = this.makeQueue(store);
        this.queue.resume();
      },
      closing: async () => {
        const queue = this.queue;
        this.queue = null;
        await queue?.stop();
      },
    });
    // Attached after a project was opened: pick up its queue now.
    if (session.store) {
      this.queue = this.makeQueue(session.store);
      this.queue.resume();
    }
  }

  /** The key store (handlers use it for the write-only secrets calls). */
  get secrets(): SecretStore {
    return this.deps.secrets;
  }

  /** Cancels a job of the open project. */
  async cancel(jobId: string): Promise<Job> {
    const queue = this.requireQueue();
    if (!queue.repo.getJob(jobId)) throw new UserError('not_found', `Job ${jobId} does not exist. Reload the job list.`);
    return queue.cancel(jobId);
  }

  /** Scrubs every known key out of text that is about to be stored, emitted or logged. */
  scrub = (text: string): string => redactSecrets(text, knownSecrets(this.deps.secrets));

  private log = (line: string) => this.deps.log?.(this.scrub(line));

  private makeQueue(store: ProjectStore): JobQueue {
    return new JobQueue({
      store,
      providerFor: (id) => this.deps.providers.get(id),
      concurrencyFor: (id) => this.deps.providers.concurrencyOf(id),
      ingest: this.deps.ingest,
      onJob: (job, force) => this.emitJob(job, force),
      onTake: (take) => this.session.events.emit('take.created', take),
      scrub: this.scrub,
      log: this.log,
      timing: this.deps.timing,
    });
  }

  /** The open project's queue, or a clear error. */
  requireQueue(): JobQueue {
    this.session.requireStore();
    if (!this.queue) throw new UserError('unavailable', 'The generation queue is not running. Reopen the project.');
    return this.queue;
  }

  /** Refuses before queueing when a provider is missing from this build or has no key. */
  private assertProviderReady(provider: string): void {
    if (!this.deps.providers.has(provider)) {
      throw new UserError('unavailable', `Provider "${provider}" is not available in this build. Nothing was sent.`);
    }
    try {
      this.deps.providers.get(provider);
    } catch (error) {
      const reason = error instanceof Error ? this.scrub(error.message) : String(error);
      throw new UserError('refused', `${provider} cannot be used yet: ${reason} Nothing was sent.`);
    }
  }

  /** Shots in order, filtered by id, with the overrides applied (not saved). */
  private selectShots(store: ProjectStore, selection: ShotSelection): Shot[] {
    const registry = this.deps.registry();
    let model = selection.model;
    if (selection.provider && !model) {
      // A provider without a model: its first usable model in the registry.
      model = registry.models.find((m) => m.provider === selection.provider && m.status.state === 'active')?.model;
      if (!model) throw new UserError('invalid_input', `No active model of provider "${selection.provider}" is in the model registry.`);
    }
    const shots = store.listShots();
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
    const store = this.session.requireStore();
    return budgetStatus(this.requireQueue().repo, store.getProject().budgetUsd);
  }

  ledger(): { spend: SpendStatus; ledger: LedgerLine[] } {
    return { spend: this.spend(), ledger: this.requireQueue().repo.ledger() };
  }

  /** Cost per shot and total from the registry; nothing is prepared or sent. */
  estimate(selection: ShotSelection): CostEstimate {
    const store = this.session.requireStore();
    const registry = this.deps.registry();
    const shots = this.selectShots(store, selection);
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
    const store = this.session.requireStore();
    const queue = this.requireQueue();
    const registry = this.deps.registry();
    const project = store.getProject();
    const allShots = store.listShots();
    const elements = store.listElements();
    let shots = this.selectShots(store, options);
    if (options.onlyMissing) shots = shots.filter((s) => !s.selectedTakeId);

    // Prepare everything first: any refusal here means nothing is queued or sent.
    const prepared: PreparedShot[] = [];
    const deferred: StartResult['deferred'] = [];
    const view = allShots.map((s) => shots.find((x) => x.id === s.id) ?? s);
    for (const shot of shots) {
      try {
        prepared.push(
          await prepareShot(
            { store, repo: queue.repo, registry, compose: this.deps.compose, media: this.deps.media, baseUrlOf: (p) => this.deps.providers.baseUrlOf(p) },
            shot,
            { project, shots: view, elements },
          ),
        );
      } catch (error) {
        if (error instanceof WaitForPrevious) deferred.push({ shotId: shot.id, reason: error.message });
        else throw error;
      }
    }
    for (const provider of new Set(prepared.map((p) => p.request.provider))) this.assertProviderReady(provider);

    const reused: StartResult['reused'] = [];
    const existingJobs: Job[] = [];
    const toQueue: Array<PreparedShot & { estimateUsd: number }> = [];
    for (const p of prepared) {
      const running = queue.repo.activeJobByHash(p.hash);
      if (running && running.shotId === p.shot.id) {
        existingJobs.push(running);
        continue;
      }
      if (!options.newTake) {
        const take = queue.repo.readyTakeByHash(p.hash, p.shot.id);
        if (take) {
          reused.push({ shotId: p.shot.id, takeId: this.reuseTake(store, queue, take, p.shot.id).id });
          continue;
        }
      }
      const e = estimateShot(registry, p.shot);
      if (e.micros === null) throw new UserError('refused', `No price is known for ${p.shot.model} at ${p.shot.size}, so it cannot be checked against the budget. ${e.note ?? ''} Nothing was sent.`);
      toQueue.push({ ...p, estimateUsd: microsToUsd(e.micros) });
    }

    const totalMicros = toQueue.reduce((sum, p) => sum + usdToMicros(p.estimateUsd), 0);
    const total = microsToUsd(totalMicros);
    const what = `${toQueue.length} shot${toQueue.length === 1 ? '' : 's'}`;
    if (options.maxUsd !== undefined && total > options.maxUsd + 0.005) {
      throw new UserError('refused', `${what} would cost about ${usd(total)}, over the ${usd(options.maxUsd)} limit set for this run. Nothing was sent.`);
    }
    assertWithinBudget(queue.repo, project.budgetUsd, total, what);

    const jobs = store.transaction(() =>
      toQueue.map((p) =>
        queue.repo.insertJob({ kind: 'generate', shotId: p.shot.id, request: p.request, hash: p.hash, estimateUsd: p.estimateUsd }),
      ),
    );
    for (const job of jobs) {
      this.emitJob(job, true);
      queue.start(job.id);
    }
    return { jobs: [...jobs, ...existingJobs], reused, deferred, estimateUsd: total };
  }

  /**
   * A ready take of an identical request serves this shot: itself when it belongs to the shot,
   * otherwise a $0 copy (files copied, so deleting one take never breaks the other).
   */
  private reuseTake(store: ProjectStore, queue: JobQueue, take: Take, shotId: string): Take {
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
      queue.repo.insertTake(result);
    }
    queue.repo.selectIfNone(shotId, result.id);
    this.session.events.emit('take.created', result);
    return result;
  }

  /** Remix of a finished take (providers with remix): a new job linked to the parent take. */
  async remix(takeId: string, prompt: string): Promise<Job> {
    const store = this.session.requireStore();
    const queue = this.requireQueue();
    const parent = queue.repo.getTake(takeId);
    if (!parent) throw new UserError('not_found', `Take ${takeId} does not exist (it may have been deleted). Reload the shot.`);
    if (!parent.remoteId) throw new UserError('refused', 'This take was not made by a service, so it cannot be remixed. Generate a new take instead.');
    const provider = this.deps.providers.get(parent.provider);
    if (!provider.remix) throw new UserError('refused', `${parent.provider} cannot remix takes. Generate a new take instead.`);
    const registry = this.deps.registry();
    const shot = store.getShot(parent.shotId);
    const elements = store.listElements();
    const composed = this.deps.compose({ style: store.getProject().style, shot: { ...shot, prompt }, elements, model: checkOk(registry, parent), imageAttached: false });
    const mentioned = composed.mentioned;
    assertConsent({ ...shot, references: [] }, mentioned, elements);
    const request: StoredRequest = {
      ...(parent.request as unknown as StoredRequest),
      prompt: composed.prompt,
      remixOf: { takeId: parent.id, remoteId: parent.remoteId },
    };
    const e = estimateShot(registry, { id: shot.id, provider: parent.provider, model: parent.model, size: parent.size, seconds: parent.seconds });
    const estimateUsd = e.micros === null ? 0 : microsToUsd(e.micros);
    assertWithinBudget(queue.repo, store.getProject().budgetUsd, estimateUsd, 'This remix');
    const job = queue.repo.insertJob({ kind: 'remix', shotId: shot.id, request, hash: requestHash(request), estimateUsd, parentTakeId: parent.id });
    this.emitJob(job, true);
    queue.start(job.id);
    return job;
  }
}

function checkOk(registry: Registry, take: Take) {
  const model = registry.models.find((m) => m.provider === take.provider && m.model === take.model);
  if (!model) throw new UserError('refused', `${take.model} is no longer in the model registry, so this take cannot be remixed.`);
  return model;
}
