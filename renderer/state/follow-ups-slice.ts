/**
 * Follow-ups of a finished take that are priced before they are paid: the estimate behind every
 * remix, extension and edit confirmation, and the edit itself (remix and extend live with the
 * other take actions in media-slice).
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { FollowUpEstimate, FollowUpInput } from '../../shared/contract/generation';
import type { Job } from '../../shared/domain';
import { errorMessage } from '../api/contract-call-error';
import type { AppState } from './app-store';
import { attempt, settle } from './attempt';

export interface FollowUpsSlice {
  /** What the follow-up would cost, or why it cannot go; a failed call comes back as the problem. */
  estimateFollowUp(input: FollowUpInput): Promise<FollowUpEstimate | { problem: string }>;
  /** Edits a take with a prompt (video-to-video or refining it at the service); null when main refused. */
  editTake(takeId: string, prompt: string): Promise<Job | null>;
}

export function createFollowUpsSlice(client: ContractClient): StateCreator<AppState, [], [], FollowUpsSlice> {
  return (_set, get) => ({
    async estimateFollowUp(input) {
      // Shown next to the confirm button, not as a notice: the form is where it matters.
      const result = await settle(() => client.call('takes.estimateFollowUp', input));
      return result.ok ? result.value : { problem: errorMessage(result.error) };
    },

    async editTake(takeId, prompt) {
      const job = await attempt(get, () => client.call('takes.edit', { takeId, prompt }));
      if (!job) return null;
      get().applyJob(job);
      return job;
    },
  });
}
