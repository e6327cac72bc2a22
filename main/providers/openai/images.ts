/**
 * Stills through the Images API (`client.images.generate`, `POST /v1/images/generations`).
 *
 * The call is synchronous: it answers with the picture itself (base64; GPT image models have
 * no URL form). To fit the queue's submit -> poll -> download flow, submit makes the call and
 * writes the picture to a per-job file in a cache folder, and returns `image:<id>`; poll says
 * completed while that file exists; download moves it onto the destination (via `.part`, then
 * rename). A restart that lost the cache file (the OS cleaned its temp folder) reports the still
 * as expired: it has to be generated again.
 *
 * Quality: the registry names a quality as a suffix of the model id (`gpt-image-1.5:low`), so
 * each quality is its own model with its own per-image price; the id goes to the service
 * without the suffix, with `quality` set. An id without one is sent as is (the service's
 * default quality).
 *
 * A generation that failed halfway (a 500, a dropped connection) may have been billed, and the
 * Images API keeps no list to look it up in: see `findSubmitted` in openai-provider.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImageGenerateParamsNonStreaming } from 'openai/resources/images';
import { ProviderError, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult } from '../provider';
import { IMAGE_SERVICE, createOptions, toProviderError, type OpenAiContext } from './openai-context';
import { imageFormatOf } from '../image-bytes';

const PREFIX = 'image:';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const QUALITY_SUFFIX = /^(.+):(low|medium|high|auto)$/;
/** Cache files older than this are removed (a still is normally moved out seconds after it is made). */
const KEEP_MS = 7 * 24 * 3_600_000;

/** Whether a remote id names a still made by `submitImage`. */
export const isImageId = (remoteId: string) => remoteId.startsWith(PREFIX);

/** `gpt-image-1.5:low` -> model `gpt-image-1.5`, quality `low`; any other id is the model as is. */
export function imageModelOf(model: string): { model: string; quality?: 'low' | 'medium' | 'high' | 'auto' } {
  const match = QUALITY_SUFFIX.exec(model);
  return match ? { model: match[1]!, quality: match[2] as 'low' | 'medium' | 'high' | 'auto' } : { model };
}

export class ImageJobs {
  constructor(
    private readonly ctx: OpenAiContext,
    /** Where stills wait between submit and download. */
    private readonly cacheDir: string,
  ) {}

  async submit(request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
    if (request.firstFrame || request.lastFrame || (request.references && request.references.length > 0)) {
      throw new ProviderError('bad_request', `The ${IMAGE_SERVICE} makes stills from the prompt alone here; remove the shot's images or pick another model.`);
    }
    const { model, quality } = imageModelOf(request.model);
    const body: ImageGenerateParamsNonStreaming = { model, prompt: request.prompt, n: 1, size: request.size, ...(quality ? { quality } : {}) };
    let b64: string | undefined;
    try {
      const { data, request_id } = await this.ctx.client.images
        .generate(body, createOptions(idempotencyKey, signal, this.ctx.timeouts.image))
        .withResponse();
      b64 = data.data?.[0]?.b64_json;
      const usage = data.usage ? `, ${data.usage.output_tokens} output tokens` : '';
      this.ctx.log(`[openai] generated a ${data.size ?? request.size} ${model} still (${data.quality ?? quality ?? 'default'} quality${usage}; x-request-id ${request_id ?? 'none'})`);
    } catch (error) {
      throw toProviderError(this.ctx, error, `making a ${request.model} still`, IMAGE_SERVICE);
    }
    const bytes = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!imageFormatOf(bytes)) {
      throw new ProviderError('server', `The ${IMAGE_SERVICE} answered without a PNG, JPEG or WebP image (${bytes.length} bytes); try again later.`);
    }
    const id = crypto.randomUUID();
    await fs.mkdir(this.cacheDir, { recursive: true });
    const file = this.fileOf(id);
    // Written under a temporary name so that poll never sees half a picture.
    await fs.writeFile(`${file}.part`, bytes);
    await fs.rename(`${file}.part`, file);
    void this.prune();
    return { remoteId: `${PREFIX}${id}` };
  }

  async poll(remoteId: string): Promise<PollResult> {
    const file = this.fileFor(remoteId);
    if (await exists(file)) return { state: 'completed', progress: 1 };
    return { state: 'failed', progress: 0, error: this.gone(remoteId) };
  }

  async download(remoteId: string, destination: string): Promise<void> {
    const file = this.fileFor(remoteId);
    if (!(await exists(file))) throw this.gone(remoteId);
    const part = `${destination}.part`;
    await fs.mkdir(path.dirname(destination), { recursive: true });
    try {
      await fs.copyFile(file, part);
      await fs.rename(part, destination);
    } catch (error) {
      await fs.rm(part, { force: true }).catch(() => {});
      const local = error as NodeJS.ErrnoException;
      throw new Error(`Could not write ${part} (${local.code ?? local.message}); free some disk space or check the folder's permissions.`, { cause: error });
    }
    await fs.rm(file, { force: true });
    this.ctx.log(`[openai] still ${remoteId} moved to its take`);
  }

  /** Nothing runs remotely once the call has answered: drop the cached picture. */
  async cancel(remoteId: string): Promise<void> {
    await fs.rm(this.fileFor(remoteId), { force: true });
  }

  private fileOf(id: string): string {
    return path.join(this.cacheDir, `${id}.img`);
  }

  private fileFor(remoteId: string): string {
    const id = remoteId.slice(PREFIX.length);
    // The id comes back from the job store: never let it name a path outside the cache.
    if (!ID.test(id)) throw new ProviderError('not_found', `${remoteId} is not a still made by the ${IMAGE_SERVICE}; generate the still again.`);
    return this.fileOf(id);
  }

  private gone(remoteId: string): ProviderError {
    return new ProviderError(
      'expired',
      `The still ${remoteId} is no longer on this machine (the app was closed before it was saved and the cache was cleared); the service keeps no copy, so generate the still again.`,
    );
  }

  /** Removes cache files older than a week (left by a crash between submit and download). */
  private async prune(): Promise<void> {
    try {
      const now = Date.now();
      for (const name of await fs.readdir(this.cacheDir)) {
        const file = path.join(this.cacheDir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && now - stat.mtimeMs > KEEP_MS) await fs.rm(file, { force: true });
      }
    } catch {
      // Best effort: a cache that cannot be pruned costs disk, not correctness.
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
