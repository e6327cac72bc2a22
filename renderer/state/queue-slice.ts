/**
 * Generation as the page sees it: the queue's jobs (kept by id, so a progress event touches one
 * entry and only the components reading that job re-render) and the cost confirmation shown
 * before anything is paid. A shot that continues the previous one is main's business: main
 * answers with a `waiting` job and starts it itself when the previous shot's take exists; the
 * page only shows it. Shots main could not even queue come back in `deferred` with main's reason,
 * shown as a notice.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { CostEstimate } from '../../shared/contract/generation';
import type { Job, Take } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt } from './attempt';

/** Which shots to generate, and how. */
export interface GenerationRequest {
  shotIds: string[];
  /** Use this provider/model instead of each shot's own. */
  provider?: string;
  model?: string;
  /** Only shots without a selected take. */
  onlyMissing?: boolean;
  /** A new take even when an identical request already has one (retry, "generate again"). */
  newTake?: boolean;
  /** Spending cap for the batch in USD (set from the confirmed estimate). */
  maxUsd?: number;
}

/** A paid batch waiting for the user's yes. */
export interface PendingConfirmation {
  request: GenerationRequest;
  estimate: CostEstimate;
}

export interface QueueSlice {
  /** Jobs by id. Replace one entry per event; never rebuild the whole map in a component. */
  jobs: Record<string, Job>;
  /** Job ids, newest first. Changes only when a job appears, not on progress. */
  jobOrder: string[];
  /** The latest clip job of each shot (for a card's status; a still frame is not the shot's clip). */
  jobIdByShot: Record<string, string>;
  /** The cost confirmation on screen, or null. */
  confirmation: PendingConfirmation | null;
  /** True while an estimate or a start is in flight (buttons show it). */
  generationBusy: boolean;
  /** The queue panel is expanded. */
  queueShown: boolean;

  loadJobs(): Promise<void>;
  showQueue(shown: boolean): void;
  /** Applies a job snapshot from main (event or call answer). */
  applyJob(job: Job): void;
  /** Generates these shots: free batches start at once, paid ones ask first. */
  generateShots(ids: string[], options?: Omit<GenerationRequest, 'shotIds'>): Promise<void>;
  /** Generates every shot that has no selected take. */
  generateMissing(): Promise<void>;
  confirmGeneration(): Promise<void>;
  dismissConfirmation(): void;
  cancelJob(jobId: string): Promise<void>;
  /** Sends a job whose outcome is unknown once more (the user checked the service). */
  resendJob(jobId: string): Promise<void>;
  /** Runs a finished job's shot again with the same provider and model (asks first if paid). */
  retryJob(jobId: string): Promise<void>;
  /** A take arrived: refresh the project (main may have selected it). */
  takeCreated(take: Take): Promise<void>;
}

/** Terminal job states: nothing more will happen to the job. */
export const FINISHED_JOB_STATES: ReadonlySet<Job['status']> = new Set(['done', 'failed', 'refused', 'cancelled']);

/** A job whose take can become the shot's clip (not a still frame, not an element's sheet). */
function makesClip(job: Job): boolean {
  return job.shotId !== null && job.kind !== 'still' && job.kind !== 'sheet';
}

/**
 * True when a batch costs money (or might: an unknown price) or cannot run as asked, so the
 * user must see the figures first. A batch of free lines (the local animatic) just starts.
 */
export function needsConfirmation(estimate: CostEstimate): boolean {
  return estimate.shots.some((line) => line.usd !== 0 || line.problem !== null);
}

