/**
 * The `runway` provider: Runway's developer API through the official `@runwayml/sdk`
 * (`textToVideo`, `imageToVideo`, `videoToVideo`, `tasks`, `uploads`). The SDK sets
 * `Authorization: Bearer` and `X-Runway-Version` (2024-11-06) on every call.
 *
 * - Creates are sent once (maxRetries 0): a create that failed may still have started, and
 *   billed, a task. Runway takes no idempotency key and cannot list tasks, so the guard is
 *   `none`: an ambiguous create is left to the queue ("outcome unknown"), never resent here.
 *   Uploads come before the create and bill nothing, so a failure there is marked `sent: 'no'`.
 * - Reads (task retrieve, delete, the upload placeholder) let the SDK retry `readRetries` times.
 * - Images and takes go up with `uploads.createEphemeral` (runway:// URIs, up to 200 MB), not
 *   as data URIs (capped at 5 MB since SDK 4.17.1).
 * - Output URLs expire within 24-48 h, so a download asks for the task again (fresh URLs) and
 *   fetches its first output with plain fetch: the key never goes to the storage host.
 * - Credits: a finished task reports `cost.credits` (what it finally charged), returned as
 *   `billed`; the create's `estimatedCost` is only the most it may charge, so it is logged, not billed.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import RunwayML, { APIError, toFile } from '@runwayml/sdk';
import type { TaskRetrieveResponse } from '@runwayml/sdk/resources';
import { downloadResponseToFile } from '../download-to-file';
import {
  ProviderError, type CreateGuard, type ImageInput, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider,
} from '../provider';
import { RUNWAY_SERVICE, failureOf, runwayMessage, toProviderError } from './runway-errors';
import { planCreate, planEdit, type CreatePlan } from './runway-request';

/** How to reach Runway. */
export interface RunwayProviderOptions {
  /** The user's key (never stored or logged here). */
  apiKey: string;
  /** API origin (default: the SDK's, https://api.dev.runwayml.com, or RUNWAYML_BASE_URL). */
  baseURL?: string;
  /** SDK retries for reads (task retrieve and delete, upload placeholders); default 2. Creates never retry. */
  readRetries?: number;
  /** Per-request timeouts in ms; defaults: submit 120 s, poll 60 s, upload 10 min, download 10 min. */
  timeouts?: { submit?: number; poll?: number; upload?: number; download?: number };
  /** Where progress lines go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

export class RunwayProvider implements VideoProvider {
  readonly id = 'runway';
  readonly createGuard: CreateGuard = 'none';
  private readonly client: RunwayML;
  private readonly readRetries: number;
  private readonly timeouts: Required<NonNullable<RunwayProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;

  constructor(options: RunwayProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${RUNWAY_SERVICE}; add one in Settings.`);
    // logLevel 'off': the SDK's own warnings would go to the console, outside our log.
    this.client = new RunwayML({ apiKey: options.apiKey, ...(options.baseURL ? { baseURL: options.baseURL } : {}), maxRetries: 0, logLevel: 'off' });
    this.readRetries = options.readRetries ?? 2;
    this.timeouts = { submit: 120_000, poll: 60_000, upload: 600_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    // Runway dedupes nothing, so the idempotency key has nowhere to go.
    return this.create(planCreate(request), request, signal);
  }

  async edit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    const plan = planEdit(request);
    if (plan.dropped.length > 0) this.log(`[runway] ${request.model} edit of the take: not sent (from the parent's request): ${plan.dropped.join(', ')}`);
    return this.create(plan, request, signal);
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const task = await this.retrieve(remoteId, signal, `checking task ${remoteId}`);
    switch (task.status) {
      case 'PENDING':
        return { state: 'queued', progress: 0 };
      case 'THROTTLED':
        // Over the account's concurrency: Runway queues it. The queue shows the service's word.
        return { state: 'queued', progress: 0, serviceState: 'THROTTLED' };
      case 'RUNNING':
        return { state: 'running', progress: Math.min(1, Math.max(0, Number(task.progress) || 0)) };
      case 'SUCCEEDED':
        return { state: 'completed', progress: 1, ...billedOf(task) };
      case 'FAILED': {
        const error = failureOf(remoteId, task.failure, task.failureCode);
        this.log(`[runway] task ${remoteId} failed: ${task.failureCode ?? 'no code'}`);
        return { state: 'failed', progress: 1, error, ...billedOf(task) };
      }
      case 'CANCELLED':
        return {
          state: 'failed',
          progress: 1,
          error: new ProviderError('cancelled', `The ${RUNWAY_SERVICE} task ${remoteId} was cancelled (in Runway's portal or by Shotline).`),
          ...billedOf(task),
        };
    }
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    // Asked again for fresh URLs: the ones a poll saw expire within 24-48 h.
    const task = await this.retrieve(remoteId, signal, `fetching task ${remoteId} for its video`, { goneIsExpired: true });
    if (task.status === 'FAILED') throw failureOf(remoteId, task.failure, task.failureCode);
    if (task.status !== 'SUCCEEDED') throw new ProviderError('bad_request', `Runway task ${remoteId} is ${task.status}, not finished; download it once it has succeeded.`);
    const url = task.output[0];
    if (!url) throw new ProviderError('server', `The ${RUNWAY_SERVICE} finished task ${remoteId} without an output; generate the shot again.`);
    const label = { what: `Runway task ${remoteId}` };
    const timeout = AbortSignal.timeout(this.timeouts.download);
    let response: Response;
    try {
      // No SDK here: the URL is presigned on Runway's storage, and the key must not go there.
      response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${label.what} was cancelled.`);
      throw new ProviderError('network', `The download of ${label.what} failed (${(error as Error).message}); it will be retried.`);
    }
    if (response.status === 403 || response.status === 404 || response.status === 410) {
      await response.body?.cancel().catch(() => {});
      throw new ProviderError('expired', `The video of ${label.what} is no longer downloadable (${response.status} from Runway's storage); generate the shot again.`, { status: response.status });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const kind = response.status >= 500 || response.status === 429 ? 'server' : 'network';
      throw new ProviderError(kind, `Runway's storage answered ${response.status} for ${label.what}; the download will be retried.`, { status: response.status });
    }
    this.log(`[runway] downloading task ${remoteId}`);
    await downloadResponseToFile(response, destination, label, signal);
  }

  /**
   * Cancels a pending, throttled or running task; deletes a finished one (the SDK's
   * `tasks.delete`, one call for both). A task that is already gone is not an error.
   */
  async cancel(remoteId: string): Promise<void> {
    try {
      await this.client.tasks.delete(remoteId, { maxRetries: this.readRetries, timeout: this.timeouts.poll });
      this.log(`[runway] cancelled or deleted task ${remoteId}`);
    } catch (error) {
      if (error instanceof APIError && error.status === 404) {
        this.log(`[runway] task ${remoteId} already gone (404: ${runwayMessage(error)})`);
        return;
      }
      throw toProviderError(error, `cancelling task ${remoteId}`, { log: this.log });
    }
  }

