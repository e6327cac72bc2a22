/**
 * One interface for every video service. An adapter turns a generation request into the
 * service's own calls (through its official SDK) and nothing more: retries across restarts,
 * concurrency, cost and takes belong to the queue (main/generation), and what a service can do
 * and how its jobs survive a restart is data (its descriptor in the registry). Every service is
 * an asynchronous job: submit -> remote id -> poll -> download.
 */
import type { GenerationRequest, RequestImage } from '../../shared/domain';

/** An input image as a provider receives it: the stored image plus its absolute path. */
export interface ImageInput extends RequestImage {
  /** Absolute path of the prepared image file. */
  path: string;
}

/** What the queue asks a provider to make. Sizes and durations are already checked by the registry. */
export type ProviderRequest = GenerationRequest<ImageInput>;

/** The state of a remote job, as the provider reports it. */
export interface PollResult {
  state: 'queued' | 'running' | 'completed' | 'failed';
  /** 0..1 */
  progress: number;
  /** Set when state is `failed`. */
  error?: ProviderError;
  /** How long the service asks us to wait before polling again (e.g. `openai-poll-after-ms`). */
  pollAfterMs?: number;
}

/** Why a provider call failed, in terms the queue can act on. */
export type ProviderErrorKind =
  /** Content policy / moderation: show the message, never retry. */
  | 'refusal'
  /** The request is wrong (size, duration, image): never retry as is. */
  | 'bad_request'
  /** Missing or bad key, or account not allowed: never retry until the user fixes it. */
  | 'auth'
  /** The model is unknown or retired at this endpoint. */
  | 'not_found'
  /** Too many requests: retry after `retryAfterMs`. */
  | 'rate_limit'
  /** 5xx at the service: retry with backoff. */
  | 'server'
  /** Connection lost, timeout, or a download cut short: retry with backoff. */
  | 'network'
  /** The result is no longer downloadable (links expire). */
  | 'expired'
  /** The job was cancelled. */
  | 'cancelled';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Whether the queue may try the same call again. */
  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'server' || this.kind === 'network';
  }
}

export interface VideoProvider {
  /** Provider id as in the model registry (`animatic`, `openai`, `google`). */
  readonly id: string;
  /** Starts a job; resolves with the service's job id as soon as it is known. */
  submit(request: ProviderRequest, signal?: AbortSignal): Promise<{ remoteId: string }>;
  /** One status check. Never loops: the queue decides when to poll again. */
  poll(remoteId: string, signal?: AbortSignal): Promise<PollResult>;
  /**
   * Downloads the finished video to `destination`: streamed to `destination + '.part'`,
   * checked, then renamed. A cut-off download throws ProviderError('network') and leaves
   * no file at `destination`.
   */
  download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void>;
  /** Cancels a remote job where the service allows it. */
  cancel?(remoteId: string): Promise<void>;
  /** Starts a remix of a finished job (a new remote job). */
  remix?(remoteId: string, prompt: string, signal?: AbortSignal): Promise<{ remoteId: string }>;
  /** Starts an extension of a finished job: `request.seconds` more of it, from `request.prompt`. */
  extend?(remoteId: string, request: ProviderRequest, signal?: AbortSignal): Promise<{ remoteId: string }>;
}
