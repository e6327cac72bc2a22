/**
 * Waiting between attempts: exponential backoff with full jitter (so many jobs hitting the same
 * 429 do not come back in lockstep), a cap, and `retry-after` honoured when the service sends it.
 */

/** How retries and polls are paced. Tests shrink every figure; the defaults suit real services. */
export interface BackoffPolicy {
  /** First retry delay in ms. */
  baseMs: number;
  /** Longest retry delay in ms. */
  maxMs: number;
  /** Attempts per call before the job fails (1 = no retry). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, maxAttempts: 6 };

/**
 * Delay before retry number `attempt` (1-based): a random point in [d/2, d] where
 * d = min(max, base * 2^(attempt-1)). A service's own `retryAfterMs` wins when it is longer.
 */
export function retryDelayMs(policy: BackoffPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
