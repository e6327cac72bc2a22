/**
 * The `fal` provider: fal.ai's queue through the official `@fal-ai/client` (1.10.x). One
 * adapter serves many endpoints: a registry model's id is the fal endpoint id of its text-only
 * request, and its `inputShape` names the request shape (input-shapes.ts) that picks the
 * endpoint for the images sent and writes its input. Video and still-image endpoints go through
 * the same queue: submit, status (with logs), result, cancel.
 *
 * - The remote id is `{endpoint}/requests/{request_id}`: the endpoint actually submitted to
 *   (a sibling such as `…/image-to-video` when a first frame went), so a restart can poll it.
 * - Images go up with `storage.upload` before the create; a failed upload means the create was
 *   never sent (`sent: 'no'`).
 * - Creates are sent once (fal-transport.ts stops the client's own retries), and fal's queue
 *   takes no idempotency key and the client lists no requests, so the guard is `none`: a create
 *   that failed halfway is left to the queue's "outcome unknown" rule, never resent here.
 * - A failed request still reaches COMPLETED; its result carries the failure, so a poll that
 *   sees COMPLETED fetches the result and reports the job completed or failed from it.
 * - Billing: neither the status nor the result body reports a cost. The result answer carries
 *   `x-fal-billable-units` in each model's own unit (seconds, images, megapixels, tokens),
 *   which is logged but is not money, so polls report no `billed` and the registry's estimate
 *   stands (docs/providers/fal.md).
 * - Outputs (`video.url`, `images[0].url`) are fetched from fal's CDN without the key.
 */
