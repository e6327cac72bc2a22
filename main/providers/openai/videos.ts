/**
 * Clips through the `/v1/videos` contract (`client.videos`): create, retrieve, content, remix,
 * delete. The model id, size and duration are sent as the registry gives them: gateways serve
 * other models (Seedance, Wan, Veo Lite) on the same contract, so which model takes which size
 * or duration is the registry's to say, not this module's. What is checked here is only what
 * the contract itself demands of every model (a first frame of exactly the clip's size; no
 * last frame or references, which the contract has no field for).
 */
import fs from 'node:fs/promises';
import { APIError, toFile } from 'openai';
import type { Video, VideoCreateParams } from 'openai/resources/videos';
import sharp from 'sharp';
import { downloadResponseToFile } from '../download-to-file';
import { ProviderError, type ImageInput, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult } from '../provider';
import { REFUSAL_CODE, VIDEO_SERVICE, apiMessage, createOptions, errorDetails, toProviderError, type OpenAiContext } from './openai-context';

export async function submitVideo(ctx: OpenAiContext, request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
  if (!Number.isFinite(request.seconds) || request.seconds <= 0) {
    throw new ProviderError('bad_request', `The ${VIDEO_SERVICE} needs a clip length; ${request.seconds} s is not one. Pick a duration the model offers.`);
  }
  if (request.lastFrame || (request.references && request.references.length > 0)) {
    throw new ProviderError('bad_request', `The ${VIDEO_SERVICE} takes only a first frame, not a last frame or reference images; pick a model that takes them or remove them from the shot.`);
  }
  // The SDK's types list Sora's values; the wire takes any string, and gateway models need others.
  const body: VideoCreateParams = {
    model: request.model as VideoCreateParams['model'],
    prompt: request.prompt,
    // The API wants the duration as a string ("4", "8", "12").
    seconds: String(request.seconds) as VideoCreateParams['seconds'],
    size: request.size as VideoCreateParams['size'],
  };
  if (request.firstFrame) body.input_reference = await firstFrameUpload(request.firstFrame, request.size);
  try {
    const { data, request_id } = await ctx.client.videos
      .create(body, createOptions(idempotencyKey, signal, ctx.timeouts.submit))
      .withResponse();
    ctx.log(`[openai] created ${data.id} (${data.model} ${data.status}; x-request-id ${request_id ?? 'none'})`);
    return { remoteId: data.id };
  } catch (error) {
    throw toProviderError(ctx, error, `starting a ${request.model} clip`);
  }
}

export async function pollVideo(ctx: OpenAiContext, remoteId: string, signal?: AbortSignal): Promise<PollResult> {
  try {
    const { data, response, request_id } = await ctx.client.videos
      .retrieve(remoteId, { signal, maxRetries: ctx.readRetries, timeout: ctx.timeouts.poll })
      .withResponse();
    const pollAfter = Number(response.headers.get('openai-poll-after-ms') ?? Number.NaN);
    // The Video object reports no charge (no usage or cost field in the SDK's types), so
    // `billed` stays unset and the registry's estimate stands.
    const result: PollResult = {
      state: data.status === 'in_progress' ? 'running' : data.status,
      progress: Math.min(1, Math.max(0, (data.progress ?? 0) / 100)),
      ...(Number.isFinite(pollAfter) && pollAfter >= 0 ? { pollAfterMs: pollAfter } : {}),
    };
    if (data.status === 'failed') {
      result.error = failureOf(data, request_id);
      ctx.log(`[openai] ${remoteId} failed: ${result.error.details.code ?? 'no code'} (x-request-id ${request_id ?? 'none'})`);
    }
    return result;
  } catch (error) {
    throw toProviderError(ctx, error, `checking video ${remoteId}`);
  }
}

export async function downloadVideo(ctx: OpenAiContext, remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
  let response: Response;
  let requestId: string | null;
  try {
    ({ data: response, request_id: requestId } = await ctx.client.videos
      .downloadContent(remoteId, { variant: 'video' }, { signal, maxRetries: ctx.readRetries, timeout: ctx.timeouts.download })
      .withResponse());
  } catch (error) {
    if (error instanceof APIError && (error.status === 404 || error.status === 410)) {
      throw new ProviderError('expired', `The ${VIDEO_SERVICE} no longer has the video ${remoteId} (${error.status}: ${apiMessage(error)}); generate the shot again.`, errorDetails(error));
    }
    throw toProviderError(ctx, error, `downloading video ${remoteId}`);
  }
  ctx.log(`[openai] downloading ${remoteId} (x-request-id ${requestId ?? 'none'})`);
  await downloadResponseToFile(response, destination, { what: `video ${remoteId}`, ...(requestId ? { requestId } : {}) }, signal);
}

export async function remixVideo(ctx: OpenAiContext, remoteId: string, prompt: string, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
  try {
    const { data, request_id } = await ctx.client.videos
      .remix(remoteId, { prompt }, createOptions(idempotencyKey, signal, ctx.timeouts.submit))
      .withResponse();
    ctx.log(`[openai] remix of ${remoteId} created ${data.id} (x-request-id ${request_id ?? 'none'})`);
    return { remoteId: data.id };
  } catch (error) {
    throw toProviderError(ctx, error, `remixing video ${remoteId}`);
  }
}

/**
 * Deletes the remote video. The API deletes only completed or failed videos and has no
 * cancel for a running one, so a 400 (still running) or 404 (already gone) is not an error:
 * the queue simply stops polling and never downloads.
 */
export async function deleteVideo(ctx: OpenAiContext, remoteId: string): Promise<void> {
  try {
    const { request_id } = await ctx.client.videos.delete(remoteId, { maxRetries: ctx.readRetries }).withResponse();
    ctx.log(`[openai] deleted ${remoteId} (x-request-id ${request_id ?? 'none'})`);
  } catch (error) {
    if (error instanceof APIError && (error.status === 400 || error.status === 404)) {
      ctx.log(`[openai] ${remoteId} not deleted remotely (${error.status}: ${apiMessage(error)}; x-request-id ${error.requestID ?? 'none'})`);
      return;
    }
    throw toProviderError(ctx, error, `cancelling video ${remoteId}`);
  }
}

/** The first frame as an upload, after checking it is exactly the clip's size (the contract refuses anything else). */
async function firstFrameUpload(image: ImageInput, size: string) {
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
    throw new ProviderError('bad_request', `The first frame ${image.name} is ${actual} but the clip is ${size}; the ${VIDEO_SERVICE} needs the exact size, so fit the image to the frame first.`);
  }
  return toFile(bytes, image.name, { type: image.mime });
}

/** A failed job as a ProviderError: moderation/policy/safety codes are refusals, never retried. */
function failureOf(video: Video, requestId: string | null): ProviderError {
  const code = video.error?.code ?? 'unknown';
  const message = video.error?.message ?? 'the service gave no reason';
  const details = { code, ...(requestId ? { requestId } : {}) };
  if (REFUSAL_CODE.test(code)) {
    return new ProviderError('refusal', `The ${VIDEO_SERVICE} refused this shot: ${message} Change the prompt or the first frame; it will not be retried.`, details);
  }
  if (/invalid|unsupported/i.test(code)) {
    return new ProviderError('bad_request', `The ${VIDEO_SERVICE} could not make this shot (${code}): ${message}`, details);
  }
  return new ProviderError('server', `The ${VIDEO_SERVICE} failed to render the clip (${code}): ${message}`, details);
}