  /** Uploads the plan's images and video, then sends the create once. */
  private async create(plan: CreatePlan, request: ProviderRequest, signal: AbortSignal | undefined): Promise<SubmitResult> {
    const imageUris: string[] = [];
    for (const { role, image } of plan.images) imageUris.push(await this.uploadImage(image, role, signal));
    const videoUri = plan.video ? await this.uploadVideo(plan.video, signal) : undefined;
    const body = plan.body(imageUris, videoUri);
    const doing = `starting a ${request.model} clip`;
    const options = { signal, maxRetries: 0, timeout: this.timeouts.submit };
    try {
      // The bodies follow the SDK's per-model types (runway-models.ts holds the ratio lists to them).
      const created =
        plan.endpoint === 'text_to_video' ? await this.client.textToVideo.create(body as never, options)
          : plan.endpoint === 'image_to_video' ? await this.client.imageToVideo.create(body as never, options)
            : await this.client.videoToVideo.create(body as never, options);
      this.log(`[runway] created task ${created.id} (${request.model} ${plan.endpoint}; at most ${created.estimatedCost?.credits ?? '?'} credits)`);
      return { remoteId: created.id };
    } catch (error) {
      throw toProviderError(error, doing, { log: this.log });
    }
  }

  private async uploadImage(image: ImageInput, role: string, signal: AbortSignal | undefined): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(image.path);
    } catch (error) {
      throw new ProviderError('bad_request', `The ${role} ${image.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`, { sent: 'no' });
    }
    return this.upload(await toFile(bytes, image.name, { type: image.mime }), `uploading the ${role} ${image.name}`, signal);
  }

  private async uploadVideo(file: string, signal: AbortSignal | undefined): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (error) {
      throw new ProviderError('bad_request', `The take to edit (${file}) could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pick another take.`, { sent: 'no' });
    }
    return this.upload(await toFile(bytes, path.basename(file), { type: 'video/mp4' }), `uploading the take ${path.basename(file)}`, signal);
  }

  private async upload(file: File, doing: string, signal: AbortSignal | undefined): Promise<string> {
    try {
      const { uri } = await this.client.uploads.createEphemeral({ file }, { signal, maxRetries: this.readRetries, timeout: this.timeouts.upload });
      this.log(`[runway] uploaded ${file.name} (${file.size} bytes)`);
      return uri;
    } catch (error) {
      throw toProviderError(error, doing, { beforeCreate: true, log: this.log });
    }
  }

  private async retrieve(remoteId: string, signal: AbortSignal | undefined, doing: string, options: { goneIsExpired?: boolean } = {}): Promise<TaskRetrieveResponse> {
    try {
      return await this.client.tasks.retrieve(remoteId, { signal, maxRetries: this.readRetries, timeout: this.timeouts.poll });
    } catch (error) {
      if (options.goneIsExpired && error instanceof APIError && error.status === 404) {
        throw new ProviderError('expired', `The ${RUNWAY_SERVICE} no longer has task ${remoteId} (404: ${runwayMessage(error)}); generate the shot again.`, { status: 404 });
      }
      throw toProviderError(error, doing, { log: this.log });
    }
  }
}

/** What a finished task says it charged (`cost.credits`), in Runway's credits. */
function billedOf(task: { cost?: { credits?: unknown } }): Pick<PollResult, 'billed'> {
  const credits = task.cost?.credits;
  return typeof credits === 'number' && Number.isFinite(credits) && credits >= 0 ? { billed: { amount: credits, unit: 'credits' } } : {};
}
