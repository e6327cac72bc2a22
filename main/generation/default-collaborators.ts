/**
 * The other teams' modules the queue runs on, wired in one place: providers (animatic,
 * openai, google), media operations (fit an image, extract a last frame) and take ingest.
 */
import { createMediaOps } from '../media/media-ops';
import { AnimaticProvider } from '../providers/animatic-provider';
import { ingestTake } from '../media/ingest-take';
import { locateFfmpeg, processLocatorInputs, type FfmpegTools } from '../media/ffmpeg-locator';
import { GoogleProvider } from '../providers/google-provider';
import { OpenAiProvider } from '../providers/openai-provider';
import type { AppSettings } from '../settings/app-settings';
import path from 'node:path';
import { probeOnlyIngest, type IngestTake } from './ingest';
import type { MediaOps } from './prepare-inputs';
import type { ProviderConstructors } from './provider-factory';

/** Fitting images and extracting last frames (main/media/media-ops.ts), on the ffmpeg in use. */
export function defaultMediaOps(tools: () => FfmpegTools): MediaOps {
  return createMediaOps(tools);
}

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
export function defaultProviderConstructors(tools: () => FfmpegTools, log: (line: string) => void = () => {}): ProviderConstructors {
  // One animatic instance: it holds no key, and its renders share one scratch folder.
  let animatic: AnimaticProvider | null = null;
  return {
    animatic: () => (animatic ??= new AnimaticProvider({ tools })),
    openai: ({ apiKey, baseUrl }) => new OpenAiProvider({ apiKey: apiKey ?? '', baseURL: baseUrl, log }),
    google: ({ apiKey, baseUrl }) => new GoogleProvider({ apiKey: apiKey ?? '', baseUrl, log }),
  };
}
