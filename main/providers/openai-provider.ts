/**
 * The `openai` provider: the OpenAI-compatible Videos API (`/v1/videos`) and, for stills, the
 * Images API (`/v1/images/generations`), through the official `openai` SDK. OpenAI itself
 * switched Sora's API off on 24 Sep 2026; the same video contract is still served by gateways
 * and resellers (also for other models: Seedance, Wan, Veo Lite), so the base URL is the user's
 * to set. The parts live in ./openai/: videos, the lookup that guards creates, images.
 *
 * Retries: the SDK never retries a create, a remix or an image generation (maxRetries 0). A POST
 * that failed with a 5xx or a dropped connection may still have started (and billed) a job; the
 * queue decides what happens next, asking `findSubmitted` first (createGuard `lookup`). Reads
 * (retrieve, list, content) are free and idempotent: the SDK retries them `readRetries` times
 * (default 2), honouring `retry-after`, so a blip does not cost a queue round trip.
 */
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { findSubmittedVideo, LOOKUP_SLACK_MS } from './openai/lookup';
import { IMAGE_SERVICE, VIDEO_SERVICE, type OpenAiContext } from './openai/openai-context';
import { ImageJobs, isImageId } from './openai/images';
import { deleteVideo, downloadVideo, pollVideo, remixVideo, submitVideo } from './openai/videos';
import {
  ProviderError,
  type CreateGuard,
  type FindSubmittedOptions,
  type PollResult,
  type ProviderRequest,
  type SubmitOptions,
  type SubmitResult,
  type VideoProvider,
} from './provider';

/** How to reach an OpenAI-compatible service. */
export interface OpenAiProviderOptions {
  /** The user's key, passed in by the caller (never stored or logged here). */
  apiKey: string;
  /** Base URL including `/v1` (default: the SDK's, https://api.openai.com/v1). */
  baseURL?: string;
  /** SDK retries for idempotent reads (retrieve, list, content); default 2. Creates never retry here. */
  readRetries?: number;
  /** Per-request timeouts in ms; defaults: submit 120 s, poll 60 s, download 10 min, image 5 min. */
  timeouts?: { submit?: number; poll?: number; download?: number; image?: number };
  /** Where stills wait between the (synchronous) generation and their download (default: `<tmp>/shotline-openai-images`). */
  imageCacheDir?: string;
  /** Extra allowance for the service's clock when `findSubmitted` reads creation times (default 0: the queue's `since` has its own). */
  lookupSlackMs?: number;
  /** Where request ids go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

export class OpenAiProvider implements VideoProvider {
  readonly id = 'openai';
  /** The video list is read before any resend; see ./openai/lookup.ts (and findSubmitted for stills). */
  readonly createGuard: CreateGuard = 'lookup';
  private readonly ctx: OpenAiContext;
  private readonly images: ImageJobs;
  private readonly lookupSlackMs: number;

  constructor(options: OpenAiProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${VIDEO_SERVICE}; add one in Settings.`);
    this.ctx = {
      client: new OpenAI({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), maxRetries: 0 }),
      readRetries: options.readRetries ?? 2,
      timeouts: { submit: 120_000, poll: 60_000, download: 600_000, image: 300_000, ...options.timeouts },
      log: options.log ?? ((line) => console.info(line)),
    };
    this.images = new ImageJobs(this.ctx, options.imageCacheDir ?? path.join(os.tmpdir(), 'shotline-openai-images'));
    this.lookupSlackMs = options.lookupSlackMs ?? LOOKUP_SLACK_MS;
  }

  submit(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult> {
    return request.output === 'image' ? this.images.submit(request, options) : submitVideo(this.ctx, request, options);
  }

  /**
   * Videos: the account's recent videos, matched by model, prompt, size, seconds and time.
   * Stills: the Images API answers a generation once and lists none, so whether a failed one
   * was made (and billed) cannot be told; this throws (not retryable: asking again cannot help),
   * so the queue sends nothing again and leaves the job to the user.
   */
  findSubmitted(request: ProviderRequest, options: FindSubmittedOptions): Promise<SubmitResult | null> {
    if (request.output === 'image') {
      return Promise.reject(
        new ProviderError(
          'bad_request',
          `The ${IMAGE_SERVICE} keeps no list of generated stills, so Shotline cannot tell whether the interrupted request was made and billed; it was not sent again. Check the account's usage, then generate the still again if you want it.`,
        ),
      );
    }
    return findSubmittedVideo(this.ctx, request, options, this.lookupSlackMs);
  }

  poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    return isImageId(remoteId) ? this.images.poll(remoteId) : pollVideo(this.ctx, remoteId, signal);
  }

  download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    return isImageId(remoteId) ? this.images.download(remoteId, destination) : downloadVideo(this.ctx, remoteId, destination, signal);
  }

  remix(remoteId: string, prompt: string, options: SubmitOptions): Promise<SubmitResult> {
    return remixVideo(this.ctx, remoteId, prompt, options);
  }

  cancel(remoteId: string): Promise<void> {
    return isImageId(remoteId) ? this.images.cancel(remoteId) : deleteVideo(this.ctx, remoteId);
  }
}
