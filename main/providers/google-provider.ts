/**
 * The `google` provider: Veo on the Gemini Developer API through the official `@google/genai`
 * SDK (`models.generateVideos`, `operations.getVideosOperation`).
 *
 * Pinned to @google/genai 2.x on purpose: 3.x needs Node 22 and serves `generateVideos` only on
 * Vertex AI / Gemini Enterprise, not with a Gemini API key.
 *
 * - The remote id is the operation name (`models/{model}/operations/{id}`); after a restart the
 *   operation object is rebuilt from that name alone, which is all `getVideosOperation` reads.
 * - The SDK does not retry by default and we keep it that way: the queue persists attempts
 *   and backs off across restarts (a submit that failed may still have started a job).
 * - The video is fetched from its file URI ourselves rather than with `files.download`: that
 *   helper cannot parse non-https URIs, does not check the length, and can hang when the
 *   connection drops mid-body. Redirects are followed by hand so the API key is only ever
 *   sent to the API's own origin, never to the storage host a download redirects to.
 * - Not sent: `enhancePrompt` (not accepted by Veo 3.x on the Gemini API), `seed` and
 *   `generateAudio` (the SDK refuses them outside Vertex). Veo has no remix or cancel here.
 */
import fs from 'node:fs/promises';
import { GenerateVideosOperation, GoogleGenAI, VideoGenerationReferenceType, type GenerateVideosConfig, type Image } from '@google/genai';
import { downloadResponseToFile } from './download-to-file';
import { classifyHttpFailure, neverSent, parseRetryAfter } from './http-errors';
import { ProviderError, type ProviderRequest, type ImageInput, type PollResult, type SubmitOptions, type SubmitResult, type VideoProvider } from './provider';

/** How to reach the Gemini API. */
export interface GoogleProviderOptions {
  /** The user's Gemini API key, passed in by the caller (never stored or logged here). */
  apiKey: string;
  /** API origin (default https://generativelanguage.googleapis.com); the SDK adds `/v1beta`. */
  baseUrl?: string;
  /** Per-request timeouts in ms; defaults: submit 120 s, poll 60 s, download 10 min. */
  timeouts?: { submit?: number; poll?: number; download?: number };
  /** Where progress lines go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

const SERVICE = 'Google Gemini API (Veo)';
const DEFAULT_BASE = 'https://generativelanguage.googleapis.com';
const MAX_REDIRECTS = 5;
const REFUSAL_WORDS = /safety|policy|guideline|responsible ai|\brai\b|blocked|prohibited/i;

/** Frame sizes Veo renders, as (aspect ratio, resolution). */
const FRAMES: Record<string, { aspectRatio: string; resolution: string }> = {
  '1280x720': { aspectRatio: '16:9', resolution: '720p' },
  '720x1280': { aspectRatio: '9:16', resolution: '720p' },
  '1920x1080': { aspectRatio: '16:9', resolution: '1080p' },
  '1080x1920': { aspectRatio: '9:16', resolution: '1080p' },
  '3840x2160': { aspectRatio: '16:9', resolution: '4k' },
  '2160x3840': { aspectRatio: '9:16', resolution: '4k' },
};

/** The body of a Google API error, as carried in the SDK's ApiError message. */
interface RpcError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string; retryDelay?: string }[];
}

export class GoogleProvider implements VideoProvider {
  readonly id = 'google';
  private readonly ai: GoogleGenAI;
  private readonly apiKey: string;
  private readonly apiOrigin: string;
  private readonly timeouts: Required<NonNullable<GoogleProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;

