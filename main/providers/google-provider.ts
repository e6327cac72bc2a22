/**
 * The `google` provider's Veo route (Veo through a Gemini API key), retired: the Gemini API no
 * longer serves Veo (its Veo ids are retired in the registry since 2026-10-22, with Gemini Omni
 * as the replacement), and `@google/genai` 3.x refuses `models.generateVideos` without
 * `vertexai: true`. Veo 3.1 continues on Vertex AI: main/providers/vertex/.
 *
 * What is left answers every call with that, in words, without sending anything; it stands in
 * for the `google` adapter until the Gemini API adapter (Omni and images) replaces this line of
 * BUILT_IN_ADAPTERS. Nothing here calls the SDK.
 */
import { ProviderError, type CreateGuard, type PollResult, type SubmitResult, type VideoProvider } from './provider';

/** The options the old adapter took, so the factory line stays as it was. */
export interface GoogleProviderOptions {
  apiKey: string;
  baseUrl?: string;
  log?: (line: string) => void;
}

const RETIRED = 'Veo through a Gemini API key is retired (the Gemini API stopped serving Veo on 2026-10-22)';

export class GoogleProvider implements VideoProvider {
  readonly id = 'google';
  readonly createGuard: CreateGuard = 'none';

  constructor(_options: GoogleProviderOptions) {}

  submit(): Promise<SubmitResult> {
    return Promise.reject(new ProviderError('not_found', `${RETIRED}; nothing was sent. Pick Veo 3.1 on Vertex AI or Gemini Omni for this shot.`, { sent: 'no' }));
  }

  poll(remoteId: string): Promise<PollResult> {
    return Promise.reject(new ProviderError('expired', `${RETIRED}, so ${remoteId} can no longer be checked; generate the shot again with Veo 3.1 on Vertex AI or Gemini Omni.`));
  }

  download(remoteId: string): Promise<void> {
    return Promise.reject(new ProviderError('expired', `${RETIRED}, so ${remoteId} can no longer be downloaded; generate the shot again with Veo 3.1 on Vertex AI or Gemini Omni.`));
  }
}
