/**
 * Imports a reference image into the project: `media/refs/<sha256 prefix>.<ext>`.
 *
 * The format is decided by the bytes, never by the file name: a PNG that is really a JPEG is
 * accepted and stored as `.jpg`, because what providers need is the real MIME type. Only PNG,
 * JPEG and WebP are kept (every video service accepts them); anything else is refused with the
 * file's name and the reason. The image is turned upright by its EXIF orientation and stored
 * without metadata (no GPS or camera data travels to a provider). The stored name is the hash
 * of the stored bytes, so importing the same picture twice gives the same file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageFit, ReferenceImage } from '../../shared/domain';
import { invalid } from '../errors';
import { ensureMediaDir, relativeInProject } from '../store/project-folder';
import { writeFileAtomically } from './atomic-file';

/** Largest image accepted, in pixels (40 MP: larger than any camera still a user would attach). */
export const MAX_REFERENCE_PIXELS = 40_000_000;
/** Largest file accepted, in bytes, before anything is decoded. */
export const MAX_REFERENCE_BYTES = 200 * 1024 * 1024;

/** The formats kept, with the extension each is stored under. */
const EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;
type KeptFormat = keyof typeof EXTENSIONS;

/** Where the bytes come from: a file on disk, or bytes handed over (drag and drop, paste). */
export type ReferenceSource = { path: string } | { bytes: Uint8Array; name: string };

async function readSource(source: ReferenceSource): Promise<{ bytes: Buffer; name: string }> {
  if ('bytes' in source) {
    return { bytes: Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength), name: source.name };
  }
  const name = path.basename(source.path);
  let stat;
  try {
    stat = await fs.stat(source.path);
  } catch {
    throw invalid(`Cannot read "${source.path}": the file does not exist or is not readable. Choose another image.`);
  }
  if (!stat.isFile()) throw invalid(`"${name}" is not a file. Choose a PNG, JPEG or WebP image.`);
  if (stat.size > MAX_REFERENCE_BYTES) {
    throw invalid(`"${name}" is ${Math.round(stat.size / 1e6)} MB, more than the ${MAX_REFERENCE_BYTES / 1e6} MB limit. Use a smaller image.`);
  }
  return { bytes: await fs.readFile(source.path), name };
}

function isKept(format: string | undefined): format is KeptFormat {
  return format !== undefined && Object.prototype.hasOwnProperty.call(EXTENSIONS, format);
}

/**
 * Checks an image's real format and size from its bytes. Throws a UserError naming the file and
 * the reason for anything that is not a PNG, JPEG or WebP within the pixel limit.
 */
export async function inspectImage(bytes: Buffer, name: string): Promise<{ format: KeptFormat; width: number; height: number }> {
  if (bytes.length === 0) throw invalid(`"${name}" is empty (0 bytes). Choose a PNG, JPEG or WebP image.`);
  if (bytes.length > MAX_REFERENCE_BYTES) {
    throw invalid(`"${name}" is more than the ${MAX_REFERENCE_BYTES / 1e6} MB limit. Use a smaller image.`);
  }
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // Reads the header only: a forged 30,000 x 30,000 header is refused here without decoding.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid(`"${name}" is not an image Shotline can read (unknown or damaged data). Use a PNG, JPEG or WebP file.`);
  }
  if (!isKept(meta.format)) {
    throw invalid(`"${name}" is a ${String(meta.format ?? 'unknown').toUpperCase()} image; only PNG, JPEG and WebP are accepted. Convert it and try again.`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw invalid(`"${name}" has no pixel size in its header; the file is damaged. Export it again.`);
  if (width * height > MAX_REFERENCE_PIXELS) {
    throw invalid(
      `"${name}" is ${width} x ${height} pixels (${Math.round((width * height) / 1e6)} MP), more than the ${MAX_REFERENCE_PIXELS / 1e6} MP limit. Scale it down and try again.`,
    );
  }
  return { format: meta.format, width, height };
}

/** Decodes, turns upright, strips metadata and re-encodes in the same format. */
async function cleanImage(bytes: Buffer, format: KeptFormat, name: string): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    // failOn 'error' refuses truncated data instead of returning a half-grey picture.
    let pipeline = sharp(bytes, { limitInputPixels: MAX_REFERENCE_PIXELS, failOn: 'error' }).autoOrient();
    if (format === 'png') pipeline = pipeline.png();
    else if (format === 'jpeg') pipeline = pipeline.jpeg({ quality: 92, mozjpeg: true });
    else pipeline = pipeline.webp({ quality: 92 });
    // sharp writes no metadata unless asked (withMetadata), so EXIF/GPS are dropped here.
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw invalid(`"${name}" could not be decoded (${reason}). The file is probably damaged: export it again.`);
  }
}

/**
 * Copies an image into `media/refs/` and returns the reference to store. Refuses anything that
 * is not a readable PNG, JPEG or WebP under the pixel limit; never leaves a partial file.
 */
export async function importReferenceImage(
  projectDir: string,
  source: ReferenceSource,
  fit: ImageFit = 'cover',
): Promise<ReferenceImage> {
  const { bytes, name } = await readSource(source);
  const { format } = await inspectImage(bytes, name);
  const cleaned = await cleanImage(bytes, format, name);
  const hash = crypto.createHash('sha256').update(cleaned.data).digest('hex').slice(0, 16);
  const dir = ensureMediaDir(projectDir, 'refs');
  const target = path.join(dir, `${hash}.${EXTENSIONS[format]}`);
  // Same bytes, same name: an existing file already holds exactly this content.
  const exists = await fs.stat(target).then((s) => s.isFile() && s.size === cleaned.data.length, () => false);
  if (!exists) await writeFileAtomically(target, cleaned.data);
  return {
    id: crypto.randomUUID(),
    path: relativeInProject(projectDir, target),
    name,
    fit,
    width: cleaned.width,
    height: cleaned.height,
  };
}
