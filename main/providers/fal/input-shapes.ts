/**
 * The request shapes fal endpoints follow, by name: the registry entry of a fal model says
 * which one (`inputShape`), and its model id is the endpoint used for a text-only request. A
 * shape turns a Shotline request into the endpoint to submit to and that endpoint's input, so
 * any endpoint whose fields follow a known shape is added with a registry entry alone; no
 * endpoint id appears in this file. (Fields and values: the client's generated types in
 * `@fal-ai/client` src/types/endpoints.ts and fal's model pages; see docs/providers/fal.md.)
 *
 * Images come as the URLs fal's storage gave back for them. What a shape cannot send is
 * refused here, before anything is uploaded or billed. The providers' prompt rewriters are
 * turned off where a field exists (the prompt is sent exactly as composed).
 */
import { ProviderError, type ProviderRequest } from '../provider';
import { SERVICE } from './fal-errors';

/** The uploaded images of a request, as fal URLs. */
export interface ImageUrls {
  firstFrame?: string;
  lastFrame?: string;
  references: string[];
}

/** Where a request goes and what it sends. */
export interface ShapePlan {
  /** The endpoint id to submit to (the model id, or the sibling endpoint for its images). */
  endpoint: string;
  output: 'video' | 'image';
  /** The endpoint's input, once the images have URLs. */
  input(images: ImageUrls): Record<string, unknown>;
}

/** A request shape: checks a request against what it can send and plans it. */
export type InputShape = (modelId: string, request: ProviderRequest) => ShapePlan;

/** What a request asks of the images. */
type Mode = 'text' | 'first' | 'first-last' | 'references';

function bad(message: string): ProviderError {
  return new ProviderError('bad_request', message);
}

function modeOf(request: ProviderRequest, shape: string, allowed: readonly Mode[]): Mode {
  const refs = request.references?.length ?? 0;
  if (request.lastFrame && !request.firstFrame) throw bad(`The ${shape} endpoints on fal take a last frame only together with a first frame; add a first frame or remove the last one.`);
  if (refs > 0 && (request.firstFrame || request.lastFrame)) {
    throw bad(`The ${shape} endpoints on fal take reference images or first/last frames, not both; remove one of them.`);
  }
  const mode: Mode = refs > 0 ? 'references' : request.lastFrame ? 'first-last' : request.firstFrame ? 'first' : 'text';
  if (!allowed.includes(mode)) {
    const what = { text: 'a text-only request', first: 'a first frame', 'first-last': 'a last frame', references: 'reference images' }[mode];
    throw bad(`The ${shape} endpoints on fal do not take ${what}; pick a model that does, or change the shot's images.`);
  }
  return mode;
}

/** The endpoint next to a `…/text-to-video` model id (`…/image-to-video`, `…/reference-to-video`). */
function sibling(modelId: string, shape: string, leaf: string): string {
  if (!modelId.endsWith('/text-to-video')) {
    throw bad(`The fal model id ${modelId} does not end in /text-to-video, which the ${shape} shape needs to find its ${leaf} endpoint; fix the registry entry.`);
  }
  return `${modelId.slice(0, -'text-to-video'.length)}${leaf}`;
}

const RATIOS: [string, number][] = [['16:9', 16 / 9], ['9:16', 9 / 16], ['1:1', 1], ['4:3', 4 / 3], ['3:4', 3 / 4], ['21:9', 21 / 9], ['9:21', 9 / 21]];

/** Width and height of a `WxH` size. */
function dimensionsOf(size: string): { width: number; height: number } {
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { width, height };
}

/** Width, height, the aspect ratio name and the short side of a `WxH` size. */
function frameOf(size: string): { width: number; height: number; aspect: string; shortSide: number } {
  const { width, height } = dimensionsOf(size);
  const ratio = width / height;
  const match = RATIOS.find(([, r]) => Math.abs(r - ratio) / r < 0.02);
  if (!match) throw bad(`fal's endpoints take aspect ratios such as 16:9, 9:16 or 1:1; ${size} is none of them.`);
  return { width, height, aspect: match[0], shortSide: Math.min(width, height) };
}

