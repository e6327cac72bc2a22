/**
 * One reading of a failed HTTP call for every adapter: which status means what to the queue
 * (retry, refuse, ask for a key), in the same words whatever the service, and one parser for
 * the `retry-after` a service sends. Adapters add only what their service says beyond the
 * status (a refusal code, a bad-key reason, an empty account).
 */
import { ProviderError } from './provider';

/** What an adapter knows of a failed call, in the service's own terms. */
export interface HttpFailure {
  status: number;
  /** The service's error code, e.g. `moderation_blocked`, `RESOURCE_EXHAUSTED`. */
  code?: string;
  /** The service's own words. */
  message: string;
  retryAfterMs?: number;
  requestId?: string;
  /** The service says it refused the content (policy, safety). */
  refusal?: boolean;
  /** The service says the key is wrong, whatever the status. */
  badKey?: boolean;
  /** The service says the account has no quota or credit left (waiting does not fix it). */
  outOfCredit?: boolean;
}

/** `service` names the service in messages ("OpenAI-compatible video service"); `doing` what was being done. */
export function classifyHttpFailure(service: string, doing: string, f: HttpFailure): ProviderError {
  const reason = `${f.status}${f.code ? ` ${f.code}` : ''}: ${f.message}`;
  const details: ProviderError['details'] = {
    status: f.status,
    ...(f.code ? { code: f.code } : {}),
    ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
  };
  const { status } = f;
  if (f.badKey || status === 401 || status === 403) {
    return new ProviderError('auth', `The ${service} did not accept the API key (${reason}); check the key in Settings.`, details);
  }
  if (f.outOfCredit) return new ProviderError('auth', `The ${service} account has no quota or credit left (${reason}); add credit, then retry.`, details);
  if (status === 404) return new ProviderError('not_found', `The ${service} does not know this (${reason}); the model may be retired: pick another model.`, details);
  if (status === 429) return new ProviderError('rate_limit', `The ${service} is rate limiting us (${reason}).`, details);
  if (f.refusal) return new ProviderError('refusal', `The ${service} refused this shot (${reason}); change the prompt or images, it will not be retried.`, details);
  if (status === 408 || status === 504) return new ProviderError('network', `The ${service} timed out while ${doing} (${reason}).`, details);
  if (status === 409 || status >= 500) return new ProviderError('server', `The ${service} had an error while ${doing} (${reason}).`, details);
  return new ProviderError('bad_request', `The ${service} refused the request while ${doing} (${reason}); fix the shot's settings, it will not be retried as is.`, details);
}

/** Headers as fetch and the SDKs expose them. */
interface HeaderBag {
  get(name: string): string | null;
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(headers: HeaderBag | null | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Error codes that mean the request never left this machine or never reached a server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * True when a failed call provably never reached the service (connection refused, name not
 * found, no route), looking through the `cause` chain the SDKs and fetch wrap errors in. Only
 * then may a create be sent again without risking a second bill; a reset or a timeout after
 * connecting is not such a case.
 */
export function neverSent(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    // fetch refuses a blocked port (6000, 6665...) before it opens a connection; undici says only this.
    if (e instanceof Error && e.message === 'bad port') return true;
    // AggregateError (happy eyeballs: every address refused).
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0 && inner.every((x) => neverSent(x))) return true;
  }
  return false;
}
