/**
 * A finished still from an HTTP response to a file, with the same promise as a clip download
 * (download-to-file.ts): streamed to `<destination>.part`, checked, renamed; a cut-off body
 * throws ProviderError('network') and leaves nothing. The check is the image's own magic bytes
 * (PNG, JPEG or WebP), whatever the destination is called.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { DownloadLabel } from '../download-to-file';
import { ProviderError } from '../provider';

/** The still-image formats a destination may receive, by their first bytes. */
export function imageFormatOf(head: Buffer): 'png' | 'jpeg' | 'webp' | undefined {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return undefined;
}

export async function downloadImageToFile(response: Response, destination: string, label: DownloadLabel, signal?: AbortSignal): Promise<void> {
  const details = label.requestId ? { requestId: label.requestId } : {};
  if (!response.body) throw new ProviderError('server', `${label.what} came back with an empty body; try the download again.`, details);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const part = `${destination}.part`;
  await fsp.mkdir(path.dirname(destination), { recursive: true });
  let received = 0;
  let head = Buffer.alloc(0);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (head.length < 12) head = Buffer.concat([head, chunk.subarray(0, 12 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), counter, fs.createWriteStream(part), ...(signal ? [{ signal }] : []));
    if (Number.isFinite(declared) && received !== declared) {
      throw new ProviderError('network', `${label.what} was cut short (${received} of ${declared} bytes); the download will be retried.`, details);
    }
    if (!imageFormatOf(head)) {
      throw new ProviderError('server', `${label.what} is not a PNG, JPEG or WebP image (${received} bytes); try again later.`, details);
    }
    await fsp.rename(part, destination);
  } catch (error) {
    await fsp.rm(part, { force: true }).catch(() => {});
    if (error instanceof ProviderError) throw error;
    if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${label.what} was cancelled.`, details);
    const local = error as NodeJS.ErrnoException;
    if (local.syscall) throw new Error(`Could not write ${part} (${local.code ?? local.message}); free some disk space or check the folder's permissions.`, { cause: error });
    throw new ProviderError('network', `The download of ${label.what} failed after ${received} bytes (${(error as Error).message}); it will be retried.`, details);
  }
}