function pick<T>(table: Record<number, T>, shortSide: number, shape: string, size: string): T {
  const value = table[shortSide];
  if (value === undefined) throw bad(`The ${shape} endpoints on fal do not render ${size}; pick one of the model's sizes.`);
  return value;
}

function requireAspect(aspect: string, allowed: readonly string[], shape: string, size: string): string {
  if (!allowed.includes(aspect)) throw bad(`The ${shape} endpoints on fal render ${allowed.join(', ')}, not ${aspect} (${size}).`);
  return aspect;
}

function wholeSeconds(request: ProviderRequest, shape: string, allowed: (s: number) => boolean, what: string): number {
  const s = request.seconds;
  if (!Number.isInteger(s) || !allowed(s)) throw bad(`The ${shape} endpoints on fal take ${what}; ${s} s is not one.`);
  return s;
}

function optional(request: ProviderRequest, fields: { negativePrompt?: boolean; seed?: boolean }): Record<string, unknown> {
  return {
    ...(fields.negativePrompt && request.negativePrompt ? { negative_prompt: request.negativePrompt } : {}),
    ...(fields.seed && request.seed !== undefined ? { seed: request.seed } : {}),
  };
}

function requireVideo(request: ProviderRequest, shape: string): void {
  if (request.output === 'image') throw bad(`The ${shape} endpoints on fal make video clips, not still images; pick a still-image model.`);
}

/**
 * `veo`: Veo 3.1 on fal. The model id is the text endpoint; images go to `{id}/image-to-video`
 * (`image_url`), `{id}/first-last-frame-to-video` (`first_frame_url`, `last_frame_url`) and
 * `{id}/reference-to-video` (`image_urls`, no negative prompt or seed). `duration` "4s"|"6s"|"8s",
 * `aspect_ratio` 16:9|9:16, `resolution` 720p|1080p|4k, `generate_audio`, `auto_fix` off.
 */
const veo: InputShape = (modelId, request) => {
  requireVideo(request, 'veo');
  const mode = modeOf(request, 'veo', ['text', 'first', 'first-last', 'references']);
  const frame = frameOf(request.size);
  const common = {
    prompt: request.prompt,
    aspect_ratio: requireAspect(frame.aspect, ['16:9', '9:16'], 'veo', request.size),
    duration: `${wholeSeconds(request, 'veo', (s) => [4, 6, 8].includes(s), '4, 6 or 8 seconds')}s`,
    resolution: pick({ 720: '720p', 1080: '1080p', 2160: '4k' }, frame.shortSide, 'veo', request.size),
    generate_audio: request.audio ?? true,
    auto_fix: false,
  };
  const extras = optional(request, { negativePrompt: true, seed: true });
  switch (mode) {
    case 'text':
      return { endpoint: modelId, output: 'video', input: () => ({ ...common, ...extras }) };
    case 'first':
      return { endpoint: `${modelId}/image-to-video`, output: 'video', input: (i) => ({ ...common, ...extras, image_url: i.firstFrame }) };
    case 'first-last':
      return {
        endpoint: `${modelId}/first-last-frame-to-video`,
        output: 'video',
        input: (i) => ({ ...common, ...extras, first_frame_url: i.firstFrame, last_frame_url: i.lastFrame }),
      };
    case 'references':
      return { endpoint: `${modelId}/reference-to-video`, output: 'video', input: (i) => ({ ...common, image_urls: i.references }) };
  }
};

/**
 * `omni`: Gemini Omni Flash on fal. Text at the model id, `{id}/image-to-video` (`image_url`),
 * `{id}/reference-to-video` (`image_urls`); `duration` a whole number of seconds (3-10),
 * `aspect_ratio` 16:9|9:16, 720p only; no last frame, negative prompt or seed.
 */
