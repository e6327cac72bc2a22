/**
 * Fits an image to an exact frame size, as providers need for a first frame
 * (`input_reference` must match the video size exactly). `cover` fills the frame and crops the
 * overflow (centred); `contain` shows the whole image on black bars. Output is always PNG.
 */
import sharp from 'sharp';
import type { ImageFit } from '../../shared/domain';
import { invalid } from '../errors';
import { produceAtomically } from './atomic-file';
import { MAX_REFERENCE_PIXELS } from './import-reference';

/** What was written. */
export interface FittedImage {
  width: number;
  height: number;
}

/** Writes `src` fitted to exactly `width` x `height` as a PNG at `dest` (atomically). */
export async function fitImage(src: string, dest: string, width: number, height: number, fit: ImageFit): Promise<FittedImage> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width * height > MAX_REFERENCE_PIXELS) {
    throw invalid(`Cannot fit an image to ${width} x ${height}: the size must be whole pixels, at most ${MAX_REFERENCE_PIXELS / 1e6} MP.`);
  }
  return produceAtomically(dest, async (temp) => {
    try {
      const info = await sharp(src, { limitInputPixels: MAX_REFERENCE_PIXELS, failOn: 'error' })
        .autoOrient()
        .resize(width, height, { fit, position: 'centre', background: { r: 0, g: 0, b: 0, alpha: 1 } })
        .flatten({ background: { r: 0, g: 0, b: 0 } })
        .png()
        .toFile(temp);
      return { width: info.width, height: info.height };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw invalid(`Could not fit the image ${src} to ${width} x ${height} (${reason}). Import the image again.`);
    }
  });
}
