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

/** What a service says it charged for a job, in its own unit (credits turn into USD at the registry's rate). */
export interface Billed {
  amount: number;
  unit: 'usd' | 'credits';
}

/** What a create returns: the service's job id, and what it billed when it says so at once. */
export interface SubmitResult {
  remoteId: string;
  billed?: Billed;
}

/** What every create call (generate, remix, edit, extend) carries besides the request. */
export interface SubmitOptions {
  signal?: AbortSignal;
  /**
   * `shotline-<job id>`: the same on every attempt of one job, so a service that dedupes by key
   * bills a resent create once. Adapters send it where the service takes one.
   */
  idempotencyKey: string;
}

/**
 * How an adapter keeps a create that failed halfway (a 5xx, a dropped connection: the service
 * may have taken and billed it) from being paid twice:
 * - `idempotency-key`: the service dedupes creates by `SubmitOptions.idempotencyKey`, so the
 *   queue may resend with the same key;
 * - `lookup`: the service lists recent jobs, so `findSubmitted` looks for the one this create
 *   made before anything is resent;
 * - `none`: neither; the job becomes "outcome unknown" and is resent only when the user says so.
 */
export type CreateGuard = 'idempotency-key' | 'lookup' | 'none';

/** What `findSubmitted` is told about the create it looks for. */
export interface FindSubmittedOptions {
  idempotencyKey: string;
  /** Epoch ms when the first create of this job went out: older remote jobs are not it. */
  since: number;
  /** Remote ids other jobs of the project already own: an identical create of theirs is not it. */
  taken?: ReadonlySet<string>;
  signal?: AbortSignal;
}

/** The state of a remote job, as the provider reports it. */
export interface PollResult {
  state: 'queued' | 'running' | 'completed' | 'failed';
  /** 0..1 */
  progress: number;
  /** Set when state is `failed`. */
  error?: ProviderError;
  /** How long the service asks us to wait before polling again (e.g. `openai-poll-after-ms`). */
  pollAfterMs?: number;
  /** What the service reports it billed, where it does (Runway credits, fal usage); else the estimate stands. */
  billed?: Billed;
  /** The service's own word for its state when it says more than these four (Runway `THROTTLED`), for the queue panel. */
  serviceState?: string;
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
    readonly details: {
      status?: number;
      code?: string;
      retryAfterMs?: number;
      requestId?: string;
      /**
       * For a failed create: `no` when the request provably never reached the service
       * (connection refused, name not found), so sending it again cannot bill twice. Absent on
       * a 5xx or a dropped connection: the service may have taken it.
       */
      sent?: 'no';
    } = {},
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
  /** How a create that failed halfway is kept from being billed twice; absent = `none`. */
  readonly createGuard?: CreateGuard;
  /**
   * Starts a job; resolves with the service's job id as soon as it is known. Sent once per
   * attempt the queue allows (see CreateGuard); never retried inside the adapter.
   */
  submit(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult>;
  /**
   * For `lookup` guards: the remote job an earlier create of this request made (matched by
   * key where the service echoes one, else by model, prompt and time), or null when there is
   * none. Throws when the service cannot be asked (then nothing is resent).
   */
  findSubmitted?(request: ProviderRequest, options: FindSubmittedOptions): Promise<SubmitResult | null>;
  /** One status check. Never loops: the queue decides when to poll again. */
  poll(remoteId: string, signal?: AbortSignal): Promise<PollResult>;
  /**
   * Downloads the finished video (or still image, for `output: 'image'`) to `destination`:
   * streamed to `destination + '.part'`, checked, then renamed. A cut-off download throws
   * ProviderError('network') and leaves no file at `destination`. Images may arrive as PNG,
   * JPEG or WebP whatever `destination` is called: ingest reads the bytes, not the name.
   */
  download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void>;
  /** Cancels a remote job where the service allows it. */
  cancel?(remoteId: string): Promise<void>;
  /** Starts a remix of a finished job (a new remote job). */
  remix?(remoteId: string, prompt: string, options: SubmitOptions): Promise<SubmitResult>;
  /** Starts an extension of a finished job: `request.seconds` more of it, from `request.prompt`. */
  extend?(remoteId: string, request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult>;
  /** Starts an edit of a finished take (`request.editOf`: video-to-video, or "refine this take"). */
  edit?(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult>;
}