const omni: InputShape = (modelId, request) => {
  requireVideo(request, 'omni');
  const mode = modeOf(request, 'omni', ['text', 'first', 'references']);
  const frame = frameOf(request.size);
  pick({ 720: true }, frame.shortSide, 'omni', request.size);
  const common = {
    prompt: request.prompt,
    aspect_ratio: requireAspect(frame.aspect, ['16:9', '9:16'], 'omni', request.size),
    duration: wholeSeconds(request, 'omni', (s) => s >= 3 && s <= 10, 'whole seconds from 3 to 10'),
  };
  if (mode === 'first') return { endpoint: `${modelId}/image-to-video`, output: 'video', input: (i) => ({ ...common, image_url: i.firstFrame }) };
  if (mode === 'references') return { endpoint: `${modelId}/reference-to-video`, output: 'video', input: (i) => ({ ...common, image_urls: i.references }) };
  return { endpoint: modelId, output: 'video', input: () => common };
};

/**
 * `kling-v3`: Kling 3.0 (`…/text-to-video` ids; the tier in the id fixes the resolution).
 * Images go to the sibling `…/image-to-video` (`start_image_url`, `end_image_url`; the frame
 * follows the image, so no `aspect_ratio`). `duration` "3"…"15", `generate_audio`, `negative_prompt`.
 */
const klingV3: InputShape = (modelId, request) => {
  requireVideo(request, 'kling-v3');
  const mode = modeOf(request, 'kling-v3', ['text', 'first', 'first-last']);
  const frame = frameOf(request.size);
  const common = {
    prompt: request.prompt,
    duration: String(wholeSeconds(request, 'kling-v3', (s) => s >= 3 && s <= 15, 'whole seconds from 3 to 15')),
    generate_audio: request.audio ?? true,
    ...optional(request, { negativePrompt: true }),
  };
  if (mode === 'text') {
    const aspect_ratio = requireAspect(frame.aspect, ['16:9', '9:16', '1:1'], 'kling-v3', request.size);
    return { endpoint: modelId, output: 'video', input: () => ({ ...common, aspect_ratio }) };
  }
  return {
    endpoint: sibling(modelId, 'kling-v3', 'image-to-video'),
    output: 'video',
    input: (i) => ({ ...common, start_image_url: i.firstFrame, ...(i.lastFrame ? { end_image_url: i.lastFrame } : {}) }),
  };
};

/**
 * `seedance-2`: Seedance 2.0 (`…/text-to-video` ids). Siblings `…/image-to-video` (`image_url`,
 * `end_image_url`) and `…/reference-to-video` (`image_urls`, up to 9). `duration` "4"…"15",
 * `aspect_ratio` (16:9, 9:16, 1:1, 4:3, 3:4, 21:9), `resolution` 480p|720p|1080p|4k, `generate_audio`.
 */
const seedance2: InputShape = (modelId, request) => {
  requireVideo(request, 'seedance-2');
  const mode = modeOf(request, 'seedance-2', ['text', 'first', 'first-last', 'references']);
  const frame = frameOf(request.size);
  const common = {
    prompt: request.prompt,
    aspect_ratio: requireAspect(frame.aspect, ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], 'seedance-2', request.size),
    resolution: pick({ 480: '480p', 720: '720p', 1080: '1080p', 2160: '4k' }, frame.shortSide, 'seedance-2', request.size),
    duration: String(wholeSeconds(request, 'seedance-2', (s) => s >= 4 && s <= 15, 'whole seconds from 4 to 15')),
    generate_audio: request.audio ?? true,
  };
  if (mode === 'text') return { endpoint: modelId, output: 'video', input: () => common };
  if (mode === 'references') {
    return { endpoint: sibling(modelId, 'seedance-2', 'reference-to-video'), output: 'video', input: (i) => ({ ...common, image_urls: i.references }) };
  }
  return {
    endpoint: sibling(modelId, 'seedance-2', 'image-to-video'),
    output: 'video',
    input: (i) => ({ ...common, image_url: i.firstFrame, ...(i.lastFrame ? { end_image_url: i.lastFrame } : {}) }),
  };
};

