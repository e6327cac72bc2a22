/**
 * Streams a finished clip from an HTTP response to `<destination>.part`, checks it, then
 * renames it onto `destination`. Shared by the service providers so every one of them keeps
 * the VideoProvider promise: a cut-off or wrong download leaves nothing under the final name
 * and no `.part` behind.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { imageFormatOf } from './image-bytes';
import { ProviderError } from './provider';

/** Where the bytes came from, for error messages (`OpenAI-compatible video video_123`). */
export interface DownloadLabel {
  what: string;
  requestId?: string;
}

/**
 * Writes `response.body` to `destination` atomically. Throws ProviderError('network') when the
 * body ends early (shorter than Content-Length, or the connection drops), and
 * ProviderError('server') when the bytes are not what was asked for: an MP4 (an `ftyp` box at
 * the start) for a clip, a PNG, JPEG or WebP for a still.
 */
export async function downloadResponseToFile(
  response: Response,
  destination: string,
  label: DownloadLabel,
  signal?: AbortSignal,
  contents: 'clip' | 'still' = 'clip',
): Promise<void> {
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
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
      counter,
      fs.createWriteStream(part),
      ...(signal ? [{ signal }] : []),
    );
    if (Number.isFinite(declared) && received !== declared) {
      throw new ProviderError('network', `${label.what} was cut short (${received} of ${declared} bytes); the download will be retried.`, details);
    }
    if (contents === 'still' && !imageFormatOf(head)) {
      throw new ProviderError('server', `${label.what} is not a PNG, JPEG or WebP image (${received} bytes); try again later.`, details);
    }
    // Every MP4/MOV starts with a box whose type is `ftyp` at byte 4.
    if (contents === 'clip' && (head.length < 8 || head.subarray(4, 8).toString('latin1') !== 'ftyp')) {
      throw new ProviderError('server', `${label.what} is not an MP4 file (${received} bytes without an 'ftyp' header); try again later.`, details);
    }
    await fsp.rename(part, destination);
  } catch (error) {
    await fsp.rm(part, { force: true }).catch(() => {});
    if (error instanceof ProviderError) throw error;
    if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${label.what} was cancelled.`, details);
    // A local disk problem (full, read-only, missing permission) is not the service's fault.
    const local = error as NodeJS.ErrnoException;
    if (local.syscall) throw new Error(`Could not write ${part} (${local.code ?? local.message}); free some disk space or check the folder's permissions.`, { cause: error });
    throw new ProviderError(
      'network',
      `The download of ${label.what} failed after ${received} bytes (${(error as Error).message}); it will be retried.`,
      details,
    );
  }
}
