/**
 * HTTP to one ComfyUI host with Node's fetch (ComfyUI has no SDK; its routes are plain JSON):
 * per-call timeouts joined with the caller's signal, the proxy credentials of the host, and one
 * reading of every failure. A call that never reached the host (refused, name not found) says
 * so (`sent: 'no'`), so a create may be sent again without rendering twice.
 */
import { classifyHttpFailure, neverSent, parseRetryAfter } from '../http-errors';
import { ProviderError } from '../provider';
import type { ComfyHost } from './host-pool';

/** How messages name a host. */
export const serviceName = (host: ComfyHost) => `ComfyUI server at ${host.label}`;

export interface ComfyRequest {
  method?: 'GET' | 'POST';
  /** A JSON body, or a FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs: number;
  /** What is being done, for messages ("queueing the workflow"). */
  doing: string;
}

/** A non-2xx answer, kept whole so callers can read ComfyUI's error body. */
export class ComfyHttpStatus extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Headers,
  ) {
    super(`HTTP ${status}`);
  }

  /** The body as JSON, or undefined. */
  json(): unknown {
    try {
      return JSON.parse(this.text) as unknown;
    } catch {
      return undefined;
    }
  }
}

/** Sends one request; resolves with the Response of a 2xx, throws ComfyHttpStatus or ProviderError. */
export async function comfyFetch(host: ComfyHost, path: string, request: ComfyRequest): Promise<Response> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = {};
  if (host.authorization) headers.authorization = host.authorization;
  let body: FormData | string | undefined;
  if (request.body instanceof FormData) body = request.body;
  else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  let response: Response;
  try {
    response = await fetch(`${host.base}${path}`, { method: request.method ?? (body ? 'POST' : 'GET'), headers, body, signal, redirect: 'follow' });
  } catch (error) {
    throw connectionError(host, request, error, timeout);
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  throw new ComfyHttpStatus(response.status, text, response.headers);
}

/** GET/POST and parse JSON. */
export async function comfyJson<T>(host: ComfyHost, path: string, request: ComfyRequest): Promise<T> {
  const response = await comfyFetch(host, path, request);
  const text = await response.text().catch((error: unknown) => {
    throw connectionError(host, request, error, null);
  });
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ProviderError('server', `The ${serviceName(host)} answered ${path} with something that is not JSON while ${request.doing}; is this address a ComfyUI server?`);
  }
}

function connectionError(host: ComfyHost, request: ComfyRequest, error: unknown, timeout: AbortSignal | null): ProviderError {
  if (error instanceof ProviderError) return error;
  if (request.signal?.aborted) return new ProviderError('cancelled', `Stopped ${request.doing}: cancelled.`);
  if (timeout?.aborted) {
    return new ProviderError('network', `The ${serviceName(host)} did not answer within ${Math.round(request.timeoutMs / 1000)} s while ${request.doing}; check that it is running and reachable.`);
  }
  const code = codeOf(error);
  // The fetch standard blocks some ports (6000, 6665-6669, ...): refused here, never sent.
  if (causeMessage(error) === 'bad port') {
    return new ProviderError('network', `Node's fetch refuses the port of ${host.base} (a port browsers block); run ComfyUI on another port, such as 8188.`, { sent: 'no' });
  }
  if (neverSent(error)) {
    return new ProviderError(
      'network',
      `Cannot reach the ${serviceName(host)} (${code ?? 'connection failed'}) while ${request.doing}: is ComfyUI running there? A remote host must be started with --listen (and its port open); check the base URL in Settings.`,
      { sent: 'no' },
    );
  }
  return new ProviderError('network', `The connection to the ${serviceName(host)} failed while ${request.doing} (${code ?? (error as Error).message}).`);
}

function causeMessage(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? cause.message : undefined;
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * A non-2xx answer that is not one of ComfyUI's own validation errors, in the queue's terms.
 * ComfyUI itself has no login: a 401/403 comes from a proxy in front of it (or from the origin
 * check, which a main-process request never trips).
 */
export function statusError(host: ComfyHost, failure: ComfyHttpStatus, doing: string): ProviderError {
  const message = failure.text.trim().slice(0, 300) || `HTTP ${failure.status}`;
  if (failure.status === 401 || failure.status === 403) {
    return new ProviderError(
      'auth',
      `The ${serviceName(host)} refused access (${failure.status}) while ${doing}. ComfyUI itself has no login, so this comes from a proxy in front of it: put its user and password in the base URL (http://user:password@host:port) or fix the proxy.`,
      { status: failure.status },
    );
  }
  if (failure.status === 404 || failure.status === 405) {
    return new ProviderError('bad_request', `The ${serviceName(host)} has no such route (${failure.status}) while ${doing}: is the base URL the address of a ComfyUI server (default port 8188)?`, { status: failure.status });
  }
  return classifyHttpFailure(serviceName(host), doing, { status: failure.status, message, retryAfterMs: parseRetryAfter(failure.headers) });
}
