/**
 * Turns a Shotline request into one Runway create: which endpoint, which images go up first,
 * and the JSON body once their `runway://` URIs are known. Pure and checked before anything is
 * sent, so a shot Runway cannot make is refused here in Shotline's terms (sizes, not ratios)
 * rather than after an upload.
 */
import type { ImageInput, ProviderRequest } from '../provider';
import { ProviderError } from '../provider';
import { ratioOf, sizeOf, wireOf, type RunwayWire } from './runway-models';

/** An image to upload before the create, and its role in the body. */
export interface PlannedImage {
  role: 'first frame' | 'last frame' | 'reference image';
  image: ImageInput;
}

/** One create, ready once its images are uploaded. */
export interface CreatePlan {
  endpoint: 'text_to_video' | 'image_to_video' | 'video_to_video';
  images: PlannedImage[];
  /** The take's video to upload first (edits only): an absolute path. */
  video?: string;
  /** The body, given the URIs of `images` (same order) and of `video`. */
  body(imageUris: string[], videoUri?: string): Record<string, unknown>;
}

/** A refusal before anything was sent: the request can be fixed and sent again at no risk. */
function refuse(message: string): ProviderError {
  return new ProviderError('bad_request', message, { sent: 'no' });
}

function checkRatio(wire: RunwayWire, ratios: readonly string[] | 'any', request: ProviderRequest, how: string): string {
  const ratio = ratioOf(request.size);
  if (ratios !== 'any' && !ratios.includes(ratio)) {
    const other = how === 'from text' ? wire.imageToVideo : wire.textToVideo;
    const elsewhere = Array.isArray(other) && other.includes(ratio) ? ` (it makes ${request.size} ${how === 'from text' ? 'from a first frame' : 'from text'})` : '';
    throw refuse(`${request.model} on Runway makes ${ratios.map(sizeOf).join(', ')} ${how}, not ${request.size}${elsewhere}; pick one of those sizes.`);
  }
  return ratio;
}

function checkPrompt(wire: RunwayWire, request: ProviderRequest): void {
  // Runway counts UTF-16 code units, as JavaScript's length does.
  if (wire.promptMax !== null && request.prompt.length > wire.promptMax) {
    throw refuse(`${request.model} on Runway takes a prompt of at most ${wire.promptMax} characters; this one has ${request.prompt.length}. Shorten the shot's description.`);
  }
}

function checkSeconds(request: ProviderRequest): void {
  if (!Number.isInteger(request.seconds) || request.seconds <= 0) {
    throw refuse(`Runway takes whole seconds; ${request.seconds} s is not one. Pick a duration the model offers.`);
  }
}

/** The optional fields every endpoint shares, as the model takes them. */
function extras(wire: RunwayWire, request: ProviderRequest): Record<string, unknown> {
  return {
    ...(wire.seed && request.seed !== undefined ? { seed: request.seed } : {}),
    ...(wire.audio ? { audio: request.audio ?? true } : {}),
    ...(wire.negativePrompt && request.negativePrompt?.trim() ? { negativePrompt: request.negativePrompt } : {}),
  };
}

