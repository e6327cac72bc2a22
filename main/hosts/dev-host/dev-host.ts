/**
 * The loopback dev host: the same contract as the Electron app, over HTTP on 127.0.0.1, so the
 * renderer runs in a plain Chromium for end-to-end tests. It holds no logic of its own: calls go
 * to the shared dispatcher, events come from the app's bus, media goes through media-access.
 *
 * Security: listens on 127.0.0.1 only; every request needs the per-run token (header, cookie or
 * query); the Host header must be our loopback name (DNS rebinding); POSTs must be same-origin;
 * every response carries the Electron window's CSP.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { DEV_HOST } from '../../../shared/contract/http';
import { composeApp, type AppServices } from '../../app/compose';
import { createDispatch, type Dispatch } from '../../ipc/dispatch';
import { createHandlers } from '../../ipc/handlers';
import { resolveStatic, serveMedia } from '../../media-access';
import { AppSettings } from '../../settings/app-settings';
import { SECURITY_HEADERS } from '../../shell/csp';
import { openEventStream } from './event-stream';
import { BodyError, readJsonBody } from './read-json-body';
import { findToken, isAllowedHost, isSameOrigin, tokenCookie } from './request-guard';

/** How to start a dev host. */
export interface DevHostOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Folder of the app settings (settings.json, default projects folder). */
  settingsDir: string;
  /** The built renderer (vite output). */
  rendererDir: string;
  /** Version reported by `app.info`. */
  version?: string;
  /** The app's services, built by the caller (tests add providers or formats); default: composed here. */
  app?: AppServices;
  /** Largest accepted call body; default 300 MB (base64 image uploads). */
  bodyLimitBytes?: number;
  /** Interval of SSE heartbeat comments; default 15 s. */
  heartbeatMs?: number;
  /** Where internal errors are logged; default stderr. */
  log?: (line: string) => void;
}

/** A running dev host. */
export interface DevHost {
  /** The URL to open, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  token: string;
  port: number;
  app: AppServices;
  /** Stops listening, ends event streams and closes the open project. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 300 * 1024 * 1024;

function sendText(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra });
  res.end(message + '\n');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The dev host's own services: app settings from `settingsDir`, keys from the environment. */
function webApp(options: DevHostOptions, log: (line: string) => void): AppServices {
  return composeApp({
    kind: 'web',
    version: options.version ?? '0.0.0-dev',
    // Relative, so it works whatever port we end up on; the cookie carries the token.
    mediaBase: DEV_HOST.mediaPrefix,
    settings: new AppSettings(options.settingsDir),
    log,
  });
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const app = options.app ?? webApp(options, log);
  // In the background: the page can load meanwhile; features check the report when they start.
  void app.ffmpeg.check(log);
  const dispatch: Dispatch = createDispatch(createHandlers(app), log);
  const token = randomBytes(32).toString('base64url');
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<() => void>();
  let port = 0;

  async function handleCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return sendText(res, 405, 'Calls are POST requests with a JSON body.', { allow: 'POST' });
    if (!isSameOrigin(req.headers, port)) return sendText(res, 403, 'Cross-origin calls are refused.');
    let input: unknown;
    try {
      input = await readJsonBody(req, bodyLimit);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      // Stop reading a body we refused: close the connection once the answer is out.
      res.setHeader('connection', 'close');
      res.on('finish', () => req.destroy());
      return sendJson(res, error.status, { ok: false, error: { code: 'invalid_input', message: error.message } });
    }
    sendJson(res, 200, await dispatch(name, input));
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const media = await serveMedia(app.workspace.current?.store.dir ?? null, {
      method: req.method ?? 'GET',
      path: rawPath,
      range: req.headers.range ?? null,
    });
    res.writeHead(media.status, { ...SECURITY_HEADERS, ...media.headers });
    if (!media.body) return void res.end();
    await pipeline(media.body, res).catch(() => {
      // The page stopped reading (a <video> seeking elsewhere); nothing to report.
    });
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string, setCookie: boolean): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET and HEAD here.', { allow: 'GET, HEAD' });
    const found = await resolveStatic(options.rendererDir, pathname);
    if (!found.ok) return sendText(res, found.status, found.message);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': found.type,
      'content-length': String(found.size),
      'cache-control': found.cache,
    };
    if (setCookie) headers['set-cookie'] = tokenCookie(token);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    await pipeline(fs.createReadStream(found.file), res).catch(() => {});
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers, port)) {
      return sendText(res, 403, 'Refused: this host answers only to 127.0.0.1 and localhost on its own port.');
    }
    // Parse against a fixed base: the Host header has been checked, but needs no further trust.
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return sendText(res, 400, 'Malformed request URL.');
    }
    const source = findToken(req.headers, url, token);
    if (!source) return sendText(res, 401, 'Missing or wrong token. Open the URL the dev host printed (it ends in ?token=...).');
    // Work on the raw path so media-access sees the encoding the client sent.
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (rawPath.startsWith(DEV_HOST.callPrefix)) {
      return handleCall(req, res, safeDecode(rawPath.slice(DEV_HOST.callPrefix.length)));
    }
    if (rawPath === DEV_HOST.eventsPath) {
      if (req.method !== 'GET') return sendText(res, 405, 'The event stream is a GET request.', { allow: 'GET' });
      const end = openEventStream(res, app.events, heartbeatMs);
      streams.add(end);
      res.on('close', () => streams.delete(end));
      return;
    }
    if (rawPath.startsWith(DEV_HOST.mediaPrefix)) return handleMedia(req, res, rawPath.slice(DEV_HOST.mediaPrefix.length));
    if (rawPath.startsWith('/api/')) return sendText(res, 404, `No API route ${rawPath}.`);
    return handleStatic(req, res, rawPath, source === 'query');
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`[dev-host] ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'The dev host failed on this request; see its log.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the dev host must never be reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      for (const end of streams) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.dispose();
    })();
    return closing;
  };

  return { url: `http://127.0.0.1:${port}/?${DEV_HOST.tokenQuery}=${token}`, token, port, app, close };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
