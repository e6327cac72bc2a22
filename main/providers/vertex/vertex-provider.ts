/**
 * The `vertex` provider: Veo 3.1 on Vertex AI through the official `@google/genai` SDK with
 * `vertexai: true` (`models.generateVideos` -> `:predictLongRunning`, then
 * `operations.getVideosOperation` -> `:fetchPredictOperation`). Credentials are a Google Cloud
 * project, a location, and either a key file from Settings (a service-account key, or any
 * credentials file google-auth-library reads) or Application Default Credentials.
 *
 * - The remote id is the operation name (`projects/{p}/locations/{l}/publishers/google/models/
 *   {model}/operations/{id}`); after a restart the operation is rebuilt from that name alone,
 *   which is all `getVideosOperation` reads.
 * - Creates are sent once: the SDK retries only when `retryOptions` is set, and creates never
 *   set it. Polls (a POST, but a read) let the SDK retry 408/429/5xx `readRetries` times.
 * - No `storageUri` is sent, so Vertex returns the video inline (base64) in the finished
 *   operation; the bytes are written through downloadResponseToFile like any download. The
 *   last finished operation is kept in memory so a poll followed by a download fetches it once.
 * - Extend sends the previous take's video back inline (`source.video.videoBytes`): the SDK
 *   takes a `gs://` URI or bytes, and Shotline has no bucket. Vertex extends by a fixed step
 *   (7 s, at 720p), so the length is not sent.
 * - Guard `none`: these operations cannot be listed through the SDK (its `operations` reads one
 *   by name) and the Veo reference polls them only by name; the body takes no idempotency key
 *   (it is parsed as strict proto JSON). The create carries a `shotline_job` label instead (custom
 *   metadata labels reach the billing report), so a create whose answer was lost can be looked
 *   for there.
 * - Not sent: `enhancePrompt`, `personGeneration` (the service defaults apply). No cancel:
 *   the Veo operations have no documented cancel.
 */
