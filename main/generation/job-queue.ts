/**
 * The durable generation queue for one open project.
 *
 * Every job is a row in `jobs` before anything is sent; each phase change is committed before
 * the next call goes out, so a killed process finds each job where it stopped:
 *
 *   queued -> submitting -> running -> downloading -> ingesting -> done
 *                  \-> unknown (waits for the user)    (failed | refused | cancelled)
 *
 * - submit: the remote id (and, for paid jobs, the ledger line) is committed in the same
 *   transaction as soon as submit returns, before the first poll.
 * - never pay twice: a create is sent once. It is sent again only when that cannot bill twice:
 *   after a 429 or a failure that never reached the service; after an ambiguous failure (5xx,
 *   connection dropped after sending) only with the same idempotency key, or when a lookup of
 *   the service's recent jobs finds none it made. Otherwise the job becomes `unknown` and
 *   waits for the user (resend or cancel). See createOnce.
 * - resume: a job with a remote id is polled, never submitted again. A job found in
 *   `submitting` without an id gets the same treatment as an ambiguous failure. Local
 *   providers are simply run again.
 * - retries: reads (poll, download) back off exponentially with jitter on 429, 5xx, connection
 *   loss and cut-off downloads, honouring retry-after; refusals and bad requests never retry.
 * - concurrency: per provider (settings, default 2); a slot is held from submit until the
 *   service reports the job finished; downloads (as many at once as render slots) and ingest
 *   (two at once) run outside it, so the next job starts rendering while this one downloads.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { newTake } from '../../shared/defaults';
import type { Element, GenerationRequest, Job, JobStatus, Take } from '../../shared/domain';
import { ProviderError, type Billed, type CreateGuard, type PollResult, type SubmitOptions, type SubmitResult, type VideoProvider } from '../providers/provider';
import { isTerminal, type JobChange } from '../store/job-repository';
import type { ProjectStore } from '../store/project-store';
import { assertWithinBudget } from './budget';
import { isAbortError, retryDelayMs, sleep, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import type { IngestTake } from './ingest';
import { toProviderRequest } from './request-hash';
import { checkStill } from './ingest-still';
import { landStill } from './land-still';
import { Slots } from './slots';

/** Pacing of polls and retries. */
export interface QueueTiming {
  backoff: BackoffPolicy;
  /** First poll after submit. */
  firstPollMs: number;
  /** Shortest and longest wait between polls when the service gives no `pollAfterMs`. */
  pollMinMs: number;
  pollMaxMs: number;
  /** Give up on a remote job that has not finished this long after polling began. */
  deadlineMs: number;
}

export const DEFAULT_TIMING: QueueTiming = {
  backoff: DEFAULT_BACKOFF,
  firstPollMs: 2_000,
  pollMinMs: 500,
  pollMaxMs: 15_000,
  deadlineMs: 60 * 60 * 1000,
};

export interface QueueDeps {
  store: ProjectStore;
  providerFor(id: string): VideoProvider;
  /** How an unfinished job of a provider survives a restart (the provider's descriptor). */
  resumeOf(id: string): 'poll' | 'resubmit';
  /** Jobs allowed at once at a provider. */
  concurrencyFor(id: string): number;
  /** What a service's own bill is in USD (credits at the registry's rate); null when no rate is known. */
  billedUsd(provider: string, billed: Billed): number | null;
  ingest: IngestTake;
  /** Job snapshot out (the session throttles it; `force` for state changes). */
  onJob(job: Job, force: boolean): void;
  onTake(take: Take): void;
  /** An element gained a generated reference sheet. */
  onElement(element: Element): void;
  /** Scrubs secrets out of any text before it is stored, emitted or logged. */
  scrub(text: string): string;
  log(line: string): void;
  timing?: Partial<QueueTiming>;
}

/** Why a job's work stopped early. */
type StopReason = 'cancel' | 'shutdown';

class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'cancel' ? 'Cancelled.' : 'The project was closed; the job will resume when it is opened again.');
  }
}

