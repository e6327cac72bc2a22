/**
 * The hash of a generation request, and its provider form. A request is stored exactly as it
 * is sent (shared/domain.ts `GenerationRequest`), with images named by project-relative path
 * and sha256, so a take can show why it looks as it does and an identical request can reuse
 * an existing take at no cost.
 */
import crypto from 'node:crypto';
import type { GenerationRequest, RequestImage } from '../../shared/domain';
import type { ImageInput, ProviderRequest } from '../providers/provider';

/** JSON with sorted keys and no undefined values, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const imageKey = (image: RequestImage | undefined) => (image ? image.sha256 : undefined);

/**
 * sha256 over what determines the result: provider, model, composed prompt (and negative
 * prompt), size, seconds, fps, seed, sound on/off, title card, remix, extension or edit source, still or clip, and the sha256 of each input
 * image in its role. File names and paths are left out: the same bytes under another name are
 * the same request.
 */
export function requestHash(request: GenerationRequest): string {
  const essence = {
    provider: request.provider,
    model: request.model,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    size: request.size,
    seconds: request.seconds,
    // A whole rate hashes as the bare number it was stored as before rates were fractions.
    fps: request.fps.den === 1 ? request.fps.num : `${request.fps.num}/${request.fps.den}`,
    seed: request.seed,
    audio: request.audio,
    card: request.card,
    remixOf: request.remixOf?.remoteId,
    extendOf: request.extendOf?.remoteId,
    // The take edited (its remote job where there is one); absent for other requests.
    editOf: request.editOf && (request.editOf.remoteId ?? request.editOf.takeId),
    // Only stills mark their output, so video requests hash as they always did.
    output: request.output === 'image' ? 'image' : undefined,
    firstFrame: imageKey(request.firstFrame),
    lastFrame: imageKey(request.lastFrame),
    references: request.references?.map((r) => r.sha256),
  };
  return crypto.createHash('sha256').update(canonicalJson(essence)).digest('hex');
}

/** sha256 of a file's bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The request as a provider receives it: every image with its absolute path added. */
export function toProviderRequest(request: GenerationRequest, resolve: (relative: string) => string): ProviderRequest {
  const image = (i: RequestImage): ImageInput => ({ ...i, path: resolve(i.file) });
  return {
    ...request,
    firstFrame: request.firstFrame && image(request.firstFrame),
    lastFrame: request.lastFrame && image(request.lastFrame),
    references: request.references?.map(image),
    editOf: request.editOf && { ...request.editOf, video: resolve(request.editOf.video) },
  };
}