/**
 * `wan-2.7`: Wan 2.7 (`…/text-to-video` ids). Siblings `…/image-to-video` (`image_url`,
 * `end_image_url`; the frame follows the image) and `…/reference-to-video`
 * (`reference_image_urls`, 2-10 s). `duration` a whole number 2-15, `aspect_ratio`, `resolution`
 * 720p|1080p, `negative_prompt`, `seed`; prompt expansion off.
 */
const wan27: InputShape = (modelId, request) => {
  requireVideo(request, 'wan-2.7');
  const mode = modeOf(request, 'wan-2.7', ['text', 'first', 'first-last', 'references']);
  const frame = frameOf(request.size);
  const aspect_ratio = requireAspect(frame.aspect, ['16:9', '9:16', '1:1', '4:3', '3:4'], 'wan-2.7', request.size);
  const max = mode === 'references' ? 10 : 15;
  const common = {
    prompt: request.prompt,
    resolution: pick({ 720: '720p', 1080: '1080p' }, frame.shortSide, 'wan-2.7', request.size),
    duration: wholeSeconds(request, 'wan-2.7', (s) => s >= 2 && s <= max, `whole seconds from 2 to ${max}${mode === 'references' ? ' with reference images' : ''}`),
    ...optional(request, { negativePrompt: true, seed: true }),
  };
  if (mode === 'text') return { endpoint: modelId, output: 'video', input: () => ({ ...common, aspect_ratio, enable_prompt_expansion: false }) };
  if (mode === 'references') {
    return { endpoint: sibling(modelId, 'wan-2.7', 'reference-to-video'), output: 'video', input: (i) => ({ ...common, aspect_ratio, reference_image_urls: i.references }) };
  }
  return {
    endpoint: sibling(modelId, 'wan-2.7', 'image-to-video'),
    output: 'video',
    input: (i) => ({ ...common, enable_prompt_expansion: false, image_url: i.firstFrame, ...(i.lastFrame ? { end_image_url: i.lastFrame } : {}) }),
  };
};

/**
 * `ltx-2.3`: LTX-2.3 as fal hosts it (`…/text-to-video` ids). Sibling `…/image-to-video`
 * (`image_url`, `end_image_url`). `duration` 6|8|10 as a number, `resolution`
 * 1080p|1440p|2160p, `aspect_ratio` 16:9|9:16, `fps` 24, `generate_audio`.
 */
const ltx23: InputShape = (modelId, request) => {
  requireVideo(request, 'ltx-2.3');
  const mode = modeOf(request, 'ltx-2.3', ['text', 'first', 'first-last']);
  const frame = frameOf(request.size);
  const common = {
    prompt: request.prompt,
    aspect_ratio: requireAspect(frame.aspect, ['16:9', '9:16'], 'ltx-2.3', request.size),
    resolution: pick({ 1080: '1080p', 1440: '1440p', 2160: '2160p' }, frame.shortSide, 'ltx-2.3', request.size),
    duration: wholeSeconds(request, 'ltx-2.3', (s) => [6, 8, 10].includes(s), '6, 8 or 10 seconds'),
    fps: 24,
    generate_audio: request.audio ?? true,
  };
  if (mode === 'text') return { endpoint: modelId, output: 'video', input: () => common };
  return {
    endpoint: sibling(modelId, 'ltx-2.3', 'image-to-video'),
    output: 'video',
    input: (i) => ({ ...common, image_url: i.firstFrame, ...(i.lastFrame ? { end_image_url: i.lastFrame } : {}) }),
  };
};

/** The frame rate `ltx-frames` renders at. */
export const LTX_FRAMES_FPS = 24;

/**
 * `ltx-frames`: endpoints sized in frames (LTX-2.3 22B, `…/text-to-video` ids). `num_frames` =
 * seconds x 24 + 1 (LTX wants 8n+1 frames, 9 to 481), `fps` 24, `video_size` {width, height}
 * (multiples of 32). Sibling `…/image-to-video` (`image_url`, `end_image_url`). `negative_prompt`,
 * `seed`; prompt expansion off.
 */
