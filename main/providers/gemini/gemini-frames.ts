/**
 * How Shotline's pixel sizes and image roles become the Interactions API's words: a clip size
 * is an aspect ratio plus a resolution name, a still size an aspect ratio plus an image size,
 * and the images of a request are numbered in the prompt so Omni knows which one is the first
 * frame and which are references.
 */
import type { ProviderRequest } from '../provider';

/** Clip sizes Omni renders: `response_format.aspect_ratio` and `.resolution`. */
export const VIDEO_FRAMES: Readonly<Record<string, { aspect_ratio: '16:9' | '9:16'; resolution: '360p' | '720p' | '1080p' | '4k' }>> = {
  '640x360': { aspect_ratio: '16:9', resolution: '360p' },
  '360x640': { aspect_ratio: '9:16', resolution: '360p' },
  '1280x720': { aspect_ratio: '16:9', resolution: '720p' },
  '720x1280': { aspect_ratio: '9:16', resolution: '720p' },
  '1920x1080': { aspect_ratio: '16:9', resolution: '1080p' },
  '1080x1920': { aspect_ratio: '9:16', resolution: '1080p' },
  '3840x2160': { aspect_ratio: '16:9', resolution: '4k' },
  '2160x3840': { aspect_ratio: '9:16', resolution: '4k' },
};

/**
 * Still sizes the Gemini image models make, by Google's image-generation table: the pixel size
 * each (aspect ratio, image size) pair produces. `512` exists on gemini-3.1-flash-image only.
 */
export const STILL_FRAMES: Readonly<Record<string, { aspect_ratio: '1:1' | '16:9' | '9:16'; image_size: '512' | '1K' | '2K' | '4K' }>> = {
  '512x512': { aspect_ratio: '1:1', image_size: '512' },
  '688x384': { aspect_ratio: '16:9', image_size: '512' },
  '384x688': { aspect_ratio: '9:16', image_size: '512' },
  '1024x1024': { aspect_ratio: '1:1', image_size: '1K' },
  '1376x768': { aspect_ratio: '16:9', image_size: '1K' },
  '768x1376': { aspect_ratio: '9:16', image_size: '1K' },
  '2048x2048': { aspect_ratio: '1:1', image_size: '2K' },
  '2752x1536': { aspect_ratio: '16:9', image_size: '2K' },
  '1536x2752': { aspect_ratio: '9:16', image_size: '2K' },
  '4096x4096': { aspect_ratio: '1:1', image_size: '4K' },
  '5504x3072': { aspect_ratio: '16:9', image_size: '4K' },
  '3072x5504': { aspect_ratio: '9:16', image_size: '4K' },
};

/** What the images of a request are for, in the order their blocks are sent. */
export interface ImageRoles {
  firstFrame: boolean;
  lastFrame: boolean;
  references: number;
}

export function rolesOf(request: Pick<ProviderRequest, 'firstFrame' | 'lastFrame' | 'references'>): ImageRoles {
  return { firstFrame: Boolean(request.firstFrame), lastFrame: Boolean(request.lastFrame), references: request.references?.length ?? 0 };
}

/** A prompt that already binds its images (Omni's tags or declarations) is sent as written. */
const TAGGED = /<FIRST_FRAME>|<LAST_FRAME>|<IMAGE_REF_\d+>|\[#\s*(Sources|References)\b/;

/**
 * The prompt with Omni's explicit source/reference declarations in front, naming the image
 * blocks in the order they are sent (first frame, last frame, then references): the form Google's
 * Omni skill documents for more than one image role (`[# Sources <FIRST_FRAME>@Image1]
 * [# References <IMAGE_REF_0>@Image2] ...`). Without images, or when the prompt already binds
 * them, it is returned unchanged.
 */
export function withImageRoles(prompt: string, roles: ImageRoles): string {
  if (TAGGED.test(prompt)) return prompt;
  let n = 0;
  const sources: string[] = [];
  if (roles.firstFrame) sources.push(`<FIRST_FRAME>@Image${++n}`);
  if (roles.lastFrame) sources.push(`<LAST_FRAME>@Image${++n}`);
  const references = Array.from({ length: roles.references }, (_, i) => `<IMAGE_REF_${i}>@Image${++n}`);
  const head = [
    ...(sources.length ? [`[# Sources ${sources.join(' ')}]`] : []),
    ...(references.length ? [`[# References ${references.join(' ')}]`] : []),
  ];
  return head.length ? `${head.join(' ')} ${prompt}` : prompt;
}

/** `generation_config.video_config.task` when the images make it unambiguous; else the model infers it. */
export function taskOf(roles: ImageRoles): 'image_to_video' | 'reference_to_video' | undefined {
  const frames = roles.firstFrame || roles.lastFrame;
  if (frames && roles.references === 0) return 'image_to_video';
  if (!frames && roles.references > 0) return 'reference_to_video';
  return undefined;
}
