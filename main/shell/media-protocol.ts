/**
 * `shotline-media://project/<relative path>`: the open project's media in the Electron window.
 * Registered as privileged in ./schemes.ts (streaming, so <video> can seek); every request goes through media-access, the same code as the dev host's
 * `/media/` route.
 */
import type { Protocol } from 'electron';
import { MEDIA_PROTOCOL } from '../../shared/contract/http';
import { serveMedia, toWebResponse } from '../media-access';

/** Answers one media request; exported so it can be checked without Electron. */
export async function answerMediaRequest(request: Request, projectDir: string | null): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response('Malformed media URL.\n', { status: 400 });
  }
  if (url.protocol !== `${MEDIA_PROTOCOL}:` || url.hostname !== 'project') {
    return new Response(`Media URLs look like ${MEDIA_PROTOCOL}://project/<path>.\n`, { status: 404 });
  }
  const media = await serveMedia(projectDir, {
    method: request.method,
    path: url.pathname.replace(/^\//, ''),
    range: request.headers.get('range'),
  });
  return toWebResponse(media);
}

/** Serves the protocol from the open project; `projectDir` is read on every request. */
export function handleMediaProtocol(protocol: Protocol, projectDir: () => string | null): void {
  protocol.handle(MEDIA_PROTOCOL, (request) => answerMediaRequest(request, projectDir()));
}