export function createQueueSlice(client: ContractClient): StateCreator<AppState, [], [], QueueSlice> {
  return (set, get) => {
    const fail = (error: unknown) => get().pushError(error);

    async function start(request: GenerationRequest): Promise<void> {
      const { shotIds, ...rest } = request;
      const result = await client.call('generation.start', { shotIds, ...rest });
      for (const job of result.jobs) get().applyJob(job);
      // Shots that cannot wait (nothing is making the previous shot's take): main says why.
      for (const d of result.deferred) get().pushNotice(`Not queued: ${d.reason}`, 'deferred');
      // Reused takes were selected by main without a job: fetch the shots again.
      if (result.reused.length > 0) await refreshProject();
    }

    async function refreshProject(): Promise<void> {
      const snapshot = await client.call('projects.current', {});
      if (snapshot) get().applySnapshot(snapshot);
    }

    return {
      jobs: {},
      jobOrder: [],
      jobIdByShot: {},
      confirmation: null,
      generationBusy: false,
      queueShown: true,

      showQueue(shown) {
        set({ queueShown: shown });
      },

      async loadJobs() {
        try {
          const jobs = await client.call('jobs.list', {});
          // jobs.list is newest first; apply oldest first so the newest wins per shot.
          const byId: Record<string, Job> = {};
          const byShot: Record<string, string> = {};
          for (const job of [...jobs].reverse()) {
            byId[job.id] = job;
            if (makesClip(job)) byShot[job.shotId!] = job.id;
          }
          set({ jobs: byId, jobOrder: jobs.map((j) => j.id), jobIdByShot: byShot });
        } catch (error) {
          fail(error);
        }
      },

      applyJob(job) {
        set((s) => {
          const known = job.id in s.jobs;
          // Progress bursts: only the `jobs` entry changes; the order and shot index stay the same objects.
          return {
            jobs: { ...s.jobs, [job.id]: job },
            ...(known ? {} : { jobOrder: [job.id, ...s.jobOrder] }),
            // A new job becomes its shot's latest; a known one never displaces a newer job.
            ...(known || !makesClip(job) ? {} : { jobIdByShot: { ...s.jobIdByShot, [job.shotId!]: job.id } }),
          };
        });
      },

      async generateShots(ids, options = {}) {
        if (ids.length === 0) {
          fail(new Error('No shots to generate: select a shot, or add one first.'));
          return;
        }
        const request: GenerationRequest = { shotIds: [...ids], ...options };
        set({ generationBusy: true });
        try {
          const estimate = await client.call('generation.estimate', {
            shotIds: request.shotIds,
            provider: request.provider,
            model: request.model,
          });
          if (needsConfirmation(estimate)) set({ confirmation: { request, estimate } });
          else await start(request);
        } catch (error) {
          fail(error);
        } finally {
          set({ generationBusy: false });
        }
      },

      async generateMissing() {
        const ids = get()
          .shots.filter((s) => !s.selectedTakeId)
          .map((s) => s.id);
        if (ids.length === 0) {
          fail(new Error('Every shot already has a take. Select shots and generate them to make new takes.'));
          return;
        }
        await get().generateShots(ids, { onlyMissing: true });
      },

      async confirmGeneration() {
        const pending = get().confirmation;
        if (!pending) return;
        set({ confirmation: null, generationBusy: true });
        try {
          // Capped at the confirmed total (when every price is known): if prices moved since the
          // estimate, main refuses instead of spending more than the user agreed to.
          const known = pending.estimate.shots.every((line) => line.usd !== null);
          const maxUsd = known ? Math.ceil(pending.estimate.totalUsd * 100 + 1) / 100 : undefined;
          await start({ ...pending.request, ...(maxUsd !== undefined ? { maxUsd } : {}) });
        } catch (error) {
          fail(error);
        } finally {
          set({ generationBusy: false });
        }
      },

      dismissConfirmation() {
        set({ confirmation: null });
      },

      async cancelJob(jobId) {
        try {
          get().applyJob(await client.call('jobs.cancel', { jobId }));
        } catch (error) {
          fail(error);
        }
      },

      async resendJob(jobId) {
        try {
          get().applyJob(await client.call('jobs.resend', { jobId }));
        } catch (error) {
          fail(error);
        }
      },

      async retryJob(jobId) {
        const job = get().jobs[jobId];
        if (!job) return;
        // A still or a sheet goes back through its own call, with the model it used.
        if (job.kind === 'still' && job.shotId) {
          await get().makeStill(job.shotId, { provider: job.provider, model: job.model });
          return;
        }
        if (job.kind === 'sheet' && job.elementId) {
          await get().generateSheet(job.elementId, { provider: job.provider, model: job.model });
          return;
        }
        // A remix, extension or edit goes again as it was asked (main re-checks price and budget).
        if (job.kind === 'remix' || job.kind === 'extend' || job.kind === 'edit') {
          const again = await attempt(get, () => client.call('jobs.retryFollowUp', { jobId }));
          if (again) get().applyJob(again);
          return;
        }
        if (!job.shotId) return;
        await get().generateShots([job.shotId], { provider: job.provider, model: job.model, newTake: true });
      },

      async takeCreated() {
        try {
          await refreshProject();
        } catch (error) {
          fail(error);
        }
      },
    };
  };
}
