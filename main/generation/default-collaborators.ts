/**
 * The other teams' modules the queue runs on, wired in one place: providers (animatic,
 * openai, google), media operations (fit an image, extract a last frame) and take ingest.
 */
import { UserError } from '../errors';
import { ingestTake } from '../media/ingest-take';
import { locateFfmpeg, processLocatorInputs, type FfmpegTools } from '../media/ffmpeg-locator';
import { GoogleProvider } from '../providers/google-provider';
import { OpenAiProvider } from '../providers/openai-provider';
import type { AppSettings } from '../settings/app-settings';
import path from 'node:path';
import { probeOnlyIngest, type IngestTake } from './ingest';
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

/** ffmpeg as the user set it (or bundled / PATH), found once per setting. */
export function ffmpegToolsFor(settings: AppSettings): () => FfmpegTools {
  let cached: { setting: string | null; tools: FfmpegTools } | null = null;
  return () => {
    const setting = settings.get().ffmpegPath;
    if (!cached || cached.setting !== setting) cached = { setting, tools: locateFfmpeg(processLocatorInputs(setting)) };
    return cached.tools;
  };
}

/** Full ingest (main/media/ingest-take.ts): probe, normalise to the house format, poster, filmstrip. */
export function ffmpegIngest(tools: () => FfmpegTools): IngestTake {
  return async (input) => {
    const result = await ingestTake(tools(), {
      projectDir: input.projectDir,
      source: path.join(input.projectDir, ...input.original.split('/')),
      outDir: input.outDir,
      format: input.format,
      original: 'in-place',
      signal: input.signal,
    });
    return { durationSeconds: result.durationSeconds, files: result.files };
  };
}

/** Probe only: the fallback used when a host wants takes without normalising (benchmarks). */
export { probeOnlyIngest };

/** `log` receives the providers' request-id lines (scrubbed of keys by the caller). */
export function defaultProviderConstructors(log: (line: string) => void = () => {}): ProviderConstructors {
  return {
    openai: ({ apiKey, baseUrl }) => new OpenAiProvider({ apiKey: apiKey ?? '', baseURL: baseUrl, log }),
    google: ({ apiKey, baseUrl }) => new GoogleProvider({ apiKey: apiKey ?? '', baseUrl, log }),
  };
}
