/**
 * The media operations the generation queue needs (main/generation/prepare-inputs.ts
 * `MediaOps`), bound to the ffmpeg in use. Wire with `createMediaOps(() => tools)`.
 */
import type { ImageFit } from '../../shared/domain';
import type { FfmpegTools } from './ffmpeg-locator';
import { fitImage } from './fit-image';
import { extractLastFrame } from './last-frame';

export interface MediaOperations {
  fitImage(src: string, dest: string, width: number, height: number, fit: ImageFit): Promise<void>;
  lastFrame(video: string, dest: string): Promise<void>;
}

export function createMediaOps(getTools: () => FfmpegTools): MediaOperations {
  return {
    fitImage: async (src, dest, width, height, fit) => {
      await fitImage(src, dest, width, height, fit);
    },
    lastFrame: (video, dest) => extractLastFrame(getTools(), video, dest),
  };
}
