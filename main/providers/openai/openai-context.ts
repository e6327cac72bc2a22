/**
 * What the `openai` adapter's parts (videos, lookup, images) share: the SDK client, the retry
 * and timeout policy, the log, and one reading of the SDK's errors as ProviderErrors.
 */
import type OpenAI from 'openai';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { classifyHttpFailure, neverSent, parseRetryAfter } from '../http-errors';
import { ProviderError } from '../provider';

export const VIDEO_SERVICE = 'OpenAI-compatible video service';
export const IMAGE_SERVICE = 'OpenAI-compatible image service';

/** Error codes that mean the service refused the content (no official list exists: match the words). */
export const REFUSAL_CODE = /moderation|policy|safety/i;

export interface OpenAiTimeouts {
  submit: number;
  poll: number;
  download: number;
  /** An image generation holds the request until the picture is made (minutes at high quality). */
  image: number;
}

export interface OpenAiContext {
  client: OpenAI;
  /** SDK retries for idempotent reads (retrieve, list, content). Creates never retry. */
  readRetries: number;
  timeouts: OpenAiTimeouts;
  log: (line: string) => void;
}

/**
 * Request options for a create: sent once (no SDK retry), with the job's key. The SDK's
 * `idempotencyKey` option exists in openai 7.57's RequestOptions but the OpenAI client names no
 * idempotency header, so on its own it sends nothing; the key therefore also goes as an
 * explicit `Idempotency-Key` header, which services that dedupe by key read and others ignore.
 */
export function createOptions(key: string, signal: AbortSignal | undefined, timeout: number) {
  return { signal, maxRetries: 0, timeout, idempotencyKey: key, headers: { 'Idempotency-Key': key } };
}

/** The service's own words from an SDK error. */
export function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

export function errorDetails(error: APIError): ProviderError['details'] {
  const retryAfterMs = parseRetryAfter(error.headers);
  return {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code ? { code: error.code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error.requestID ? { requestId: error.requestID } : {}),
  };
}

/**
 * An SDK failure as a ProviderError: an abort is `cancelled`; a connection that provably never
 * reached the service is `network` with `sent: 'no'` (a reset after connecting is not: the
 * service may have taken the create); HTTP statuses go through classifyHttpFailure, with
 * moderation codes on a 400 as refusals and `insufficient_quota` as an empty account.
 */
export function toProviderError(ctx: OpenAiContext, error: unknown, doing: string, service = VIDEO_SERVICE): unknown {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError) return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`);
  if (error instanceof APIConnectionError) {
    return new ProviderError('network', `Could not reach the ${service} while ${doing} (${error.message}); check the network and the base URL.`, neverSent(error) ? { sent: 'no' } : {});
  }
  if (!(error instanceof APIError) || error.status === undefined) return error;
  ctx.log(`[openai] ${doing} failed with ${error.status} (x-request-id ${error.requestID ?? 'none'})`);
  return classifyHttpFailure(service, doing, {
    status: error.status,
    ...(error.code ? { code: error.code } : {}),
    message: apiMessage(error),
    retryAfterMs: parseRetryAfter(error.headers),
    ...(error.requestID ? { requestId: error.requestID } : {}),
    // The Images API refuses at once (400 moderation_blocked); some video gateways do too.
    refusal: error.status === 400 && REFUSAL_CODE.test(error.code ?? ''),
    outOfCredit: error.status === 429 && error.code === 'insufficient_quota',
  });
}