import fs from 'node:fs/promises';
import type { FalClient } from '@fal-ai/client';
import { downloadResponseToFile } from '../download-to-file';
import { classifyHttpFailure, parseRetryAfter } from '../http-errors';
import { ProviderError, type ImageInput, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../provider';
import { SERVICE, finalFailureOf, toProviderError } from './fal-errors';
import { FalCallFailure, createFalTransport, falMessage } from './fal-transport';
import { planRequest, type ImageUrls } from './input-shapes';

/** How to reach fal. */
export interface FalProviderOptions {
  /** The user's fal key (`FAL_KEY`), passed in by the caller; never stored or logged here. */
  apiKey: string;
  /** Origin standing in for fal's hosts (a gateway; the contract server in tests). */
  baseUrl?: string;
  /** The registry's `inputShape` for a fal model id (undefined when the entry names none). */
  shapeOf: (model: string) => string | undefined;
  /** Per-call timeouts in ms; defaults: upload and submit 120 s, poll 60 s, download 10 min. */
  timeouts?: { upload?: number; submit?: number; poll?: number; download?: number };
  /** Where request ids go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

const REMOTE_ID = /^(?<endpoint>.+)\/requests\/(?<requestId>[^/]+)$/;

/** The remote id of a request: where it was submitted and its request id. */
export function remoteIdOf(endpoint: string, requestId: string): string {
  return `${endpoint}/requests/${requestId}`;
}

function parseRemoteId(remoteId: string): { endpoint: string; requestId: string } {
  const match = REMOTE_ID.exec(remoteId);
  if (!match?.groups) throw new ProviderError('bad_request', `${remoteId} is not a fal request id ({endpoint}/requests/{request_id}); generate the shot again.`);
  return { endpoint: match.groups.endpoint!, requestId: match.groups.requestId! };
}

/** What a finished request produced, from its result data. */
interface OutputFile {
  url: string;
  kind: 'video' | 'image';
}

function outputOf(data: unknown): OutputFile | undefined {
  const d = (data ?? {}) as { video?: { url?: unknown }; images?: { url?: unknown }[]; image?: { url?: unknown } };
  if (typeof d.video?.url === 'string') return { url: d.video.url, kind: 'video' };
  const image = d.images?.[0]?.url ?? d.image?.url;
  if (typeof image === 'string') return { url: image, kind: 'image' };
  return undefined;
}

/** A 0..1 figure from the newest log line that states one (`45%`, `step 12/28`). */
function progressFromLogs(logs: readonly { message?: unknown }[] | undefined): number {
  for (const log of [...(logs ?? [])].reverse()) {
    const text = typeof log.message === 'string' ? log.message : '';
    const percent = /(\d{1,3}(?:\.\d+)?)\s*%/.exec(text);
    if (percent) return Math.min(1, Math.max(0, Number(percent[1]) / 100));
    const steps = /(\d+)\s*\/\s*(\d+)/.exec(text);
    if (steps && Number(steps[2]) > 0) return Math.min(1, Number(steps[1]) / Number(steps[2]));
  }
  return 0;
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
}

export class FalProvider implements VideoProvider {
  readonly id = 'fal';
  readonly createGuard = 'none' as const;
  private readonly client: FalClient;
  private readonly shapeOf: (model: string) => string | undefined;
  private readonly timeouts: Required<NonNullable<FalProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;
  /** Results read by a poll, kept for the download that follows (by remote id). */
  private readonly results = new Map<string, unknown>();
  /** `x-fal-billable-units` of the last result answer, by request id (logged only). */
  private readonly billableUnits = new Map<string, string>();

  constructor(options: FalProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${SERVICE}; add one in Settings (or set FAL_KEY).`);
    this.timeouts = { upload: 120_000, submit: 120_000, poll: 60_000, download: 600_000, ...options.timeouts };
    this.shapeOf = options.shapeOf;
    this.log = options.log ?? ((line) => console.info(line));
    this.client = createFalTransport({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      defaultTimeoutMs: this.timeouts.upload,
      onAnswer: (response) => {
        const units = response.headers.get('x-fal-billable-units');
        const requestId = response.headers.get('x-fal-request-id');
        if (units && requestId) this.billableUnits.set(requestId, units);
      },
    });
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    // Checked before anything is uploaded or sent (and nothing is billed for a refused plan).
    const plan = planRequest(this.shapeOf(request.model), request);
    const images = await this.uploadImages(request, signal);
    try {
      const queued = await this.client.queue.submit(plan.endpoint, {
        input: plan.input(images),
        abortSignal: withTimeout(signal, this.timeouts.submit),
      });
      if (!queued?.request_id) throw new ProviderError('server', `The ${SERVICE} accepted the request for ${plan.endpoint} but returned no request id; check the fal dashboard before generating again.`);
      this.log(`[fal] submitted ${plan.endpoint}: request ${queued.request_id} (${queued.status}, queue position ${queued.queue_position ?? '?'})`);
      return { remoteId: remoteIdOf(plan.endpoint, queued.request_id) };
    } catch (error) {
      if (error instanceof FalCallFailure && error.status !== undefined) {
        this.log(`[fal] submit to ${plan.endpoint} failed with ${error.status} (x-fal-request-id ${error.requestId ?? 'none'})`);
      }
      throw toProviderError(error, `starting a ${request.model} ${plan.output === 'image' ? 'still' : 'clip'}`, { ...(signal ? { signal } : {}) });
    }
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const { endpoint, requestId } = parseRemoteId(remoteId);
    let status: Awaited<ReturnType<FalClient['queue']['status']>>;
    try {
      status = await this.client.queue.status(endpoint, { requestId, logs: true, abortSignal: withTimeout(signal, this.timeouts.poll) });
    } catch (error) {
      throw toProviderError(error, `checking request ${requestId}`, { ...(signal ? { signal } : {}) });
    }
    switch (status.status) {
      case 'IN_QUEUE':
        return { state: 'queued', progress: 0, serviceState: `IN_QUEUE (position ${status.queue_position ?? '?'})` };
      case 'IN_PROGRESS':
        return { state: 'running', progress: progressFromLogs(status.logs), serviceState: 'IN_PROGRESS' };
      case 'COMPLETED':
        return this.completedOutcome(remoteId, endpoint, requestId, signal);
      default:
        throw new ProviderError('server', `The ${SERVICE} reported an unknown state "${String((status as { status?: unknown }).status)}" for request ${requestId}; it will be checked again.`);
    }
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const { endpoint, requestId } = parseRemoteId(remoteId);
    let data = this.results.get(remoteId);
    if (data === undefined) {
      const outcome = await this.fetchResult(endpoint, requestId, 'downloading', signal);
      this.billableUnits.delete(requestId);
      if ('failure' in outcome) throw outcome.failure;
      data = outcome.data;
    }
    const output = outputOf(data);
    if (!output) throw new ProviderError('server', `The ${SERVICE} finished request ${requestId} without a video or image; generate the shot again.`, { requestId });
    let response: Response;
    try {
      // fal's CDN needs no key, and gets none.
      response = await fetch(output.url, { signal: withTimeout(signal, this.timeouts.download) });
    } catch (error) {
      if (signal?.aborted) throw new ProviderError('cancelled', `The download of request ${requestId} was cancelled.`, { requestId });
      throw new ProviderError('network', `Could not download request ${requestId} from fal's CDN (${(error as Error).message}); it will be retried.`, { requestId });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const reason = `${response.status}: ${falMessage(safeJson(text), text.slice(0, 200) || response.statusText)}`;
      if (response.status === 404 || response.status === 403 || response.status === 410) {
        throw new ProviderError('expired', `fal's CDN no longer has the output of request ${requestId} (${reason}); fal's files expire, so generate the shot again.`, { status: response.status, requestId });
      }
      throw classifyHttpFailure(SERVICE, `downloading request ${requestId}`, {
        status: response.status,
        message: reason,
        requestId,
        ...(parseRetryAfter(response.headers) !== undefined ? { retryAfterMs: parseRetryAfter(response.headers)! } : {}),
      });
    }
    const label = { what: `fal ${output.kind} ${requestId}`, requestId };
    await downloadResponseToFile(response, destination, label, signal, output.kind === 'image' ? 'still' : 'clip');
    this.results.delete(remoteId);
    this.log(`[fal] downloaded request ${requestId} (${output.kind})`);
  }

  /**
   * Asks fal to cancel the request. fal drops a request still in its queue and signals a
   * running one to stop; a finished one answers 400 ALREADY_COMPLETED and an unknown one 404,
   * which leave nothing to cancel.
   */
  async cancel(remoteId: string): Promise<void> {
    const { endpoint, requestId } = parseRemoteId(remoteId);
    try {
      await this.client.queue.cancel(endpoint, { requestId, abortSignal: AbortSignal.timeout(this.timeouts.poll) });
      this.log(`[fal] cancellation requested for request ${requestId}`);
    } catch (error) {
      if (error instanceof FalCallFailure && (error.status === 400 || error.status === 404)) {
        this.log(`[fal] request ${requestId} not cancelled remotely (${error.status}: ${falMessage(error.body, 'no reason')})`);
        return;
      }
      throw toProviderError(error, `cancelling request ${requestId}`);
    }
  }

  /** The outcome of a COMPLETED request, read from its result. */
  private async completedOutcome(remoteId: string, endpoint: string, requestId: string, signal?: AbortSignal): Promise<PollResult> {
    const outcome = await this.fetchResult(endpoint, requestId, 'reading the result of', signal);
    if ('failure' in outcome) {
      this.log(`[fal] request ${requestId} failed: ${outcome.failure.kind}${outcome.failure.details.code ? ` (${outcome.failure.details.code})` : ''}`);
      return { state: 'failed', progress: 1, error: outcome.failure, serviceState: 'COMPLETED' };
    }
    this.results.set(remoteId, outcome.data);
    const units = this.billableUnits.get(requestId);
    this.billableUnits.delete(requestId);
    this.log(`[fal] request ${requestId} completed${units ? ` (fal reports ${units} billable units, in the model's own unit)` : ''}`);
    return { state: 'completed', progress: 1, serviceState: 'COMPLETED' };
  }

  /**
   * The result of a finished request: its data, or the failure fal stored for it (see
   * finalFailureOf; a 404 means fal has no such request any more). A failed read throws.
   */
  private async fetchResult(endpoint: string, requestId: string, doing: string, signal?: AbortSignal): Promise<{ data: unknown } | { failure: ProviderError }> {
    try {
      const { data } = await this.client.queue.result(endpoint, { requestId, abortSignal: withTimeout(signal, this.timeouts.poll) });
      return { data };
    } catch (error) {
      if (error instanceof FalCallFailure) {
        const failure = finalFailureOf(error, requestId);
        if (failure) return { failure };
        if (error.status === 404) {
          const gone = `The ${SERVICE} no longer has request ${requestId} (404: ${falMessage(error.body, 'not found')}); generate the shot again.`;
          return { failure: new ProviderError('expired', gone, { status: 404, requestId }) };
        }
      }
      throw toProviderError(error, `${doing} request ${requestId}`, { ...(signal ? { signal } : {}) });
    }
  }

  /** Uploads the request's images with fal's storage; any failure here means the create was never sent. */
  private async uploadImages(request: ProviderRequest, signal?: AbortSignal): Promise<ImageUrls> {
    const upload = async (image: ImageInput | undefined, role: string): Promise<string | undefined> => {
      if (!image) return undefined;
      if (signal?.aborted) throw new ProviderError('cancelled', 'Stopped before the images were uploaded: cancelled.', { sent: 'no' });
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(image.path);
      } catch (error) {
        throw new ProviderError('bad_request', `The ${role} ${image.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`, { sent: 'no' });
      }
      try {
        const url = await this.client.storage.upload(new File([new Uint8Array(bytes)], image.name, { type: image.mime }));
        this.log(`[fal] uploaded the ${role} ${image.name} (${bytes.length} bytes)`);
        return url;
      } catch (error) {
        throw toProviderError(error, `uploading the ${role} ${image.name}`, { ...(signal ? { signal } : {}), sentNo: true });
      }
    };
    const firstFrame = await upload(request.firstFrame, 'first frame');
    const lastFrame = await upload(request.lastFrame, 'last frame');
    const references: string[] = [];
    for (const [i, ref] of (request.references ?? []).entries()) references.push((await upload(ref, `reference image ${i + 1}`))!);
    return { ...(firstFrame ? { firstFrame } : {}), ...(lastFrame ? { lastFrame } : {}), references };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
