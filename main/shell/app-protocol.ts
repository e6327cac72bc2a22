/**
 * `shotline-app://renderer/`: the built renderer (out/renderer) inside the Electron window.
 * Serving the page from a privileged custom scheme instead of file:// gives it a real origin
 * (so CSP 'self' means exactly the app's own files), lets the response carry the CSP header
 * (file:// responses have no headers), and lets the packaged binary turn off file://'s extra
 * privileges with the grantFileProtocolExtraPrivileges fuse.
 */
import type { Protocol } from 'electron';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { resolveStatic } from '../media-access';
import { SECURITY_HEADERS } from './csp';

export const APP_PROTOCOL = 'shotline-app';
export const APP_HOST = 'renderer';
/** The URL the window loads. */
export const APP_PAGE_URL = `${APP_PROTOCOL}://${APP_HOST}/index.html`;

/** Answers one page request from `rendererDir`; exported so it can be checked without Electron. */
export async function answerAppRequest(request: Request, rendererDir: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response('Malformed app URL.\n', { status: 400, headers: SECURITY_HEADERS });
  }
  if (url.protocol !== `${APP_PROTOCOL}:` || url.hostname !== APP_HOST) {
    return new Response('Not a page of this app.\n', { status: 404, headers: SECURITY_HEADERS });
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('The app page is read-only.\n', { status: 405, headers: SECURITY_HEADERS });
  }
  const found = await resolveStatic(rendererDir, url.pathname);
  if (!found.ok) return new Response(found.message + '\n', { status: found.status, headers: SECURITY_HEADERS });
  const headers = { ...SECURITY_HEADERS, 'content-type': found.type, 'content-length': String(found.size), 'cache-control': found.cache };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(fs.createReadStream(found.file)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/** Serves the app's page and assets from `rendererDir`. */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_PROTOCOL, (request) => answerAppRequest(request, rendererDir));
}
