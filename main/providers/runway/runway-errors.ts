/**
 * Runway's failures in the queue's terms: HTTP errors through the shared reading
 * (classifyHttpFailure), plus what Runway says beyond the status (a model the account cannot
 * use, an empty credit balance, a content refusal), and failed tasks by their `failureCode`
 * (docs.dev.runwayml.com/api-details/task-failures).
 */
import { APIConnectionError, APIError, APIUserAbortError } from '@runwayml/sdk';
import { classifyHttpFailure, neverSent, parseRetryAfter } from '../http-errors';
import { ProviderError } from '../provider';

export const RUNWAY_SERVICE = 'Runway API';

/** Runway's words in an error body (`{ "error": "..." }`), else the SDK's message. */
export function runwayMessage(error: APIError): string {
  const body = error.error as { error?: unknown; message?: unknown } | undefined;
  if (typeof body?.error === 'string') return body.error;
  if (typeof body?.message === 'string') return body.message;
  return error.message;
}

const MODEL_UNAVAILABLE = /model (variant )?\S+ is not available|model .*(no longer available|has been (retired|deprecated|removed))/i;
const OUT_OF_CREDIT = /not (have )?enough credits|insufficient credits|out of credits|credit balance/i;
const REFUSED = /content moderation|safety|prohibited/i;

/**
 * An SDK error as a ProviderError. `beforeCreate`: the failure came before the create was sent
 * (an upload), so sending everything again cannot bill twice.
 */
export function toProviderError(error: unknown, doing: string, options: { beforeCreate?: boolean; log?: (line: string) => void } = {}): unknown {
  const notSent: ProviderError['details'] = options.beforeCreate ? { sent: 'no' } : {};
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError) return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`, notSent);
  if (error instanceof APIConnectionError) {
    return new ProviderError(
      'network',
      `Could not reach the ${RUNWAY_SERVICE} while ${doing} (${error.message}${causeOf(error)}); check the network and the base URL.`,
      options.beforeCreate || neverSent(error) ? { sent: 'no' } : {},
    );
  }
  if (!(error instanceof APIError) || error.status === undefined) return error;
  const message = runwayMessage(error);
  const retryAfterMs = parseRetryAfter(error.headers);
  options.log?.(`[runway] ${doing} failed with ${error.status}`);
  if ((error.status === 403 || error.status === 400 || error.status === 404) && MODEL_UNAVAILABLE.test(message)) {
    return new ProviderError(
      'not_found',
      `The ${RUNWAY_SERVICE} does not offer this model to your account (${error.status}: ${message}); the model may be retired or not enabled for this key: pick another model.`,
      { status: error.status, ...notSent },
    );
  }
  const mapped = classifyHttpFailure(RUNWAY_SERVICE, doing, {
    status: error.status,
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    refusal: error.status === 400 && REFUSED.test(message),
    outOfCredit: (error.status === 400 || error.status === 402 || error.status === 429) && OUT_OF_CREDIT.test(message),
  });
  if (options.beforeCreate) mapped.details.sent = 'no';
  return mapped;
}

/** The lowest cause's message (`other side closed`), which says more than "Connection error.". */
function causeOf(error: Error): string {
  let e: unknown = error;
  let last: string | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    e = (e as { cause?: unknown }).cause;
    if (e instanceof Error && e.message) last = e.message;
  }
  return last ? `: ${last}` : '';
}

/**
 * A FAILED task as a ProviderError, by Runway's failure code: SAFETY.* (input or output
 * moderation) and INPUT_PREPROCESSING.SAFETY.* are refusals, never retried; ASSET.* is a bad
 * input; INTERNAL.* and anything else is the service's own failure (retryable, though Runway says
 * a BAD_OUTPUT rarely succeeds the second time).
 */
export function failureOf(taskId: string, failure: string, failureCode: string | undefined): ProviderError {
  const code = failureCode ?? 'unknown';
  const details = { code };
  if (/^(SAFETY\.|INPUT_PREPROCESSING\.SAFETY)/.test(code)) {
    return new ProviderError('refusal', `The ${RUNWAY_SERVICE} refused this shot (${code}): ${failure} Change the prompt or the images; it will not be retried.`, details);
  }
  if (/^ASSET\./.test(code)) {
    return new ProviderError('bad_request', `The ${RUNWAY_SERVICE} could not use an input of task ${taskId} (${code}): ${failure} Replace the image or video and try again.`, details);
  }
  return new ProviderError('server', `The ${RUNWAY_SERVICE} failed to render task ${taskId} (${code}): ${failure}`, details);
}
