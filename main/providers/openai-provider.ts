/**
 * The `openai` provider: the OpenAI-compatible Videos API (`/v1/videos`) through the official
 * `openai` SDK. OpenAI itself switched Sora's API off on 24 Sep 2026; the same contract is still
 * served by gateways and resellers, so the base URL is the user's to set.
 *
 * Retries: the SDK never retries a create or a remix (maxRetries 0). A POST that failed with a
 * 5xx may still have started (and billed) a job, and the queue persists every attempt and backs
 * off across restarts, so the decision belongs there. Reads (retrieve, content) are free and
 * idempotent: the SDK retries them `readRetries` times (default 2), honouring `retry-after`, so a
 * blip does not cost a queue round trip. Errors that remain become ProviderErrors.
 */
import fs from 'node:fs/promises';
import OpenAI, { APIConnectionError, APIError, APIUserAbortError, toFile } from 'openai';
import type { VideoCreateParams, Video } from 'openai/resources/videos';
import sharp from 'sharp';
import { downloadResponseToFile } from './download-to-file';
import { classifyHttpFailure, neverSent, parseRetryAfter } from './http-errors';
import { ProviderError, type ProviderRequest, type ImageInput, type PollResult, type SubmitOptions, type SubmitResult, type VideoProvider } from './provider';

/** How to reach an OpenAI-compatible service. */
export interface OpenAiProviderOptions {
  /** The user's key, passed in by the caller (never stored or logged here). */
  apiKey: string;
  /** Base URL including `/v1` (default: the SDK's, https://api.openai.com/v1). */
  baseURL?: string;
  /** SDK retries for idempotent reads (retrieve, content); default 2. Creates never retry here. */
  readRetries?: number;
  /** Per-request timeouts in ms; defaults: submit 120 s, poll 60 s, download 10 min. */
  timeouts?: { submit?: number; poll?: number; download?: number };
  /** Where request ids go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

const SERVICE = 'OpenAI-compatible video service';
const REFUSAL_CODE = /moderation|policy|safety/i;

export class OpenAiProvider implements VideoProvider {
  readonly id = 'openai';
  private readonly client: OpenAI;
  private readonly readRetries: number;
  private readonly timeouts: Required<NonNullable<OpenAiProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;

  constructor(options: OpenAiProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${SERVICE}; add one in Settings.`);
    this.client = new OpenAI({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), maxRetries: 0 });
    this.readRetries = options.readRetries ?? 2;
    this.timeouts = { submit: 120_000, poll: 60_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    if (!Number.isInteger(request.seconds) || request.seconds <= 0) {
      throw new ProviderError('bad_request', `The ${SERVICE} takes whole seconds; ${request.seconds} s is not one. Pick a duration the model offers.`);
    }
    if (request.lastFrame || (request.references && request.references.length > 0)) {
      throw new ProviderError('bad_request', `The ${SERVICE} takes only a first frame, not a last frame or reference images; pick a model that takes them or remove them from the shot.`);
    }
    const body: VideoCreateParams = {
      model: request.model as VideoCreateParams['model'],
      prompt: request.prompt,
      // The API wants the duration as a string ("4", "8", "12").
      seconds: String(request.seconds) as VideoCreateParams['seconds'],
      size: request.size as VideoCreateParams['size'],
    };
    if (request.firstFrame) body.input_reference = await this.firstFrameUpload(request.firstFrame, request.size);
    try {
      const { data, request_id } = await this.client.videos
        .create(body, { signal, maxRetries: 0, timeout: this.timeouts.submit })
        .withResponse();
      this.log(`[openai] created ${data.id} (${data.status}; x-request-id ${request_id ?? 'none'})`);
      return { remoteId: data.id };
    } catch (error) {
      throw this.toProviderError(error, `starting a ${request.model} clip`);
    }
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    try {
      const { data, response, request_id } = await this.client.videos
        .retrieve(remoteId, { signal, maxRetries: this.readRetries, timeout: this.timeouts.poll })
        .withResponse();
      const pollAfter = Number(response.headers.get('openai-poll-after-ms') ?? Number.NaN);
      const result: PollResult = {
        state: data.status === 'in_progress' ? 'running' : data.status,
        progress: Math.min(1, Math.max(0, (data.progress ?? 0) / 100)),
        ...(Number.isFinite(pollAfter) && pollAfter >= 0 ? { pollAfterMs: pollAfter } : {}),
      };
      if (data.status === 'failed') {
        result.error = this.failureOf(data, request_id);
        this.log(`[openai] ${remoteId} failed: ${result.error.details.code ?? 'no code'} (x-request-id ${request_id ?? 'none'})`);
      }
      return result;
    } catch (error) {
      throw this.toProviderError(error, `checking video ${remoteId}`);
    }
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    let response: Response;
    let requestId: string | null;
    try {
      ({ data: response, request_id: requestId } = await this.client.videos
        .downloadContent(remoteId, { variant: 'video' }, { signal, maxRetries: this.readRetries, timeout: this.timeouts.download })
        .withResponse());
    } catch (error) {
      if (error instanceof APIError && (error.status === 404 || error.status === 410)) {
        throw new ProviderError('expired', `The ${SERVICE} no longer has the video ${remoteId} (${error.status}: ${apiMessage(error)}); generate the shot again.`, errorDetails(error));
      }
      throw this.toProviderError(error, `downloading video ${remoteId}`);
    }
    this.log(`[openai] downloading ${remoteId} (x-request-id ${requestId ?? 'none'})`);
    await downloadResponseToFile(response, destination, { what: `video ${remoteId}`, ...(requestId ? { requestId } : {}) }, signal);
  }

  async remix(remoteId: string, prompt: string, { signal }: SubmitOptions): Promise<SubmitResult> {
    try {
      const { data, request_id } = await this.client.videos
        .remix(remoteId, { prompt }, { signal, maxRetries: 0, timeout: this.timeouts.submit })
        .withResponse();
      this.log(`[openai] remix of ${remoteId} created ${data.id} (x-request-id ${request_id ?? 'none'})`);
      return { remoteId: data.id };
    } catch (error) {
      throw this.toProviderError(error, `remixing video ${remoteId}`);
    }
  }

  /**
   * Deletes the remote video. The API deletes only completed or failed videos and has no
   * cancel for a running one, so a 400 (still running) or 404 (already gone) is not an error:
   * the queue simply stops polling and never downloads.
   */
  async cancel(remoteId: string): Promise<void> {
    try {
      const { request_id } = await this.client.videos.delete(remoteId, { maxRetries: this.readRetries }).withResponse();
      this.log(`[openai] deleted ${remoteId} (x-request-id ${request_id ?? 'none'})`);
    } catch (error) {
      if (error instanceof APIError && (error.status === 400 || error.status === 404)) {
        this.log(`[openai] ${remoteId} not deleted remotely (${error.status}: ${apiMessage(error)}; x-request-id ${error.requestID ?? 'none'})`);
        return;
      }
      throw this.toProviderError(error, `cancelling video ${remoteId}`);
    }
  }

