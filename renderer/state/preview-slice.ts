/**
 * The inspector's "Prompt as sent": main's dry run of generating the primary shot
 * (`generation.preview`), so the page never re-implements how a request is prepared. Answers
 * that arrive after a newer request are dropped: the preview always matches the latest edit.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import { errorMessage } from '../api/contract-call-error';
import type { AppState } from './app-store';

export interface PreviewSlice {
  /** The latest preview main returned (check `shotId`: it may be of the previously shown shot). */
  generationPreview: GenerationPreview | null;
  /** Why the preview could not be made (the call failed), for the shot in `previewErrorShotId`. */
  previewError: string | null;
  previewErrorShotId: string | null;
  /** Asks main for the preview of a shot; a later call supersedes an earlier one. */
  refreshPreview(shotId: string): Promise<void>;
}

export function createPreviewSlice(client: ContractClient): StateCreator<AppState, [], [], PreviewSlice> {
  return (set) => {
    let latest = 0;
    return {
      generationPreview: null,
      previewError: null,
      previewErrorShotId: null,
      async refreshPreview(shotId) {
        const ticket = ++latest;
        try {
          const preview = await client.call('generation.preview', { shotId });
          if (ticket === latest) set({ generationPreview: preview, previewError: null, previewErrorShotId: null });
        } catch (error) {
          if (ticket === latest) set({ previewError: errorMessage(error), previewErrorShotId: shotId });
        }
      },
    };
  };
}
