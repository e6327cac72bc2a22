/**
 * The other teams' modules the queue runs on, wired in one place: providers (animatic,
 * openai, google), media operations (fit an image, extract a last frame) and take ingest.
 */
import { UserError } from '../errors';
import { OpenAiProvider } from '../providers/openai-provider';
import type { IngestTake } from './ingest';
import { probeOnlyIngest } from './ingest';
import type { MediaOps } from './prepare-inputs';
import type { ProviderConstructors } from './provider-factory';

const notYet = (what: string) =>
  new UserError('unavailable', `${what} is not available in this build yet. Use shots without images, or update Shotline.`);

export const defaultMediaOps: MediaOps = {
  fitImage: async () => {
    throw notYet('Fitting images to the model size');
  },
  lastFrame: async () => {
    throw notYet('Continuing from the previous shot');
  },
};

export const defaultIngest: IngestTake = probeOnlyIngest;

/** `log` receives the providers' request-id lines (scrubbed of keys by the caller). */
export function defaultProviderConstructors(log: (line: string) => void = () => {}): ProviderConstructors {
  return {
    openai: ({ apiKey, baseUrl }) => new OpenAiProvider({ apiKey: apiKey ?? '', baseURL: baseUrl, log }),
  };
}