/** Ingest runs ffmpeg; two at a time fill two cores without starving the UI. */
const INGEST_CONCURRENCY = 2;

export class JobQueue {
  private readonly timing: QueueTiming;
  private slots = new Map<string, Slots>();
  private downloadSlots = new Map<string, Slots>();
  private ingestSlots = new Slots(INGEST_CONCURRENCY);
  private running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private closed = false;

  constructor(private readonly deps: QueueDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  /** Downloads per provider: as many as render slots, so finished jobs never pile up unfetched. */
  private downloadSlotsFor(provider: string): Slots {
    let slots = this.downloadSlots.get(provider);
    if (!slots) {
      slots = new Slots(Math.max(1, this.deps.concurrencyFor(provider)));
      this.downloadSlots.set(provider, slots);
    }
    return slots;
  }

  private slotsFor(provider: string): Slots {
    let slots = this.slots.get(provider);
    if (!slots) {
      slots = new Slots(Math.max(1, this.deps.concurrencyFor(provider)));
      this.slots.set(provider, slots);
    }
    return slots;
  }

  /** Commits a change, then tells listeners (forced when the state changed). */
  private update(id: string, change: JobChange): Job {
    if (change.message !== undefined) change = { ...change, message: this.deps.scrub(change.message) };
    const before = this.deps.store.jobs.find(id);
    const job = this.deps.store.jobs.update(id, change);
    this.deps.onJob(job, before?.status !== job.status);
    return job;
  }

  /** Starts working on a stored job (new or resumed). Returns at once. */
  start(jobId: string): void {
    if (this.closed || this.running.has(jobId)) return;
    const controller = new AbortController();
    const done = this.run(jobId, controller.signal).finally(() => this.running.delete(jobId));
    this.running.set(jobId, { controller, done });
  }

  /**
   * Picks up every unfinished job after the project opens. See the file comment for what
   * happens to a remote job caught mid-submit.
   */
  resume(): Job[] {
    const resumed: Job[] = [];
    for (const job of this.deps.store.jobs.active()) {
      // A waiting job is not the queue's yet: generation prepares and starts it (advanceWaiting).
      // An unknown one waits for the user.
      if (job.status === 'waiting' || job.status === 'unknown') continue;
      if (this.deps.resumeOf(job.provider) === 'resubmit' && job.status !== 'ingesting') {
        // Renders inside Shotline die with the process: run them again from the start (no cost).
        this.update(job.id, { status: 'queued', remoteId: null, progress: 0, message: 'Restarted after Shotline was closed.' });
      }
      // A job caught mid-submit (no remote id) is settled by submit: see createOnce.
      this.start(job.id);
      resumed.push(this.deps.store.jobs.find(job.id)!);
    }
    return resumed;
  }

  private providerOrNull(id: string): VideoProvider | null {
    try {
      return this.deps.providerFor(id);
    } catch {
      return null;
    }
  }

  /** Cancels a job: stops local work, and asks the service to cancel where it can. */
  async cancel(jobId: string): Promise<Job> {
    const job = this.deps.store.jobs.find(jobId);
    if (!job) throw new Error(`Job ${jobId} does not exist.`);
    if (isTerminal(job.status)) return job;
    const entry = this.running.get(jobId);
    if (entry) {
      entry.controller.abort(new JobStopped('cancel'));
      await entry.done;
    }
    const after = this.deps.store.jobs.find(jobId)!;
    if (!isTerminal(after.status)) {
      await this.remoteCancel(after);
      return this.update(jobId, { status: 'cancelled', message: 'Cancelled.' });
    }
    return after;
  }

  private async remoteCancel(job: Job): Promise<void> {
    if (!job.remoteId) return;
    const provider = this.providerOrNull(job.provider);
    try {
      await provider?.cancel?.(job.remoteId);
    } catch (error) {
      this.deps.log(`[queue] cancel of ${job.id} at ${job.provider} failed: ${this.deps.scrub(String(error))}`);
    }
  }

  /** True while any job is being worked on. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Waits until the given jobs (default: all running) have finished. */
  async idle(jobIds?: string[]): Promise<void> {
    for (;;) {
      const pending = [...this.running.entries()].filter(([id]) => !jobIds || jobIds.includes(id)).map(([, e]) => e.done);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Stops all work without changing job states (they resume when the project opens again). */
  async stop(): Promise<void> {
    this.closed = true;
    for (const entry of this.running.values()) entry.controller.abort(new JobStopped('shutdown'));
    await Promise.all([...this.running.values()].map((e) => e.done));
  }

  // ---- one job -------------------------------------------------------------------------

  private async run(jobId: string, signal: AbortSignal): Promise<void> {
    let release: (() => void) | null = null;
    try {
      let job = this.deps.store.jobs.find(jobId);
      if (!job || isTerminal(job.status) || job.status === 'waiting') return;
      const provider = this.deps.providerFor(job.provider);
      const request = this.deps.store.jobs.request(jobId);
      if (job.status === 'queued' || job.status === 'submitting' || job.status === 'running') {
        // A render slot is held while the service works on the job; a finished job no longer
        // counts against the provider's limit, so the next one starts while this one downloads.
        release = await this.slotsFor(job.provider).acquire(signal);
        // When the service took the job (a resumed job: now). Polls are timed from there.
        let acceptedAt = Date.now();
        if (job.status === 'queued' || job.status === 'submitting') {
          job = await this.submit(job, request, provider, signal, (at) => (acceptedAt = at));
        }
        if (job.status === 'running') {
          const held = release;
          // The slot is handed over the moment the service reports the job finished, before
          // that is committed, so the next job's submit does not wait for this job's fsync.
          job = await this.pollUntilDone(job, provider, signal, acceptedAt, () => held());
        }
        release();
        release = null;
      }
      if (job.status === 'downloading') {
        release = await this.downloadSlotsFor(job.provider).acquire(signal);
        job = await this.download(job, request, provider, signal);
        release();
        release = null;
      }
      if (job.status === 'ingesting') await this.ingest(job, request, signal);
    } catch (error) {
      this.settleError(jobId, error, signal);
    } finally {
      release?.();
    }
  }

  /** Records how a job ended when a phase threw. */
  private settleError(jobId: string, error: unknown, signal: AbortSignal): void {
    const reason = signal.reason instanceof JobStopped ? signal.reason.reason : null;
    if (reason === 'shutdown') return; // state stays; resume picks it up
    if (reason === 'cancel' || isAbortError(error)) return; // cancel() records the state
    const job = this.deps.store.jobs.find(jobId);
    if (!job || isTerminal(job.status)) return;
    if (error instanceof ProviderError) {
      const status: JobStatus = error.kind === 'refusal' ? 'refused' : error.kind === 'cancelled' ? 'cancelled' : 'failed';
      this.update(jobId, { status, message: describeProviderError(job.provider, error) });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.deps.log(`[queue] job ${jobId} failed: ${this.deps.scrub(error instanceof Error && error.stack ? error.stack : message)}`);
    this.update(jobId, { status: 'failed', message });
  }

  /** Calls `fn` again on retryable provider errors, with backoff; other errors pass through. */
  private async withRetries<T>(job: Job, what: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    const policy = this.timing.backoff;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (signal.aborted) throw error;
        if (!(error instanceof ProviderError) || !error.retryable || attempt >= policy.maxAttempts) throw error;
        const delay = retryDelayMs(policy, attempt, error.details.retryAfterMs);
        this.update(job.id, {
          attempts: job.attempts + attempt,
          message: `${what} failed (${this.deps.scrub(error.message)}); retrying in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${policy.maxAttempts}).`,
        });
        await sleep(delay, signal);
      }
    }
  }

  private async submit(job: Job, request: GenerationRequest, provider: VideoProvider, signal: AbortSignal, accepted: (at: number) => void): Promise<Job> {
    // Re-check the budget just before money moves: it may have been lowered since enqueue.
    const project = this.deps.store.project.get();
    assertWithinBudget(this.deps.store, project.budgetUsd, job.estimateUsd, 'This job', job.estimateUsd);
    // A job found mid-submit after a restart may have reached the service already.
    const maybeSent = job.status === 'submitting' && this.deps.store.jobs.firstSentAt(job.id) !== null;
    job = this.update(job.id, { status: 'submitting', attempts: job.attempts + 1, message: `Sending to ${job.provider}\u2026` });
    const result = await this.createOnce(job, request, provider, signal, maybeSent);
    if (!result) return this.deps.store.jobs.find(job.id)!;
    accepted(Date.now());
    // The id and the bill are committed together, before the first poll.
    return this.deps.store.transaction(() => {
      if (job.estimateUsd > 0) {
        this.deps.store.ledger.record({
          jobId: job.id,
          shotId: job.shotId,
          provider: job.provider,
          model: job.model,
          size: request.size,
          seconds: request.seconds,
          costUsd: job.estimateUsd,
        });
      }
      if (result.billed) this.settleBill(job, request, result.billed);
      return this.update(job.id, { status: 'running', remoteId: result.remoteId, progress: 0, message: 'Accepted; waiting for the service.' });
    });
  }

  /** The one create call of a job: generate, remix, extend or edit. */
  private sendCreate(provider: VideoProvider, request: GenerationRequest, options: SubmitOptions): Promise<SubmitResult> {
    const resolve = (rel: string) => this.deps.store.resolve(rel);
    if (request.remixOf) {
      if (!provider.remix) throw new ProviderError('bad_request', `${provider.id} cannot remix a take.`);
      return provider.remix(request.remixOf.remoteId, request.prompt, options);
    }
    if (request.extendOf) {
      if (!provider.extend) throw new ProviderError('bad_request', `${provider.id} cannot extend a take.`);
      return provider.extend(request.extendOf.remoteId, toProviderRequest(request, resolve), options);
    }
    if (request.editOf) {
      if (!provider.edit) throw new ProviderError('bad_request', `${provider.id} cannot edit a take.`);
      return provider.edit(toProviderRequest(request, resolve), options);
    }
    return provider.submit(toProviderRequest(request, resolve), options);
  }

  /**
   * Sends a job's create so that it is paid for at most once. A failure that provably never
   * reached the service, or a 429, is sent again after a wait. A failure the service may have
   * acted on (a 5xx, a connection dropped after sending) is resent only where the adapter's
   * guard makes that safe: with the same idempotency key, or after a lookup found nothing. With
   * no guard the job becomes `unknown` and waits for the user. `maybeSent`: a create of this
   * job may already be out (found mid-submit after a restart). Null when the job became unknown.
   */
  private async createOnce(job: Job, request: GenerationRequest, provider: VideoProvider, signal: AbortSignal, maybeSent: boolean): Promise<SubmitResult | null> {
    const guard = provider.createGuard ?? 'none';
    const key = idempotencyKeyOf(job.id);
    const options: SubmitOptions = { signal, idempotencyKey: key };
    const policy = this.timing.backoff;
    if (maybeSent) {
      const earlier = await this.settleAmbiguous(job, request, provider, guard, signal, 'Shotline stopped while sending this job');
      if (earlier !== 'resend') return earlier;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        this.deps.store.jobs.markSent(job.id);
        return await this.sendCreate(provider, request, options);
      } catch (error) {
        if (signal.aborted || !(error instanceof ProviderError)) throw error;
        const ambiguous = isAmbiguousCreate(error);
        const safe = error.kind === 'rate_limit' || (error.retryable && error.details.sent === 'no');
        if (!ambiguous && !safe) throw error;
        const unclear = `${job.provider} did not answer the request clearly (${this.deps.scrub(error.message)})`;
        if (attempt >= policy.maxAttempts) {
          if (!ambiguous) throw error;
          // Out of attempts after a create that may have been made: a last look, else the user decides.
          if (guard === 'lookup') {
            const last = await this.settleAmbiguous(job, request, provider, guard, signal, unclear);
            if (last !== 'resend') return last;
          }
          return this.markUnknown(job, unclear);
        }
        const delay = retryDelayMs(policy, attempt, error.details.retryAfterMs);
        if (ambiguous) {
          if (guard === 'none') return this.markUnknown(job, unclear);
          this.update(job.id, {
            attempts: job.attempts + attempt,
            message: `Sending failed halfway (${this.deps.scrub(error.message)}); ${guard === 'lookup' ? 'checking whether the service made the job' : 'sending again with the same idempotency key, so it is billed once'} in ${Math.ceil(delay / 1000)} s.`,
          });
          await sleep(delay, signal);
          if (guard === 'lookup') {
            const found = await this.settleAmbiguous(job, request, provider, guard, signal, 'Sending failed halfway');
            if (found !== 'resend') return found;
          }
          continue;
        }
        this.update(job.id, {
          attempts: job.attempts + attempt,
          message: `Sending failed (${this.deps.scrub(error.message)}); it never reached the service, so it is sent again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${policy.maxAttempts}).`,
        });
        await sleep(delay, signal);
      }
    }
  }

  /**
   * After a create that may have reached the service: with a key, send again (the service
   * dedupes); with a lookup, the job it made (or 'resend' when there is none); with neither,
   * mark the job unknown (null). A lookup that fails also leaves the job unknown: nothing is
   * resent on a guess.
   */
  private async settleAmbiguous(job: Job, request: GenerationRequest, provider: VideoProvider, guard: CreateGuard, signal: AbortSignal, what: string): Promise<SubmitResult | null | 'resend'> {
    if (guard === 'idempotency-key') return 'resend';
    if (guard === 'none' || !provider.findSubmitted) return this.markUnknown(job, what);
    const since = this.deps.store.jobs.firstSentAt(job.id) ?? Date.now();
    try {
      const found = await this.withRetries(job, 'Looking for the job', signal, () =>
        provider.findSubmitted!(toProviderRequest(request, (rel) => this.deps.store.resolve(rel)), {
          idempotencyKey: idempotencyKeyOf(job.id),
          // A little slack for clocks: the service stamps the job with its own time.
          since: since - LOOKUP_CLOCK_SLACK_MS,
          taken: this.deps.store.jobs.remoteIdsOf(job.provider),
          signal,
        }),
      );
      if (found) {
        this.deps.log(`[queue] ${job.id}: the interrupted create had reached ${job.provider} as ${found.remoteId}; using it, not sending again`);
        return found;
      }
      this.deps.log(`[queue] ${job.id}: ${job.provider} has no job from the interrupted create; sending it again`);
      return 'resend';
    } catch (error) {
      if (signal.aborted) throw error;
      return this.markUnknown(job, `${what}, and ${job.provider} could not be asked whether it made the job (${this.deps.scrub(error instanceof Error ? error.message : String(error))})`);
    }
  }

  /** The job may have been made and billed, and nothing can tell: wait for the user. */
  private markUnknown(job: Job, what: string): null {
    this.update(job.id, {
      status: 'unknown',
      message:
        `${what}. The service may have made (and billed) the clip, and Shotline cannot find out, so it did not send it again. ` +
        `Look for it in ${job.provider}\u2019s dashboard, then choose Resend to send it once more, or Cancel to give it up.`,
    });
    return null;
  }

  /** The service said what it billed: the job's ledger line takes that figure. */
  private settleBill(job: Job, request: GenerationRequest, billed: Billed): void {
    const usd = this.deps.billedUsd(job.provider, billed);
    if (usd === null) {
      this.deps.log(`[queue] ${job.id}: ${job.provider} reported ${billed.amount} ${billed.unit}, which has no USD rate in the registry; the estimate stands`);
      return;
    }
    const ledger = this.deps.store.ledger;
    if (ledger.ofJob(job.id)) ledger.settle(job.id, usd, billed);
    else ledger.record({ jobId: job.id, shotId: job.shotId, provider: job.provider, model: job.model, size: request.size, seconds: request.seconds, costUsd: usd, billedBy: 'service', billed });
  }

  /** Sends an `unknown` job again, because the user said so (after checking the service). */
  resend(jobId: string): Job {
    const job = this.deps.store.jobs.find(jobId);
    if (!job) throw new Error(`Job ${jobId} does not exist.`);
    if (job.status !== 'unknown') return job;
    const queued = this.update(jobId, { status: 'queued', message: 'Sending again, as you asked.' });
    this.start(jobId);
    return queued;
  }

  /**
   * Polls until the service reports the job finished. The first poll is `firstPollMs` after the
   * service accepted the job (`acceptedAt`), not after the commit that followed, so the time
   * spent writing to disk does not add to every job. `finished` runs as soon as it is known.
   */
  private async pollUntilDone(job: Job, provider: VideoProvider, signal: AbortSignal, acceptedAt: number, finished: () => void): Promise<Job> {
    const remoteId = job.remoteId!;
    const started = acceptedAt;
    let wait = Math.max(0, this.timing.firstPollMs - (Date.now() - acceptedAt));
    let lastProgress = -1;
    let lastServiceState: string | undefined;
    for (;;) {
      await sleep(wait, signal);
      const result: PollResult = await this.withRetries(job, 'Checking progress', signal, () => provider.poll(remoteId, signal));
      if (result.billed) {
        const billed = result.billed;
        this.deps.store.transaction(() => this.settleBill(job, this.deps.store.jobs.request(job.id), billed));
      }
      if (result.state === 'completed') {
        finished();
        return this.update(job.id, { status: 'downloading', progress: 0.9, message: 'Downloading the clip\u2026' });
      }
      if (result.state === 'failed') {
        throw result.error ?? new ProviderError('server', `${job.provider} reported the job as failed without a reason.`);
      }
      const elapsed = Date.now() - started;
      if (elapsed > this.timing.deadlineMs) {
        await this.remoteCancel(job);
        throw new ProviderError(
          'network',
          `${job.provider} did not finish within ${Math.round(this.timing.deadlineMs / 60000)} minutes. Generate the shot again, or try later.`,
        );
      }
      if (result.progress !== lastProgress || result.serviceState !== lastServiceState) {
        lastProgress = result.progress;
        lastServiceState = result.serviceState;
        // The service's own word where it says more (Runway's THROTTLED: the account's limit of jobs at once).
        const says = result.serviceState ? ` (${job.provider} says ${result.serviceState})` : '';
        job = this.update(job.id, {
          progress: result.progress * 0.9,
          message: result.state === 'queued' ? `Queued at the service${says}.` : `Rendering: ${Math.round(result.progress * 100)}%${says}`,
        });
      }
      wait = this.nextPollDelay(result, elapsed, wait);
    }
  }

  /**
   * The service's `pollAfterMs` is a floor. Otherwise, once progress is known, the wait is the
   * time the job needs at its current rate (elapsed x (1-p)/p), so a job is checked about when
   * it should be done instead of on a fixed beat; before that, waits grow by 1.5x.
   */
  private nextPollDelay(result: PollResult, elapsedMs: number, previous: number): number {
    const { pollMinMs, pollMaxMs } = this.timing;
    let wait: number;
    const p = result.progress;
    if (p > 0.02 && p < 1) wait = (elapsedMs * (1 - p)) / p;
    else wait = previous * 1.5;
    wait = Math.min(pollMaxMs, Math.max(pollMinMs, wait));
    return Math.max(wait, result.pollAfterMs ?? 0);
  }

  /** Where a job's result is downloaded to (a still's real extension is known only from its bytes). */
  private originalPathOf(job: Job, request: GenerationRequest): string {
    return `media/takes/${job.id}/original.${request.output === 'image' ? 'img' : 'mp4'}`;
  }

  private async download(job: Job, request: GenerationRequest, provider: VideoProvider, signal: AbortSignal): Promise<Job> {
    const relative = this.originalPathOf(job, request);
    const destination = this.deps.store.resolve(relative);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    await this.withRetries(job, 'Downloading', signal, async () => {
      // A cut-off download throws 'network' and leaves nothing at `destination` (provider contract).
      fs.rmSync(destination, { force: true });
      await provider.download(job.remoteId!, destination, signal);
      if (!fs.existsSync(destination) || fs.statSync(destination).size === 0) {
        throw new ProviderError('network', 'The download ended without a file.');
      }
      // A still that does not decode whole is fetched again, like a cut-off clip.
      if (request.output === 'image') await checkStill(destination).catch((error: unknown) => {
        fs.rmSync(destination, { force: true });
        throw error;
      });
    });
    return this.update(job.id, { status: 'ingesting', progress: 0.95, message: 'Preparing the take\u2026' });
  }

  private async ingest(job: Job, request: GenerationRequest, signal: AbortSignal): Promise<void> {
    const release = await this.ingestSlots.acquire(signal);
    try {
      const original = this.originalPathOf(job, request);
      if (request.output === 'image') {
        const landed = await landStill({ store: this.deps.store, update: (id, change) => this.update(id, change) }, job, request, original);
        if (landed.take) this.deps.onTake(landed.take);
        else this.deps.onElement(landed.element);
        return;
      }
      const project = this.deps.store.project.get();
      const result = await this.deps.ingest({
        projectDir: this.deps.store.dir,
        original,
        outDir: path.posix.dirname(original),
        format: project.format,
        signal,
      });
      const take: Take = newTake({
        id: crypto.randomUUID(),
        shotId: job.shotId!,
        parentTakeId: job.parentTakeId,
        request,
        requestHash: this.deps.store.jobs.hash(job.id),
        remoteId: job.remoteId,
        costUsd: job.estimateUsd,
        durationSeconds: result.durationSeconds,
        files: { original, ...result.files },
        now: new Date().toISOString(),
      });
      // The take, the shot's selection and the job's end are one commit: never half a take.
      this.deps.store.transaction(() => {
        this.deps.store.takes.insert(take);
        this.deps.store.shots.selectIfNone(job.shotId!, take.id);
        this.update(job.id, { status: 'done', progress: 1, takeId: take.id, message: 'Take ready.' });
      });
      this.deps.onTake(take);
    } catch (error) {
      if (!signal.aborted) fs.rmSync(this.deps.store.resolve(path.posix.dirname(this.originalPathOf(job, request))), { recursive: true, force: true });
      throw error;
    } finally {
      release();
    }
  }
}

/** Service clocks and ours differ: a lookup searches from a little before the first create. */
const LOOKUP_CLOCK_SLACK_MS = 5 * 60 * 1000;

/**
 * True when a failed create may nevertheless have been made (and billed): the service erred
 * after receiving it, or the connection dropped or timed out after it was sent. A 429 and an
 * error that provably never reached the service are not; nor are refusals and bad requests.
 */
export function isAmbiguousCreate(error: ProviderError): boolean {
  return (error.kind === 'server' || error.kind === 'network') && error.details.sent !== 'no';
}

/** The idempotency key of a job's creates: the same on every attempt, and after a restart. */
export function idempotencyKeyOf(jobId: string): string {
  return `shotline-${jobId}`;
}

/** A provider error in words for the job's message; refusals keep the service's own words. */
export function describeProviderError(provider: string, error: ProviderError): string {
  switch (error.kind) {
    case 'refusal':
      return `${provider} refused this shot: ${error.message} Change the prompt or images; refusals are not retried.`;
    case 'auth':
      return `${provider} did not accept the API key (${error.message}). Set a valid key in Settings, then generate again.`;
    case 'bad_request':
      return `${provider} rejected the request: ${error.message}`;
    case 'not_found':
      return `${provider} does not know this model or job: ${error.message} Pick another model.`;
    case 'expired':
      return `${provider} deleted the result before it could be downloaded (${error.message}). Generate the shot again.`;
    default:
      return `${provider} failed: ${error.message} (gave up after retries). Try again later.`;
  }
}