/** Text-to-video or image-to-video for `request` (not an edit). */
export function planCreate(request: ProviderRequest): CreatePlan {
  const wire = wireOf(request.model);
  checkSeconds(request);
  checkPrompt(wire, request);
  const references = request.references ?? [];
  if (request.lastFrame && !request.firstFrame) {
    throw refuse(`Runway cannot start from a last frame alone; add a first frame to the shot or remove the last frame.`);
  }
  if (request.lastFrame && !wire.lastFrame) {
    throw refuse(`${request.model} on Runway takes only a first frame, not a last frame; pick Veo 3.1 or Seedance 2.0, or remove the last frame.`);
  }
  if (references.length > wire.maxReferences) {
    throw refuse(
      wire.maxReferences === 0
        ? `${request.model} on Runway takes no reference images; pick Seedance 2.0 or remove the references from the shot.`
        : `${request.model} on Runway takes at most ${wire.maxReferences} reference images, not ${references.length}.`,
    );
  }
  const prompt = request.prompt.trim() ? { promptText: request.prompt } : {};
  if (!wire.textToVideo && !wire.imageToVideo) {
    throw refuse(`${request.model} on Runway only edits takes (video-to-video); start the shot with another model, then edit its take.`);
  }

  if (request.firstFrame) {
    if (references.length > 0) {
      // Runway's promptImage is either keyframes (first/last) or references, never both.
      throw refuse(`${request.model} on Runway takes either a first/last frame or reference images, not both; remove one of them from the shot.`);
    }
    if (!wire.imageToVideo) throw refuse(`${request.model} on Runway does not start from an image; remove the first frame or pick another model.`);
    const ratio = checkRatio(wire, wire.imageToVideo, request, 'from a first frame');
    const images: PlannedImage[] = [{ role: 'first frame', image: request.firstFrame }];
    if (request.lastFrame) images.push({ role: 'last frame', image: request.lastFrame });
    return {
      endpoint: 'image_to_video',
      images,
      body: (uris) => ({
        model: request.model,
        promptImage: uris.map((uri, i) => ({ uri, position: i === 0 ? 'first' : 'last' })),
        ...prompt,
        ratio,
        duration: request.seconds,
        ...extras(wire, request),
      }),
    };
  }

  if (!wire.textToVideo) {
    throw refuse(`${request.model} on Runway starts only from a first frame; add one to the shot (or let it continue the previous shot) or pick Gen-4.5.`);
  }
  const ratio = checkRatio(wire, wire.textToVideo, request, 'from text');
  return {
    endpoint: 'text_to_video',
    images: references.map((image) => ({ role: 'reference image', image })),
    body: (uris) => ({
      model: request.model,
      ...prompt,
      ratio,
      duration: request.seconds,
      ...(uris.length > 0 ? { references: uris.map((uri) => ({ uri })) } : {}),
      ...extras(wire, request),
    }),
  };
}

/**
 * Video-to-video of `request.editOf.video` (an absolute path of the take's MP4). An edit request
 * is the parent take's request with a new prompt, so it may still carry that take's first/last
 * frame and references: the take's own video now holds what the frames fixed, so they are not
 * sent, and references go only to a model that takes them (`dropped` says what was left out).
 */
export function planEdit(request: ProviderRequest): CreatePlan & { dropped: string[] } {
  const video = request.editOf?.video;
  if (!video) throw refuse('An edit needs the take to edit; pick a finished take.');
  const wire = wireOf(request.model);
  const v2v = wire.videoToVideo;
  if (!v2v) throw refuse(`${request.model} on Runway does not edit takes; pick Aleph 2 for the edit.`);
  checkPrompt(wire, request);
  const dropped: string[] = [];
  if (request.firstFrame) dropped.push('first frame');
  if (request.lastFrame) dropped.push('last frame');
  let references = request.references ?? [];
  if (references.length > 0 && !v2v.references) {
    dropped.push(`${references.length} reference image(s)`);
    references = [];
  }
  let ratio: string | undefined;
  if (v2v.ratios) ratio = checkRatio(wire, v2v.ratios, request, 'as an edit');
  if (v2v.duration) checkSeconds(request);
  return {
    endpoint: 'video_to_video',
    images: references.map((image) => ({ role: 'reference image', image })),
    video,
    dropped,
    body: (uris, videoUri) => ({
      model: request.model,
      [v2v.videoField]: videoUri,
      ...(request.prompt.trim() ? { promptText: request.prompt } : {}),
      ...(ratio ? { ratio } : {}),
      ...(v2v.duration ? { duration: request.seconds } : {}),
      ...(uris.length > 0 ? { references: uris.map((uri) => ({ uri })) } : {}),
      ...(v2v.seed && request.seed !== undefined ? { seed: request.seed } : {}),
      ...(v2v.audio ? { audio: true } : {}),
    }),
  };
}
