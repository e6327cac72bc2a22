/**
 * The last frame of a take as a PNG, for "continue from the previous shot". Accurate, not
 * approximate: ffmpeg starts decoding a little before the end and writes every decoded frame
 * over the same file (`-update 1`), so what remains is the final frame actually decoded, not
 * the nearest keyframe and not a frame from a container duration that overstates the video.
 */
import fs from 'node:fs/promises';
import type { ImageFit } from '../../shared/domain';
import { invalid } from '../errors';
import { produceAtomically, removeQuietly, tempPathFor } from './atomic-file';
import { FfmpegError, runFfmpeg } from './ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';
import { fitImage } from './fit-image';

/** Seconds before the end where decoding starts: more than one GOP of the house format. */
const TAIL_SECONDS = 2;

export interface LastFrameOptions {
  /** Fit the frame to exactly this size (cover crops, contain pads black). */
  fitTo?: { width: number; height: number; fit: ImageFit };
  signal?: AbortSignal;
}

/** Writes the last decoded frame of `video` as a PNG at `dest` (atomically). */
export async function extractLastFrame(tools: FfmpegTools, video: string, dest: string, options: LastFrameOptions = {}): Promise<void> {
  const raw = options.fitTo ? tempPathFor(dest) : dest;
  try {
    await produceAtomically(raw, async (temp) => {
      await runFfmpeg(tools, {
        // -sseof before -i: seek relative to the end; clips shorter than that start at 0.
        inputs: [{ source: video, options: ['-sseof', `-${TAIL_SECONDS}`] }],
        outputOptions: ['-map', '0:v:0', '-an', '-update', '1', '-c:v', 'png', '-f', 'image2'],
        output: temp,
        signal: options.signal,
      }).catch((error: unknown) => {
        if (error instanceof FfmpegError && !error.cancelled) {
          throw invalid(`Could not read the last frame of ${video} (${error.reason}). Check that the take plays, or generate it again.`);
        }
        throw error;
      });
      const written = await fs.stat(temp).catch(() => null);
      if (!written?.size) throw invalid(`${video} has no frame to continue from. Choose a take that plays.`);
    });
    if (options.fitTo) {
      const { width, height, fit } = options.fitTo;
      await fitImage(raw, dest, width, height, fit);
    }
  } finally {
    if (options.fitTo) await removeQuietly(raw);
  }
}
