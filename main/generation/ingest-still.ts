/**
 * A still image that came back from an image model, made into a take's files: the original
 * renamed to the extension its bytes say (services send PNG, JPEG or WebP whatever the name)
 * and a JPEG poster for the card. A broken or truncated download is caught by checkStill, inside
 * the download's retries, so it is fetched again instead of becoming a take nobody can show.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ProviderError } from '../providers/provider';
import { inspectImage } from '../media/import-reference';
import { writeFileAtomically } from '../media/atomic-file';

const EXTENSION = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/** Longest side of a still's poster, in pixels. */
const POSTER_MAX = 640;

export interface IngestedStill {
  /** Project-relative path of the image as it came. */
  original: string;
  /** Project-relative path of the JPEG poster. */
  poster: string;
  width: number;
  height: number;
}

/**
 * Checks a downloaded still decodes whole. A damaged or cut-off image throws
 * ProviderError('network'), so the queue downloads it again like a cut-off video.
 */
export async function checkStill(file: string): Promise<void> {
  const bytes = await fs.readFile(file);
  try {
    await inspectImage(bytes, 'the still from the service');
    await sharp(bytes, { failOn: 'error' }).stats();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProviderError('network', `The still arrived damaged (${reason}).`);
  }
}

/** `downloaded` is project-relative (`media/takes/<job>/original.img`, checked by checkStill); `resolve` makes it absolute. */
export async function ingestStill(downloaded: string, resolve: (relative: string) => string): Promise<IngestedStill> {
  const bytes = await fs.readFile(resolve(downloaded));
  const info = await inspectImage(bytes, 'the still from the service');
  const dir = path.posix.dirname(downloaded);
  const original = `${dir}/original.${EXTENSION[info.format]}`;
  if (original !== downloaded) await fs.rename(resolve(downloaded), resolve(original));
  const poster = `${dir}/poster.jpg`;
  const jpeg = await sharp(bytes).autoOrient().resize(POSTER_MAX, POSTER_MAX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
  await writeFileAtomically(resolve(poster), jpeg);
  return { original, poster, width: info.width, height: info.height };
}
