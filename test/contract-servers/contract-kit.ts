/**
 * Shared parts of the contract servers: the request log, the fault book, render timing, and
 * small HTTP helpers. The servers follow the services' documented contracts; these helpers
 * hold no provider knowledge.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** An image the server received (a multipart file part or a base64 JSON field). */
export interface RecordedImage {
  /** Where it came from: the multipart field name, or `image`, `lastFrame`, `referenceImages[0]`... */
  field: string;
  /** Upload filename (multipart only). */
  filename?: string;
  /** MIME type as declared by the client. */
  type: string;
  bytes: number;
  /** Decoded by sharp; absent when the bytes are not an image. */
  width?: number;
  height?: number;
  format?: string;
}

/** One request as the server saw it. Headers keep the credential so tests can check it was sent. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. Use `redactHeaders` before printing. */
  headers: Record<string, string>;
  /** Parsed JSON body, when the body was JSON. */
  json?: unknown;
  /** Text fields of a multipart body. */
  fields?: Record<string, string>;
  /** Every image received, in order. */
  images?: RecordedImage[];
  /** Status the server answered with. */
  status?: number;
}

const SECRET_HEADERS = new Set(['authorization', 'x-goog-api-key', 'api-key']);

/** A copy of `headers` with credentials replaced by `<redacted>` (safe to log or snapshot). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase())
      ? value.toLowerCase().startsWith('bearer ') ? 'Bearer <redacted>' : '<redacted>'
      : value;
  }
  return out;
}

/** A request for a fault, matched against the route each handler names. */
export type Fault =
  /** Answer `status` with the service's error body instead of handling the route. */
  | { kind: 'status'; route: string; status: number; times?: number; retryAfterSeconds?: number; code?: string; message?: string }
  /** Jobs created from now on end in a content-policy failure (until cleared). */
  | { kind: 'refusal'; code?: string; message?: string }
  /** The next download sends the full Content-Length, writes half the bytes, then drops the socket. */
  | { kind: 'cut-download'; times?: number }
  /** Finished content is no longer available (until cleared). */
  | { kind: 'expired' };

interface Armed {
  fault: Fault;
  left: number;
}

/** Faults armed by a test. `status` and `cut-download` fire `times` times (default 1). */
export class FaultBook {
  private armed: Armed[] = [];

  add(fault: Fault): void {
    const once = fault.kind === 'status' || fault.kind === 'cut-download';
    const times = once ? (fault.times ?? 1) : Number.POSITIVE_INFINITY;
    this.armed.push({ fault, left: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** Uses up one firing of the first matching fault, if any. */
  take<K extends Fault['kind']>(kind: K, route?: string): Extract<Fault, { kind: K }> | undefined {
    const entry = this.armed.find(
      (a) => a.left > 0 && a.fault.kind === kind && (a.fault.kind !== 'status' || a.fault.route === route || a.fault.route === '*'),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault as Extract<Fault, { kind: K }>;
  }

  /** Whether a standing fault is armed (does not use it up). */
  has(kind: 'refusal' | 'expired'): Extract<Fault, { kind: 'refusal' | 'expired' }> | undefined {
    return this.armed.find((a) => a.left > 0 && a.fault.kind === kind)?.fault as Extract<Fault, { kind: 'refusal' | 'expired' }> | undefined;
  }
}

/** How long a fake render takes and in how many visible steps. */
export interface RenderTiming {
  /** Total render time in ms (default 300). 0 finishes at once. */
  renderMs?: number;
  /** Progress steps reported on the way (default 4). */
  steps?: number;
}

/** Where a job created at `createdAt` stands now: 0..1 in whole steps. */
export function renderFraction(createdAt: number, timing: RenderTiming, now = Date.now()): number {
  const renderMs = timing.renderMs ?? 300;
  const steps = Math.max(1, timing.steps ?? 4);
  if (renderMs <= 0) return 1;
  const step = Math.floor(((now - createdAt) / renderMs) * steps);
  return Math.min(1, Math.max(0, step / steps));
}

/** Reads a request body up to `limit` bytes. */
export async function readBody(req: http.IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Flattens Node's header object into lower-case name -> string. */
export function flatHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Sends `data` as a download, or (when `cut`) declares its full length, writes half and drops the connection. */
export function sendBytes(res: http.ServerResponse, data: Buffer, type: string, cut: boolean, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': type, 'content-length': String(data.length), ...headers });
  if (!cut) {
    res.end(data);
    return;
  }
  res.write(data.subarray(0, Math.floor(data.length / 2)), () => {
    // Give the half a moment to reach the client, then cut the connection mid-body.
    setTimeout(() => res.socket?.destroy(), 20);
  });
}

/** Decodes image bytes with sharp; returns undefined for bytes that are not an image. */
export async function imageInfo(data: Buffer): Promise<{ width: number; height: number; format: string } | undefined> {
  try {
    const meta = await sharp(data).metadata();
    if (!meta.width || !meta.height || !meta.format) return undefined;
    return { width: meta.width, height: meta.height, format: meta.format };
  } catch {
    return undefined;
  }
}

/** `http://127.0.0.1:<port>` of a listening server. */
export function baseOf(server: http.Server): string {
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** Parses `--port N` and `--render-ms N` style flags for the CLI entries. */
export function cliFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg?.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[arg.slice(2)] = next;
        i += 1;
      } else {
        flags[arg.slice(2)] = 'true';
      }
    }
  }
  return flags;
}