const ltxFrames: InputShape = (modelId, request) => {
  requireVideo(request, 'ltx-frames');
  const mode = modeOf(request, 'ltx-frames', ['text', 'first', 'first-last']);
  const { width, height } = dimensionsOf(request.size);
  if (width % 32 !== 0 || height % 32 !== 0) throw bad(`The ltx-frames endpoints on fal take sizes in multiples of 32; ${request.size} is not.`);
  const frames = Math.round(request.seconds * LTX_FRAMES_FPS) + 1;
  if ((frames - 1) % 8 !== 0 || frames < 9 || frames > 481) {
    throw bad(`The ltx-frames endpoints on fal render 9 to 481 frames in steps of 8 (at ${LTX_FRAMES_FPS} fps); ${request.seconds} s would be ${frames} frames.`);
  }
  const common = {
    prompt: request.prompt,
    num_frames: frames,
    fps: LTX_FRAMES_FPS,
    video_size: { width, height },
    generate_audio: request.audio ?? true,
    enable_prompt_expansion: false,
    ...optional(request, { negativePrompt: true, seed: true }),
  };
  if (mode === 'text') return { endpoint: modelId, output: 'video', input: () => common };
  return {
    endpoint: sibling(modelId, 'ltx-frames', 'image-to-video'),
    output: 'video',
    input: (i) => ({ ...common, image_url: i.firstFrame, ...(i.lastFrame ? { end_image_url: i.lastFrame } : {}) }),
  };
};

/**
 * `hailuo`: MiniMax Hailuo 2.3 (`…/text-to-video` ids): no size or length fields (the Pro tier
 * renders 6 s at 1080p). Sibling `…/image-to-video` (`image_url`). Prompt optimizer off.
 */
const hailuo: InputShape = (modelId, request) => {
  requireVideo(request, 'hailuo');
  const mode = modeOf(request, 'hailuo', ['text', 'first']);
  wholeSeconds(request, 'hailuo', (s) => s === 6, 'one length, 6 seconds');
  const common = { prompt: request.prompt, prompt_optimizer: false };
  if (mode === 'text') {
    requireAspect(frameOf(request.size).aspect, ['16:9'], 'hailuo', request.size);
    return { endpoint: modelId, output: 'video', input: () => common };
  }
  return { endpoint: sibling(modelId, 'hailuo', 'image-to-video'), output: 'video', input: (i) => ({ ...common, image_url: i.firstFrame }) };
};

/**
 * `image-size`: still-image endpoints sized by `image_size` {width, height} (FLUX, Seedream),
 * one image (`num_images` 1), `seed`. Takes no images. The model makes stills whatever the
 * request says (its registry entry is `output: "image"`); only an explicit clip is refused.
 */
const imageSize: InputShape = (modelId, request) => {
  if (request.output === 'video') throw bad(`The image-size endpoints on fal make still images, not clips; pick a video model for this shot.`);
  modeOf(request, 'image-size', ['text']);
  const { width, height } = dimensionsOf(request.size);
  return {
    endpoint: modelId,
    output: 'image',
    input: () => ({ prompt: request.prompt, image_size: { width, height }, num_images: 1, ...optional(request, { seed: true }) }),
  };
};

/** Every shape by the name a registry entry gives in `inputShape`. */
export const INPUT_SHAPES: Readonly<Record<string, InputShape>> = {
  veo,
  omni,
  'kling-v3': klingV3,
  'seedance-2': seedance2,
  'wan-2.7': wan27,
  'ltx-2.3': ltx23,
  'ltx-frames': ltxFrames,
  hailuo,
  'image-size': imageSize,
};

/** Plans a request for a model of the given shape, or says what is missing from the registry. */
export function planRequest(shapeName: string | undefined, request: ProviderRequest): ShapePlan {
  const known = Object.keys(INPUT_SHAPES).join(', ');
  if (!shapeName) {
    throw bad(`The registry entry for the fal model ${request.model} names no inputShape, so the ${SERVICE} adapter cannot build its request; add one of: ${known}.`);
  }
  const shape = INPUT_SHAPES[shapeName];
  if (!shape) throw bad(`The fal model ${request.model} names the input shape "${shapeName}", which this build does not know; use one of: ${known}.`);
  return shape(request.model, request);
}
