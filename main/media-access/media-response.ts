/**
 * Answers one media request: status, headers and a byte stream, with HTTP Range support so a
 * <video> can seek. Host-neutral: the dev host pipes it into a node:http response, the Electron
 * protocol handler turns it into a web `Response` (see `toWebResponse`). One implementation, so
 * both hosts refuse the same paths and send the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import rangeParser from 'range-parser';
import { mediaTypeOf } from './media-types';
import { resolveMediaPath } from './resolve-media-path';

/** What a media request gets back; `body` is null for HEAD, errors and empty bodies. */
export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/** The parts of a request media serving looks at. */
export interface MediaRequest {
  method: string;
  /** Requested path after the route prefix, still percent-encoded. */
  path: string;
  /** The Range header, if any. */
  range?: string | null;
}

function textResponse(status: number, message: string, extra: Record<string, string> = {}): MediaResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...extra },
    body: Readable.from([Buffer.from(message + '\n', 'utf8')]),
  };
}

/**
 * Serves `request.path` from inside `root` (the open project folder), or says why not.
 * `root` null means no project is open.
 */
export async function serveMedia(root: string | null, request: MediaRequest): Promise<MediaResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Media is read-only: use GET or HEAD.', { allow: 'GET, HEAD' });
  }
  if (!root) return textResponse(404, 'No project is open. Open a project, then load its media.');
  const resolved = await resolveMediaPath(root, request.path);
  if (!resolved.ok) return textResponse(resolved.status, resolved.message);
  const type = mediaTypeOf(resolved.file);
  if (!type) return textResponse(403, `${path.basename(resolved.file)} is not a media file; only video, image and audio files are served.`);

  const { file, size } = resolved;
  const headers: Record<string, string> = {
    'content-type': type,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    // Takes are replaced in place when regenerated, so the page must revalidate.
    'cache-control': 'no-cache',
  };
  let start = 0;
  let end = size - 1;
  let status = 200;

  if (request.range) {
    const parsed = rangeParser(size, request.range, { combine: true });
    if (parsed === -1) {
      return textResponse(416, `The requested range is outside the file (${size} bytes).`, { 'content-range': `bytes */${size}` });
    }
    // Malformed ranges, other units and multi-range requests are answered with the whole file,
    // which RFC 9110 allows; browsers seeking a video only ever ask for one range.
    if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1 && parsed[0]) {
      start = parsed[0].start;
      end = parsed[0].end;
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
  }
  const length = size === 0 ? 0 : end - start + 1;
  headers['content-length'] = String(length);
  const body = request.method === 'HEAD' || length === 0 ? null : fs.createReadStream(file, { start, end });
  return { status, headers, body };
}

/** The same answer as a web `Response` (Electron's `protocol.handle` wants one). */
export function toWebResponse(media: MediaResponse): Response {
  const body = media.body ? (Readable.toWeb(media.body) as unknown as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: media.status, headers: media.headers });
}
