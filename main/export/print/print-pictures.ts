/**
 * A shot's frame picture made ready for the PDF: pdfkit embeds only JPEG and PNG, and a
 * reference may be WebP or a 40-megapixel photo, so every picture goes through sharp (the
 * project's image library, as in import-reference.ts) to a JPEG no larger than print needs.
 * Decoding here also catches a broken file before pdfkit would choke on it halfway through the
 * document: it is logged and the next picture tried, and with none left the frame is drawn.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { PrintPicture } from '../../../shared/print/print-shots';
import { MAX_REFERENCE_PIXELS } from '../../media/import-reference';

/** Longest side in pixels: a frame is at most about 5.3 inches wide on the page, so ~190 dpi. */
export const PRINT_PICTURE_MAX = 1024;

export interface PreparedPicture {
  jpeg: Buffer;
  width: number;
  height: number;
  source: PrintPicture['source'];
}

/** The first of `pictures` that decodes, as a JPEG; null when none does (each failure logged). */
export async function preparePicture(pictures: readonly PrintPicture[], shotLabel: string, log: (line: string) => void): Promise<PreparedPicture | null> {
  for (const picture of pictures) {
    try {
      const { data, info } = await sharp(picture.file, { limitInputPixels: MAX_REFERENCE_PIXELS, failOn: 'error' })
        .autoOrient()
        .resize(PRINT_PICTURE_MAX, PRINT_PICTURE_MAX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: { r: 255, g: 255, b: 255 } })
        .jpeg({ quality: 85 })
        .toBuffer({ resolveWithObject: true });
      return { jpeg: data, width: info.width, height: info.height, source: picture.source };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`Shot ${shotLabel}: its ${picture.source === 'poster' ? 'take poster' : picture.source === 'still' ? 'still frame' : 'reference image'} ${path.basename(picture.file)} cannot be read (${reason}); printed ${pictures.indexOf(picture) === pictures.length - 1 ? 'a placeholder' : 'the next picture'} instead.`);
    }
  }
  return null;
}
