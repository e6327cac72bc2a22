/**
 * Stills as the page asks for them: a shot's storyboard frame (estimated first, then queued),
 * a still frame taken as the shot's first frame, and an element's reference sheet. The frame
 * and sheet arrive later as events (`take.created`, `element.updated`); here only the asking.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { StillEstimate } from '../../shared/contract/stills';
import type { Job } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt } from './attempt';

export interface StillsSlice {
  /** What a still of the shot would be made with and cost (sends nothing); null when the call failed. */
  /** Main's choice and price for a still (the default image model, or `choice`). */
  estimateStill(shotId: string, choice?: { provider: string; model: string }): Promise<StillEstimate | null>;
  /** Queues a still frame of the shot with the estimated model; null when main refused. */
  makeStill(shotId: string, choice?: { provider: string; model: string }): Promise<Job | null>;
  /** Puts a still frame first among its shot's references; one undo step. */
  useAsFirstFrame(takeId: string): Promise<boolean>;
  /** Queues a reference sheet for an element; null when main refused. */
  generateSheet(elementId: string, choice?: { provider: string; model: string }): Promise<Job | null>;
}

export function createStillsSlice(client: ContractClient): StateCreator<AppState, [], [], StillsSlice> {
  return (_set, get) => ({
    async estimateStill(shotId, choice) {
      return (await attempt(get, () => client.call('generation.estimateStill', { shotId, ...choice }))) ?? null;
    },

    async makeStill(shotId, choice) {
      const job = await attempt(get, () => client.call('generation.still', { shotId, ...choice }));
      if (!job) return null;
      get().applyJob(job);
      return job;
    },

    async useAsFirstFrame(takeId) {
      const shotId = get().takesById[takeId]?.shotId;
      const before = get().shots.find((s) => s.id === shotId);
      const shot = await attempt(get, () => client.call('takes.useAsFirstFrame', { takeId }));
      if (!shot) return false;
      get().putShot(shot);
      // The whole record before and after, as reference changes are recorded.
      if (before) {
        const i = get().shots.findIndex((s) => s.id === shot.id);
        get().recordStep(`Use still as first frame (shot ${i + 1})`, { kind: 'shots.restore', records: [{ shot }] }, { kind: 'shots.restore', records: [{ shot: before }] });
      }
      return true;
    },

    async generateSheet(elementId, choice) {
      const job = await attempt(get, () => client.call('elements.generateSheet', { elementId, ...choice }));
      if (!job) return null;
      get().applyJob(job);
      const name = get().elements.find((e) => e.id === elementId)?.name ?? 'element';
      get().pushNotice(`Reference sheet for @${name} queued; it is added to its images when it is ready.`, 'sheet-queued');
      return job;
    },
  });
}