import fs from 'node:fs';
import { GenerateVideosOperation, GoogleGenAI, type GenerateVideosParameters, type GoogleGenAIOptions } from '@google/genai';
import { downloadResponseToFile } from '../download-to-file';
import { ProviderError, type CreateGuard, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../provider';
import { SERVICE, parseRpcError, toProviderError, type CredentialSource, type RpcError } from './vertex-errors';
import { extendConfig, generateConfig, imageOf } from './vertex-request';

/** How to reach Vertex AI. */
export interface VertexProviderOptions {
  /** Google Cloud project id. */
  project: string;
  /** Region (default us-central1). */
  location?: string;
  /** Credentials file (service-account key, or another google-auth-library credentials file); absent = Application Default Credentials. */
  keyFile?: string;
  /** API origin (default the SDK's `https://{location}-aiplatform.googleapis.com`); the SDK adds `/v1/projects/...`. */
  baseUrl?: string;
  /** SDK retries for polls (408, 429, 5xx); default 2. Creates never retry here. */
  readRetries?: number;
  /** Per-request timeouts in ms; defaults: submit 120 s, poll 60 s, download 10 min. */
  timeouts?: { submit?: number; poll?: number; download?: number };
  /** Where progress lines go (default console.info). Lines never contain credentials. */
  log?: (line: string) => void;
  /**
   * Further google-auth-library options, merged over the key file (for hosts that route token
   * requests themselves: the tests send them to a local server with
   * `clientOptions.transporterOptions.fetchImplementation`).
   */
  googleAuthOptions?: NonNullable<GoogleGenAIOptions['googleAuthOptions']>;
}

/** Credential file types google-auth-library reads from a file. */
const CREDENTIAL_TYPES = new Set(['service_account', 'authorized_user', 'external_account', 'external_account_authorized_user', 'impersonated_service_account', 'gdch_service_account']);
/** Veo's extension step, for messages; Vertex decides the length. */
const EXTENSION_STEP_SECONDS = 7;

export class VertexProvider implements VideoProvider {
  readonly id = 'vertex';
  readonly createGuard: CreateGuard = 'none';
  private readonly ai: GoogleGenAI;
  private readonly source: CredentialSource;
  private readonly readRetries: number;
  private readonly timeouts: Required<NonNullable<VertexProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;
  /** The last finished operation seen by a poll, so the download does not fetch the video twice. */
  private finished: { remoteId: string; operation: GenerateVideosOperation } | null = null;

  constructor(options: VertexProviderOptions) {
    const project = options.project?.trim();
    if (!project) {
      throw new ProviderError('auth', `No Google Cloud project is set for ${SERVICE}; enter the project id in Settings (Vertex AI) or set GOOGLE_CLOUD_PROJECT.`);
    }
    const location = options.location?.trim() || 'us-central1';
    const keyFile = options.keyFile?.trim() || undefined;
    if (keyFile) checkCredentialsFile(keyFile);
    this.source = { project, location, ...(keyFile ? { keyFile } : {}) };
    // projectId: without it, Application Default Credentials of some kinds (workload identity)
    // look the project up at cloudresourcemanager.googleapis.com before the first token.
    const googleAuthOptions = { projectId: project, ...(keyFile ? { keyFilename: keyFile } : {}), ...options.googleAuthOptions };
    this.ai = new GoogleGenAI({
      vertexai: true,
      project,
      location,
      // Pinned: GOOGLE_GENAI_API_VERSION would otherwise change the paths under us.
      apiVersion: 'v1',
      googleAuthOptions,
      ...(options.baseUrl ? { httpOptions: { baseUrl: options.baseUrl } } : {}),
    });
    this.readRetries = options.readRetries ?? 2;
    this.timeouts = { submit: 120_000, poll: 60_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
  }

  async submit(request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
    const config = await generateConfig(request, idempotencyKey);
    const image = request.firstFrame ? await imageOf(request.firstFrame, 'first frame') : undefined;
    return this.create({ model: request.model, source: { prompt: request.prompt, ...(image ? { image } : {}) }, config }, `starting a ${request.model} clip`, signal);
  }

  /**
   * A new take that continues the finished take `remoteId`: its video (fetched again from its
   * operation) goes back to Veo with the prompt. Veo adds a fixed step, so only an 8 s request
   * (whose estimate covers the step) is sent.
   */
  async extend(remoteId: string, request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
    if (request.seconds !== 8) {
      throw new ProviderError(
        'bad_request',
        `Veo on Vertex AI extends a take by a fixed step of about ${EXTENSION_STEP_SECONDS} s, not ${request.seconds} s; ask for 8 s so the estimate covers it.`,
      );
    }
    const config = extendConfig(request, idempotencyKey);
    const parent = await this.fetchOperation(remoteId, this.timeouts.download, `reading ${remoteId} to extend it`);
    const failure = failureOf(parent);
    if (!parent.done || failure) {
      throw new ProviderError('bad_request', `${remoteId} has no finished video to extend${failure ? ` (${failure.message})` : ''}; extend a take that completed.`);
    }
    const video = parent.response?.generatedVideos?.[0]?.video;
    if (!video?.videoBytes) {
      throw new ProviderError('expired', `${SERVICE} no longer returns the video of ${remoteId}, which extending needs; generate the shot again and extend the new take.`);
    }
    return this.create(
      { model: request.model, source: { prompt: request.prompt, video: { videoBytes: video.videoBytes, mimeType: video.mimeType ?? 'video/mp4' } }, config },
      `extending ${remoteId}`,
      signal,
    );
  }

  async poll(remoteId: string): Promise<PollResult> {
    const operation = await this.fetchOperation(remoteId, this.timeouts.poll, `checking ${remoteId}`);
    if (!operation.done) return { state: 'running', progress: 0 };
    const failure = failureOf(operation);
    if (failure) {
      this.log(`[vertex] ${remoteId} failed: ${failure.kind}`);
      return { state: 'failed', progress: 1, error: failure };
    }
    this.finished = { remoteId, operation };
    return { state: 'completed', progress: 1 };
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const kept = this.finished?.remoteId === remoteId ? this.finished.operation : undefined;
    this.finished = null;
    const operation = kept ?? (await this.fetchOperation(remoteId, this.timeouts.download, `downloading ${remoteId}`));
    if (!operation.done) throw new ProviderError('bad_request', `${remoteId} has not finished yet; download it once it has completed.`);
    const failure = failureOf(operation);
    if (failure) throw failure;
    const video = operation.response?.generatedVideos?.[0]?.video;
    if (!video?.videoBytes) {
      // Only with a storageUri, which this adapter never sends.
      throw new ProviderError('server', `${SERVICE} finished ${remoteId} ${video?.uri ? `with the video in ${video.uri} instead of inline` : 'without a video'}; generate the shot again.`);
    }
    const bytes = Buffer.from(video.videoBytes, 'base64');
    await downloadResponseToFile(new Response(bytes, { headers: { 'content-length': String(bytes.length) } }), destination, { what: `Veo video ${remoteId}` }, signal);
    this.log(`[vertex] downloaded ${remoteId} (${bytes.length} bytes)`);
  }

  /** One create, never retried here (no retryOptions). */
  private async create(params: GenerateVideosParameters, doing: string, signal?: AbortSignal): Promise<SubmitResult> {
    try {
      const operation = await this.ai.models.generateVideos({
        ...params,
        config: { ...params.config, httpOptions: { timeout: this.timeouts.submit }, ...(signal ? { abortSignal: signal } : {}) },
      });
      if (!operation.name) throw new ProviderError('server', `${SERVICE} accepted the request but returned no operation name; check the billing page before trying again.`);
      this.log(`[vertex] started ${operation.name}`);
      return { remoteId: operation.name };
    } catch (error) {
      const failure = toProviderError(error, doing, this.source, signal);
      if (failure instanceof ProviderError) this.log(`[vertex] ${doing} failed: ${failure.kind}${failure.details.status ? ` ${failure.details.status}` : ''}${failure.details.sent ? ' (not sent)' : ''}`);
      throw failure;
    }
  }

  /** The operation behind a stored name; getVideosOperation reads nothing but the name. */
  private async fetchOperation(remoteId: string, timeout: number, doing: string): Promise<GenerateVideosOperation> {
    const operation = Object.assign(new GenerateVideosOperation(), { name: remoteId });
    try {
      return await this.ai.operations.getVideosOperation({
        operation,
        config: { httpOptions: { timeout, ...(this.readRetries > 0 ? { retryOptions: { attempts: this.readRetries + 1, initialDelay: 0.5, maxDelay: 8 } } : {}) } },
      });
    } catch (error) {
      // An operation Vertex no longer knows: its result is gone (or the name is from another project).
      if ((error as Error)?.name === 'ApiError' && (error as { status?: unknown }).status === 404) {
        const rpc = parseRpcError((error as Error).message);
        throw new ProviderError('expired', `${SERVICE} no longer knows ${remoteId} (404${rpc?.status ? ` ${rpc.status}` : ''}: ${rpc?.message ?? 'not found'}); generate the shot again.`, {
          status: 404,
          ...(rpc?.status ? { code: rpc.status } : {}),
        });
      }
      throw toProviderError(error, doing, this.source);
    }
  }
}

/** A finished operation that made no video, as a ProviderError; undefined while running or when a video is there. */
export function failureOf(operation: GenerateVideosOperation): ProviderError | undefined {
  if (!operation.done) return undefined;
  if (operation.error) {
    const rpc = operation.error as RpcError;
    const message = rpc.message ?? 'the service gave no reason';
    const details = { ...(rpc.code !== undefined ? { code: String(rpc.code) } : {}) };
    if (/safety|policy|guideline|responsible ai|\brai\b|blocked|prohibited|sensitive/i.test(message)) {
      return new ProviderError('refusal', `Veo refused this shot: ${message} Change the prompt or images; it will not be retried.`, details);
    }
    if (rpc.code === 3) return new ProviderError('bad_request', `Veo could not make this shot: ${message}`, details);
    if (rpc.code === 8) return new ProviderError('rate_limit', `Veo is out of capacity or quota: ${message}`, details);
    return new ProviderError('server', `Veo failed to render the clip: ${message}`, details);
  }
  const response = operation.response;
  if (response?.generatedVideos?.some((v) => v.video?.uri || v.video?.videoBytes)) return undefined;
  const reasons = response?.raiMediaFilteredReasons ?? [];
  if ((response?.raiMediaFilteredCount ?? 0) > 0 || reasons.length > 0) {
    return new ProviderError('refusal', `Veo's safety filters blocked this shot: ${reasons.join(' ') || 'no reason given.'} Change the prompt or images; it will not be retried.`, { code: 'RAI_MEDIA_FILTERED' });
  }
  return new ProviderError('server', 'Veo finished without a video or a reason; generate the shot again.');
}

/**
 * A key file the SDK could not use fails every call with a parse error that looks like a cut
 * answer; check it once here so Settings says what is wrong. The content is never logged.
 */
function checkCredentialsFile(file: string): void {
  let type: unknown;
  try {
    type = (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown }).type;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProviderError(
      'auth',
      code
        ? `The Vertex AI key file ${file} could not be read (${code}); pick the service-account key file again in Settings (Vertex AI), or clear it to use Application Default Credentials.`
        : `The Vertex AI key file ${file} is not JSON; pick the service-account key (.json) downloaded from the Cloud console in Settings (Vertex AI).`,
    );
  }
  if (typeof type !== 'string' || !CREDENTIAL_TYPES.has(type)) {
    throw new ProviderError('auth', `The Vertex AI key file ${file} is not a Google credentials file (type ${JSON.stringify(type ?? null)}); pick the service-account key (.json) downloaded from the Cloud console in Settings (Vertex AI).`);
  }
}