  /** The first frame as an upload, after checking it is exactly the clip's size (the API refuses anything else). */
  private async firstFrameUpload(image: ImageInput, size: string) {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(image.path);
    } catch (error) {
      throw new ProviderError('bad_request', `The first frame ${image.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`);
    }
    const meta = await sharp(bytes).metadata().catch(() => undefined);
    if (!meta?.width || !meta.height) {
      throw new ProviderError('bad_request', `The first frame ${image.name} is not a readable image; import it again.`);
    }
    const actual = `${meta.width}x${meta.height}`;
    if (actual !== size || `${image.width}x${image.height}` !== size) {
      throw new ProviderError('bad_request', `The first frame ${image.name} is ${actual} but the clip is ${size}; the ${SERVICE} needs the exact size, so fit the image to the frame first.`);
    }
    return toFile(bytes, image.name, { type: image.mime });
  }

  /** A failed job as a ProviderError: moderation/policy/safety codes are refusals, never retried. */
  private failureOf(video: Video, requestId: string | null): ProviderError {
    const code = video.error?.code ?? 'unknown';
    const message = video.error?.message ?? 'the service gave no reason';
    const details = { code, ...(requestId ? { requestId } : {}) };
    if (REFUSAL_CODE.test(code)) {
      return new ProviderError('refusal', `The ${SERVICE} refused this shot: ${message} Change the prompt or the first frame; it will not be retried.`, details);
    }
    if (/invalid|unsupported/i.test(code)) {
      return new ProviderError('bad_request', `The ${SERVICE} could not make this shot (${code}): ${message}`, details);
    }
    return new ProviderError('server', `The ${SERVICE} failed to render the clip (${code}): ${message}`, details);
  }

  private toProviderError(error: unknown, doing: string): unknown {
    if (error instanceof ProviderError) return error;
    if (error instanceof APIUserAbortError) return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`);
    if (error instanceof APIConnectionError) {
      return new ProviderError('network', `Could not reach the ${SERVICE} while ${doing} (${error.message}); check the network and the base URL.`, neverSent(error) ? { sent: 'no' } : {});
    }
    if (!(error instanceof APIError) || error.status === undefined) return error;
    this.log(`[openai] ${doing} failed with ${error.status} (x-request-id ${error.requestID ?? 'none'})`);
    return classifyHttpFailure(SERVICE, doing, {
      status: error.status,
      ...(error.code ? { code: error.code } : {}),
      message: apiMessage(error),
      retryAfterMs: parseRetryAfter(error.headers),
      ...(error.requestID ? { requestId: error.requestID } : {}),
      // Some gateways refuse at submit time instead of failing the job later.
      refusal: error.status === 400 && REFUSAL_CODE.test(error.code ?? ''),
      outOfCredit: error.status === 429 && error.code === 'insufficient_quota',
    });
  }
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

function errorDetails(error: APIError): ProviderError['details'] {
  const retryAfterMs = parseRetryAfter(error.headers);
  return {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code ? { code: error.code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error.requestID ? { requestId: error.requestID } : {}),
  };
}
