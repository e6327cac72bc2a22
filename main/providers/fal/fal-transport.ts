/**
 * How the fal adapter's `@fal-ai/client` reaches the service: one client, built with the key
 * passed in (never `FAL_KEY` from the environment behind our back), whose every call is sent
 * exactly once.
 *
 * The client retries on its own and cannot be told not to per call: `queue.submit` passes its
 * own retry policy (3 retries on 429/502/503/504 and on dropped connections, src/queue.ts),
 * which would resend a create that fal may already have taken and billed. Its retry loop only
 * retries an `ApiError` with a listed status or an error whose `cause` chain names a network
 * code, so our `fetch` turns every failed answer and every transport error into a
 * `FalCallFailure` (neither of those), and the client gives it up at once. Reads are retried by
 * the queue, which backs off across restarts; the adapter never loops.
 *
 * Tests and gateways: fal's hosts are fixed in the client (`queue.fal.run`, `rest.fal.ai`,
 * `fal.run`; src/request.ts, src/config.ts), so a base URL replaces those origins through the
 * client's `requestMiddleware`. The storage upload's PUT goes to whatever `upload_url` the
 * service hands back (not through the middleware) and carries no key.
 */
import { createFalClient, type FalClient } from '@fal-ai/client';
import { parseRetryAfter } from '../http-errors';

/** The origins `@fal-ai/client` 1.10.x calls. */
const FAL_ORIGIN = /^https:\/\/(?:queue\.fal\.run|fal\.run|rest\.fal\.ai)(?=[/?]|$)/;

/** A failed call as fal answered it (status, body, ids), or the transport error that stopped it. */
export class FalCallFailure extends Error {
  readonly status: number | undefined;
  /** The parsed JSON body (or the text) of a failed answer. */
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** `X-Fal-Error-Type` or the body's `error_type`: set on request errors (timeouts, cancellations). */
  readonly errorType: string | undefined;
  /** The error fetch threw when there was no answer; deliberately not `cause` (see above). */
  readonly transport: unknown;

  constructor(init: {
    status?: number;
    body?: unknown;
    requestId?: string;
    retryAfterMs?: number;
    errorType?: string;
    transport?: unknown;
  }) {
    super(init.status !== undefined ? `fal answered ${init.status}` : `fal could not be reached (${(init.transport as Error | undefined)?.message ?? 'no answer'})`);
    this.name = 'FalCallFailure';
    this.status = init.status;
    this.body = init.body;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.errorType = init.errorType;
    this.transport = init.transport;
  }
}

export interface FalTransportOptions {
  apiKey: string;
  /** Origin standing in for fal's hosts (a gateway, the contract server); absent: fal itself. */
  baseUrl?: string;
  /** Applied to calls that carry no signal of their own (the storage upload). */
  defaultTimeoutMs: number;
  /** Sees every successful answer (the adapter reads `x-fal-billable-units` from results). */
  onAnswer?: (response: Response) => void;
}

/** Builds the adapter's fal client. */
export function createFalTransport(options: FalTransportOptions): FalClient {
  const base = options.baseUrl?.replace(/\/+$/, '');
  const sendOnce: typeof fetch = async (input, init) => {
    let response: Response;
    const signal = init?.signal ?? AbortSignal.timeout(options.defaultTimeoutMs);
    try {
      response = await fetch(input, { ...init, signal });
    } catch (error) {
      throw new FalCallFailure({ transport: error });
    }
    if (response.ok) {
      options.onAnswer?.(response);
      return response;
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    const bodyType = body && typeof body === 'object' ? (body as { error_type?: unknown }).error_type : undefined;
    const errorType = response.headers.get('x-fal-error-type') ?? (typeof bodyType === 'string' ? bodyType : undefined);
    const requestId = response.headers.get('x-fal-request-id') ?? undefined;
    const retryAfterMs = parseRetryAfter(response.headers);
    throw new FalCallFailure({
      status: response.status,
      body,
      ...(requestId ? { requestId } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(errorType ? { errorType } : {}),
    });
  };
  return createFalClient({
    credentials: options.apiKey,
    suppressLocalCredentialsWarning: true,
    fetch: sendOnce,
    ...(base ? { requestMiddleware: async (request) => ({ ...request, url: request.url.replace(FAL_ORIGIN, base) }) } : {}),
  });
}

/** fal's own words from an error body: `detail` (a string, or pydantic-style `[{msg, loc}]`), `message`, or the text. */
export function falMessage(body: unknown, fallback: string): string {
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  if (!body || typeof body !== 'object') return fallback;
  const { detail, message, status } = body as { detail?: unknown; message?: unknown; status?: unknown };
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    return detail
      .map((d: { msg?: unknown; loc?: unknown }) => {
        const where = Array.isArray(d.loc) ? d.loc.filter((l) => l !== 'body').join('.') : '';
        return `${where ? `${where}: ` : ''}${typeof d.msg === 'string' ? d.msg : JSON.stringify(d)}`;
      })
      .join('; ');
  }
  if (typeof message === 'string') return message;
  if (typeof status === 'string') return status;
  return fallback;
}

/** The first machine-readable error type in a body (`detail[0].type`), if any. */
export function falErrorCode(body: unknown): string | undefined {
  const detail = body && typeof body === 'object' ? (body as { detail?: unknown }).detail : undefined;
  if (Array.isArray(detail)) {
    const type = (detail[0] as { type?: unknown } | undefined)?.type;
    if (typeof type === 'string') return type;
  }
  return undefined;
}