  constructor(options: GoogleProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${SERVICE}; add one in Settings.`);
    this.apiKey = options.apiKey;
    const baseUrl = options.baseUrl ?? DEFAULT_BASE;
    this.apiOrigin = new URL(baseUrl).origin;
    this.ai = new GoogleGenAI({ apiKey: options.apiKey, httpOptions: { baseUrl } });
    this.timeouts = { submit: 120_000, poll: 60_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    const frame = FRAMES[request.size];
    if (!frame) {
      throw new ProviderError('bad_request', `Veo renders ${Object.keys(FRAMES).join(', ')}, not ${request.size}; pick one of those sizes.`);
    }
    if (!Number.isInteger(request.seconds)) {
      throw new ProviderError('bad_request', `Veo takes whole seconds (4, 6 or 8); ${request.seconds} s is not one.`);
    }
    const config: GenerateVideosConfig = {
      numberOfVideos: 1,
      durationSeconds: request.seconds,
      aspectRatio: frame.aspectRatio,
      resolution: frame.resolution,
      httpOptions: { timeout: this.timeouts.submit },
      ...(signal ? { abortSignal: signal } : {}),
    };
    if (request.negativePrompt) config.negativePrompt = request.negativePrompt;
    if (request.lastFrame) config.lastFrame = await imageOf(request.lastFrame, 'last frame');
    if (request.references && request.references.length > 0) {
      config.referenceImages = await Promise.all(
        request.references.map(async (ref) => ({ image: await imageOf(ref, 'reference image'), referenceType: VideoGenerationReferenceType.ASSET })),
      );
    }
    const image = request.firstFrame ? await imageOf(request.firstFrame, 'first frame') : undefined;
    try {
      const operation = await this.ai.models.generateVideos({
        model: request.model,
        source: { prompt: request.prompt, ...(image ? { image } : {}) },
        config,
      });
      if (!operation.name) throw new ProviderError('server', `The ${SERVICE} accepted the request but returned no operation name; try again.`);
      this.log(`[google] started ${operation.name}`);
      return { remoteId: operation.name };
    } catch (error) {
      throw this.toProviderError(error, `starting a ${request.model} clip`, signal);
    }
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const operation = await this.fetchOperation(remoteId, signal);
    if (!operation.done) return { state: 'running', progress: 0 };
    const failure = this.failureOf(operation);
    if (failure) {
      this.log(`[google] ${remoteId} failed: ${failure.kind}`);
      return { state: 'failed', progress: 1, error: failure };
    }
    return { state: 'completed', progress: 1 };
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const operation = await this.fetchOperation(remoteId, signal);
    if (!operation.done) throw new ProviderError('bad_request', `${remoteId} has not finished yet; download it once it has completed.`);
    const failure = this.failureOf(operation);
    if (failure) throw failure;
    const video = operation.response?.generatedVideos?.[0]?.video;
    const label = { what: `Veo video ${remoteId}` };
    if (video?.videoBytes) {
      const bytes = Buffer.from(video.videoBytes, 'base64');
      await downloadResponseToFile(new Response(bytes, { headers: { 'content-length': String(bytes.length) } }), destination, label, signal);
      return;
    }
    if (!video?.uri) throw new ProviderError('server', `The ${SERVICE} finished ${remoteId} without a video; generate the shot again.`);
    const response = await this.fetchFile(video.uri, remoteId, signal);
    await downloadResponseToFile(response, destination, label, signal);
    this.log(`[google] downloaded ${remoteId}`);
  }

  private async fetchOperation(remoteId: string, signal?: AbortSignal): Promise<GenerateVideosOperation> {
    // The SDK reads only `name` from the operation it is given, so a stored name is enough after a restart.
    const operation = Object.assign(new GenerateVideosOperation(), { name: remoteId });
    try {
      return await this.ai.operations.getVideosOperation({
        operation,
        config: { httpOptions: { timeout: this.timeouts.poll }, ...(signal ? { abortSignal: signal } : {}) },
      });
    } catch (error) {
      throw this.toProviderError(error, `checking ${remoteId}`, signal);
    }
  }

  /** Follows redirects by hand: the key goes only to the API origin, never to a storage host. */
  private async fetchFile(uri: string, remoteId: string, signal?: AbortSignal): Promise<Response> {
    let url = new URL(uri);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const headers: Record<string, string> = url.origin === this.apiOrigin ? { 'x-goog-api-key': this.apiKey } : {};
      let response: Response;
      try {
        response = await fetch(url, { headers, redirect: 'manual', signal: withTimeout(signal, this.timeouts.download) });
      } catch (error) {
        if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${remoteId} was cancelled.`);
        throw new ProviderError('network', `Could not reach the ${SERVICE} to download ${remoteId} (${(error as Error).message}); it will be retried.`);
      }
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        url = new URL(response.headers.get('location')!, url);
        continue;
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      const rpc = parseRpcError(text);
      const reason = `${response.status}: ${rpc?.message ?? (text.slice(0, 200) || response.statusText)}`;
      if (response.status === 404 || response.status === 410) {
        throw new ProviderError('expired', `The ${SERVICE} no longer has the video for ${remoteId} (${reason}); Google keeps videos for 2 days, so generate the shot again.`, { status: response.status });
      }
      throw this.statusError(response.status, rpc, rpc?.message ?? (text.slice(0, 200) || response.statusText), `downloading ${remoteId}`, parseRetryAfter(response.headers));
    }
    throw new ProviderError('server', `The ${SERVICE} redirected the download of ${remoteId} more than ${MAX_REDIRECTS} times; try again later.`);
  }

  /** A finished operation that made no video, as a ProviderError; undefined when a video is there. */
  private failureOf(operation: GenerateVideosOperation): ProviderError | undefined {
    if (operation.error) {
      const rpc = operation.error as RpcError;
      const message = rpc.message ?? 'the service gave no reason';
      const details = { ...(rpc.code !== undefined ? { code: String(rpc.code) } : {}) };
      if (REFUSAL_WORDS.test(message)) return new ProviderError('refusal', `Veo refused this shot: ${message} Change the prompt or images; it will not be retried.`, details);
      if (rpc.code === 3) return new ProviderError('bad_request', `Veo could not make this shot: ${message}`, details);
      if (rpc.code === 8) return new ProviderError('rate_limit', `Veo is out of capacity or quota: ${message}`, details);
      return new ProviderError('server', `Veo failed to render the clip: ${message}`, details);
    }
    const response = operation.response;
    if (response?.generatedVideos?.some((v) => v.video?.uri || v.video?.videoBytes)) return undefined;
    const reasons = response?.raiMediaFilteredReasons ?? [];
    if ((response?.raiMediaFilteredCount ?? 0) > 0 || reasons.length > 0) {
      return new ProviderError(
        'refusal',
        `Veo's safety filters blocked this shot: ${reasons.join(' ') || 'no reason given.'} Change the prompt or images; it will not be retried.`,
        { code: 'RAI_MEDIA_FILTERED' },
      );
    }
    return new ProviderError('server', `Veo finished without a video or a reason; generate the shot again.`);
  }

  private toProviderError(error: unknown, doing: string, signal?: AbortSignal): unknown {
    if (error instanceof ProviderError) return error;
    if (signal?.aborted || (error as Error)?.name === 'AbortError') return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`);
    const status = (error as { status?: unknown })?.status;
    if ((error as Error)?.name === 'ApiError' && typeof status === 'number') {
      const rpc = parseRpcError((error as Error).message);
      const retryDelay = rpc?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
      this.log(`[google] ${doing} failed with ${status}${rpc?.status ? ` ${rpc.status}` : ''}`);
      return this.statusError(status, rpc, rpc?.message ?? (error as Error).message, doing, retryDelay ? parseDuration(retryDelay) : undefined);
    }
    // fetch() rejects with a TypeError when the connection fails or is cut.
    if (error instanceof TypeError) {
      return new ProviderError('network', `Could not reach the ${SERVICE} while ${doing} (${describeCause(error)}); check the network.`, neverSent(error) ? { sent: 'no' } : {});
    }
    return error;
  }

  private statusError(status: number, rpc: RpcError | undefined, message: string, doing: string, retryAfterMs?: number): ProviderError {
    return classifyHttpFailure(SERVICE, doing, {
      status,
      ...(rpc?.status ? { code: rpc.status } : {}),
      message,
      retryAfterMs,
      badKey: rpc?.details?.some((d) => d.reason === 'API_KEY_INVALID'),
      refusal: REFUSAL_WORDS.test(rpc?.message ?? ''),
    });
  }
}

/** Reads an image for the request body as the SDK wants it (base64 bytes and MIME type). */
async function imageOf(input: ImageInput, role: string): Promise<Image> {
  try {
    const bytes = await fs.readFile(input.path);
    return { imageBytes: bytes.toString('base64'), mimeType: input.mime };
  } catch (error) {
    throw new ProviderError('bad_request', `The ${role} ${input.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`);
  }
}

/** The SDK's ApiError message is the JSON error body; pull the `error` object out of it. */
function parseRpcError(text: string): RpcError | undefined {
  try {
    const body = JSON.parse(text) as { error?: RpcError };
    return body.error && typeof body.error === 'object' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** `"7s"` / `"1.5s"` (protobuf Duration JSON) -> ms. */
function parseDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function describeCause(error: TypeError): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
