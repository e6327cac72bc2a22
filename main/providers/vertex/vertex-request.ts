/**
 * A Shotline request in Veo's terms on Vertex AI: the frame size as aspect ratio + resolution,
 * the SDK's `GenerateVideosConfig`, and the checks the registry cannot express (reference
 * images only at 16:9). Pure: no I/O besides reading the input images.
 */
import fs from 'node:fs/promises';
import { VideoGenerationReferenceType, type GenerateVideosConfig, type Image } from '@google/genai';
import { ProviderError, type ImageInput, type ProviderRequest } from '../provider';

/** Frame sizes Veo renders, as (aspect ratio, resolution). 4k is here for user registry overrides. */
export const FRAMES: Record<string, { aspectRatio: '16:9' | '9:16'; resolution: string }> = {
  '1280x720': { aspectRatio: '16:9', resolution: '720p' },
  '720x1280': { aspectRatio: '9:16', resolution: '720p' },
  '1920x1080': { aspectRatio: '16:9', resolution: '1080p' },
  '1080x1920': { aspectRatio: '9:16', resolution: '1080p' },
  '3840x2160': { aspectRatio: '16:9', resolution: '4k' },
  '2160x3840': { aspectRatio: '9:16', resolution: '4k' },
};

/** Vertex renders extensions at 720p only (Veo 3.1 model card: "1080, except for video extension"). */
export const EXTENSION_RESOLUTION = '720p';

/** The frame of a request, or a bad_request naming the sizes Veo renders. */
export function frameOf(request: ProviderRequest): { aspectRatio: '16:9' | '9:16'; resolution: string } {
  const frame = FRAMES[request.size];
  if (!frame) throw new ProviderError('bad_request', `Veo renders ${Object.keys(FRAMES).slice(0, 4).join(', ')}, not ${request.size}; pick one of those sizes.`);
  return frame;
}

/**
 * Whether to ask for sound: the request's choice, else on for Veo 3 models (they make sound,
 * and Vertex wants `generateAudio` set for them). Older models get it only when asked.
 */
export function generateAudioOf(request: ProviderRequest): boolean | undefined {
  if (request.audio !== undefined) return request.audio;
  return /^veo-3/.test(request.model) ? true : undefined;
}

/**
 * A label that names the Shotline job on the create (the SDK's `labels`, Vertex's custom
 * metadata labels, which Google documents as reaching the billing report): Vertex has no
 * idempotency key, so this is how a create whose answer was lost can be looked for on the bill.
 * Label values: at most 63 lowercase letters, digits, `_` and `-`.
 */
export function jobLabels(idempotencyKey: string): Record<string, string> {
  return { shotline_job: idempotencyKey.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63) };
}

/** The config of a new clip (not an extension): everything but the prompt and first frame. */
export async function generateConfig(request: ProviderRequest, idempotencyKey: string): Promise<GenerateVideosConfig> {
  const frame = frameOf(request);
  if (!Number.isInteger(request.seconds)) throw new ProviderError('bad_request', `Veo takes whole seconds (4, 6 or 8); ${request.seconds} s is not one.`);
  const references = request.references ?? [];
  if (references.length > 0 && (request.firstFrame || request.lastFrame)) {
    throw new ProviderError('bad_request', 'Veo on Vertex AI takes reference images or first/last frames, not both; remove one of them from the shot.');
  }
  // "9:16, except for reference image to video" (Veo 3.1 model card); the registry has no rule for it.
  if (references.length > 0 && frame.aspectRatio !== '16:9') {
    throw new ProviderError('bad_request', `Veo takes reference images only for landscape (16:9) clips, not ${request.size}; pick a 16:9 size or remove the references.`);
  }
  const config: GenerateVideosConfig = {
    numberOfVideos: 1,
    durationSeconds: request.seconds,
    aspectRatio: frame.aspectRatio,
    resolution: frame.resolution,
    labels: jobLabels(idempotencyKey),
  };
  const audio = generateAudioOf(request);
  if (audio !== undefined) config.generateAudio = audio;
  if (request.negativePrompt) config.negativePrompt = request.negativePrompt;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.lastFrame) config.lastFrame = await imageOf(request.lastFrame, 'last frame');
  if (references.length > 0) {
    config.referenceImages = await Promise.all(
      references.map(async (ref) => ({ image: await imageOf(ref, 'reference image'), referenceType: VideoGenerationReferenceType.ASSET })),
    );
  }
  return config;
}

/** The config of an extension: the frame's aspect ratio at Veo's extension resolution; Veo sets the length. */
export function extendConfig(request: ProviderRequest, idempotencyKey: string): GenerateVideosConfig {
  const frame = frameOf(request);
  const config: GenerateVideosConfig = { numberOfVideos: 1, aspectRatio: frame.aspectRatio, resolution: EXTENSION_RESOLUTION, labels: jobLabels(idempotencyKey) };
  const audio = generateAudioOf(request);
  if (audio !== undefined) config.generateAudio = audio;
  if (request.negativePrompt) config.negativePrompt = request.negativePrompt;
  if (request.seed !== undefined) config.seed = request.seed;
  return config;
}

/**
 * Reads an image for the request body as the SDK wants it (base64 bytes and MIME type).
 * Vertex has no upload helper for Veo inputs (the SDK's `files.upload` is Gemini API only);
 * the alternative is a `gs://` URI, which needs a bucket. The API reference takes the bytes inline.
 */
export async function imageOf(input: ImageInput, role: string): Promise<Image> {
  try {
    const bytes = await fs.readFile(input.path);
    return { imageBytes: bytes.toString('base64'), mimeType: input.mime };
  } catch (error) {
    throw new ProviderError('bad_request', `The ${role} ${input.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`);
  }
}
