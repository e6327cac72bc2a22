/**
 * fal's failures in the queue's terms. Two kinds of body reach us (docs.fal.ai "Model Errors",
 * "Request Errors"): a model error, `detail: [{loc, msg, type}]` (422 for an invalid or refused
 * input), and a request error, `{detail, error_type}` with `X-Fal-Error-Type` (timeouts,
 * runner failures, cancellations). Refusals are recognised by type (`content_policy_violation`)
 * or by fal's words, and keep those words.
 */
import { classifyHttpFailure, neverSent } from '../http-errors';
import { ProviderError } from '../provider';
import { FalCallFailure, falErrorCode, falMessage } from './fal-transport';

export const SERVICE = 'fal.ai service';

const REFUSAL_TYPES = new Set(['content_policy_violation', 'nsfw_content_detected', 'content_moderation_error', 'safety_check_failed']);
const REFUSAL_WORDS = /content polic|safety|nsfw|moderation|flagged|prohibited|not allowed to generate/i;

/** Whether a failed answer says fal refused the content. */
function isRefusal(failure: FalCallFailure, message: string): boolean {
  const code = falErrorCode(failure.body) ?? failure.errorType;
  return (code !== undefined && REFUSAL_TYPES.has(code)) || (failure.status === 422 && REFUSAL_WORDS.test(message));
}

/** Any error from a fal call as a ProviderError; `sentNo` marks a create that provably never went out. */
export function toProviderError(error: unknown, doing: string, opts: { signal?: AbortSignal; sentNo?: boolean } = {}): ProviderError | unknown {
  if (error instanceof ProviderError) return error;
  const noSend = opts.sentNo ? { sent: 'no' as const } : {};
  if (!(error instanceof FalCallFailure)) {
    if (opts.signal?.aborted) return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`, noSend);
    return error;
  }
  if (error.status === undefined) {
    // Only the caller's own signal means "cancelled"; a call that ran out of time is a network failure.
    if (opts.signal?.aborted) return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`, noSend);
    const reason = (error.transport as Error | undefined)?.message ?? 'no answer';
    const sent = opts.sentNo || neverSent(error.transport) ? { sent: 'no' as const } : {};
    return new ProviderError('network', `Could not reach the ${SERVICE} while ${doing} (${reason}); check the network and the base URL.`, sent);
  }
  const message = falMessage(error.body, `HTTP ${error.status}`);
  const code = falErrorCode(error.body) ?? error.errorType;
  const classified = classifyHttpFailure(SERVICE, doing, {
    status: error.status,
    ...(code ? { code } : {}),
    message,
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.requestId ? { requestId: error.requestId } : {}),
    refusal: isRefusal(error, message),
  });
  return opts.sentNo ? new ProviderError(classified.kind, classified.message, { ...classified.details, sent: 'no' }) : classified;
}

/**
 * What a COMPLETED request's failed result means. fal stores a failed request's outcome and
 * answers its result with it: a model error (422) or a request error (`error_type` set) is the
 * job's final word. Anything else (a 5xx or 429 from the result endpoint itself) is a failed
 * read, to be tried again: undefined.
 */
export function finalFailureOf(error: FalCallFailure, requestId: string): ProviderError | undefined {
  if (error.status === undefined) return undefined;
  const message = falMessage(error.body, `HTTP ${error.status}`);
  const code = falErrorCode(error.body) ?? error.errorType;
  const details = { status: error.status, requestId, ...(code ? { code } : {}) };
  if (error.errorType === 'client_cancelled' || error.status === 499) {
    return new ProviderError('cancelled', `The ${SERVICE} request ${requestId} was cancelled (${message}).`, details);
  }
  if (error.status === 422) {
    if (isRefusal(error, message)) {
      return new ProviderError('refusal', `The ${SERVICE} refused this shot: ${message} Change the prompt or images; it will not be retried.`, details);
    }
    return new ProviderError('bad_request', `The ${SERVICE} could not make this shot (${code ?? 422}): ${message}`, details);
  }
  if (error.errorType) {
    const failed = classifyHttpFailure(SERVICE, `rendering request ${requestId}`, { status: error.status, code: error.errorType, message, requestId });
    return new ProviderError(failed.kind, failed.message, failed.details);
  }
  return undefined;
}
