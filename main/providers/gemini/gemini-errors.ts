/**
 * Reading the Gemini API's failures: the Interactions client's errors (`APIError` and its
 * connection/abort subclasses, not exported by @google/genai, so recognised by name and shape)
 * and the older client's `ApiError` (Files API). Both keep the service's body, which comes in
 * two shapes: `{"error":{"code":"invalid_request","message":...}}` from the Interactions
 * endpoints (a string code) and the RPC shape `{"error":{"code":400,"status":"INVALID_ARGUMENT",
 * "details":[...]}}` from Google's front end, sometimes wrapped in an array.
 */
import { classifyHttpFailure, neverSent, parseRetryAfter } from '../http-errors';
import { ProviderError } from '../provider';

export const SERVICE = 'Google Gemini API';

/** The service's error object, whichever shape it came in. */
export interface GeminiErrorBody {
  code?: string | number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string; retryDelay?: string }[];
}

/** Enum-like codes Google uses for content blocks (whole-token match: `API_KEY_SERVICE_BLOCKED` is not one). */
const SAFETY_TOKEN = /^(IMAGE_|VIDEO_)?(SAFETY|PROHIBITED_CONTENT|BLOCKLIST|SPII|RAI|RECITATION)$/i;
/** A free-text message counts only in the block phrasing ("... blocked for safety reasons", "... against our policies"). */
const SAFETY_PHRASE = /\bblocked\b[^.]*\b(safety|policy|policies)\b|\bagainst our (usage )?polic(y|ies)\b|\bviolat\w* (our|the) (usage )?polic/i;
/** An interaction id the service does not (or no longer) know: a 400 with these words, as seen live. */
const UNKNOWN_INTERACTION = /Invalid interaction name|interaction .*not found/i;

/** Parses a body text (object or `[object]`) into its `error` object. */
export function errorBodyOf(text: unknown): GeminiErrorBody | undefined {
  let value: unknown = text;
  if (typeof text === 'string') {
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) value = value[0];
  const error = (value as { error?: unknown } | null)?.error;
  return error && typeof error === 'object' ? (error as GeminiErrorBody) : undefined;
}

/** True when a code, status or message says the content was refused. */
export function isSafety(error: { code?: unknown; status?: unknown; message?: unknown } | undefined): boolean {
  if (!error) return false;
  return [error.code, error.status].some((v) => typeof v === 'string' && SAFETY_TOKEN.test(v))
    || (typeof error.message === 'string' && SAFETY_PHRASE.test(error.message));
}

/** `"7s"` / `"1.5s"` (protobuf Duration JSON) -> ms. */
function durationMs(value: string | undefined): number | undefined {
  const match = value ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

interface HttpLikeError {
  name?: string;
  message?: string;
  status?: unknown;
  headers?: { get(name: string): string | null } | null;
  body?: unknown;
  error?: unknown;
}

/** What the caller was doing, and whether the create can be known never to have left (preparation steps). */
export interface FailureContext {
  doing: string;
  signal?: AbortSignal;
  /** True before the create is sent (uploads, checks): a failure then cannot have billed anything. */
  beforeCreate?: boolean;
  /** The interaction a 400 "Invalid interaction name" is about. */
  interactionId?: string;
  log?: (line: string) => void;
}

/** A failed Gemini call as a ProviderError; anything unrecognised passes through unchanged. */
export function toProviderError(error: unknown, ctx: FailureContext): unknown {
  const sentNo = ctx.beforeCreate ? ({ sent: 'no' } as const) : {};
  if (error instanceof ProviderError) {
    return ctx.beforeCreate && error.details.sent !== 'no' ? new ProviderError(error.kind, error.message, { ...error.details, sent: 'no' }) : error;
  }
  const e = (error ?? {}) as HttpLikeError;
  if (ctx.signal?.aborted) return new ProviderError('cancelled', `Stopped ${ctx.doing}: cancelled.`, sentNo);
  // Our own deadline (an AbortSignal.timeout) surfaces as an abort the caller did not ask for.
  if (e.name === 'APIUserAbortError' || e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError') {
    return new ProviderError('network', `The ${SERVICE} did not answer in time while ${ctx.doing}; it will be retried.`, sentNo);
  }
  if (e.name === 'APIConnectionError' || error instanceof TypeError) {
    const sent = ctx.beforeCreate || neverSent(error) ? ({ sent: 'no' } as const) : {};
    return new ProviderError('network', `Could not reach the ${SERVICE} while ${ctx.doing} (${describeCause(error)}); check the network and the base URL.`, sent);
  }
  if (typeof e.status !== 'number') return error;
  // Interactions client: the raw body text; Files client (ApiError): the JSON body as its message.
  const body = errorBodyOf(e.body) ?? errorBodyOf((e.error as { error?: unknown } | undefined)) ?? (e.name === 'ApiError' ? errorBodyOf(e.message) : undefined);
  const message = body?.message ?? e.message ?? 'the service gave no reason';
  ctx.log?.(`[gemini] ${ctx.doing} failed with ${e.status}${body?.status ? ` ${body.status}` : body?.code !== undefined ? ` ${body.code}` : ''}`);
  if (ctx.interactionId && (e.status === 404 || (e.status === 400 && UNKNOWN_INTERACTION.test(message)))) {
    return new ProviderError(
      'not_found',
      `The ${SERVICE} no longer has interaction ${ctx.interactionId} (${e.status}: ${message}); Google keeps interactions for 55 days on the paid tier and 1 day on the free tier, so generate the shot again.`,
      { status: e.status, ...sentNo },
    );
  }
  const retryDelay = body?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const classified = classifyHttpFailure(SERVICE, ctx.doing, {
    status: e.status,
    ...(body?.status ? { code: body.status } : typeof body?.code === 'string' ? { code: body.code } : {}),
    message,
    retryAfterMs: parseRetryAfter(e.headers ?? null) ?? durationMs(retryDelay),
    badKey: body?.details?.some((d) => d.reason === 'API_KEY_INVALID') || /API key not valid/i.test(message),
    refusal: e.status === 400 && isSafety(body),
  });
  return ctx.beforeCreate ? new ProviderError(classified.kind, classified.message, { ...classified.details, sent: 'no' }) : classified;
}

function describeCause(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return (error as Error)?.message ?? String(error);
}
