/**
 * `findSubmitted` for the `/v1/videos` contract: after a create that failed halfway (a 500, a
 * dropped connection: the service may have taken and billed it), look through the account's
 * recent videos for the one it made before anything is sent again.
 *
 * The Video object echoes no client key, so a video is this create's when it echoes the same
 * model, prompt, size and seconds (a remix: the same source video and prompt) and was created
 * at or after `since` (the queue already moves `since` a few minutes back for clock skew and the
 * whole-second `created_at`; `slackMs` widens it further where a service's clock is known to be
 * off). The list is read newest first (`order: 'desc'`, 100 a page, the SDK's cursor paging) and
 * stops at the first video older than that; a service that ignores `order` is read to the end
 * instead. Any doubt throws a non-retryable error, so the queue resends nothing and leaves the
 * job to the user: too many recent videos to read, or a video in the window whose echo lacks a
 * field needed to tell. A list call that fails throws its own (retryable) error.
 *
 * Two identical creates in the window (another take of the same shot) cannot be told apart by
 * their echo: the newest is taken, since an older identical video is most often an earlier take
 * made before this job's first attempt (inside the clock slack).
 */
import type { Video } from 'openai/resources/videos';
import { ProviderError, type FindSubmittedOptions, type ProviderRequest, type SubmitResult } from '../provider';
import { VIDEO_SERVICE, toProviderError, type OpenAiContext } from './openai-context';

/** Extra allowance for the service's clock, in ms, beyond what the queue already takes off `since`. */
export const LOOKUP_SLACK_MS = 0;
const PAGE_SIZE = 100;
/** Pages read at most (10,000 videos) before giving up rather than guessing. */
const MAX_PAGES = 100;

/** Prompts go as multipart text, which carries newlines as CRLF: compare the text, not the bytes. */
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** The echoed model is the one asked for, or a dated snapshot of it (`sora-2-2025-10-06`). */
const sameModel = (echoed: string, asked: string) => echoed === asked || (echoed.startsWith(`${asked}-`) && /^\d{4}-\d{2}-\d{2}$/.test(echoed.slice(asked.length + 1)));

type Verdict = 'match' | 'other' | 'unsure';

/** Whether `video` is what `request` would have made (time aside). */
export function judgeVideo(video: Partial<Video>, request: ProviderRequest): Verdict {
  const remixOf = request.remixOf?.remoteId;
  if (remixOf) {
    if (video.remixed_from_video_id == null) return video.remixed_from_video_id === null ? 'other' : 'unsure';
    if (video.remixed_from_video_id !== remixOf) return 'other';
  } else {
    if (video.remixed_from_video_id) return 'other';
    if (typeof video.model !== 'string' || video.size == null || video.seconds == null) return 'unsure';
    if (!sameModel(video.model, request.model) || String(video.size) !== request.size || String(video.seconds) !== String(request.seconds)) return 'other';
  }
  if (typeof video.prompt !== 'string') return 'unsure';
  return normalise(video.prompt) === normalise(request.prompt) ? 'match' : 'other';
}

export async function findSubmittedVideo(
  ctx: OpenAiContext,
  request: ProviderRequest,
  { since, taken, signal }: FindSubmittedOptions,
  slackMs = LOOKUP_SLACK_MS,
): Promise<SubmitResult | null> {
  // `created_at` is in whole seconds: a video made in the same second as `since` counts.
  const cutoff = Math.floor((since - slackMs) / 1000) * 1000;
  const matches: Video[] = [];
  let pages = 0;
  let descending = true;
  let previous = Number.POSITIVE_INFINITY;
  try {
    const first = await ctx.client.videos.list({ order: 'desc', limit: PAGE_SIZE }, { signal, maxRetries: ctx.readRetries, timeout: ctx.timeouts.poll });
    for await (const page of first.iterPages()) {
      pages += 1;
      let reachedOlder = false;
      for (const video of page.getPaginatedItems()) {
        const createdMs = Number(video.created_at) * 1000;
        if (!Number.isFinite(createdMs)) throw unsure(`video ${video.id} has no creation time`);
        if (createdMs > previous) descending = false;
        previous = createdMs;
        if (createdMs < cutoff) {
          reachedOlder = true;
          continue;
        }
        const verdict = judgeVideo(video, request);
        if (verdict === 'unsure') throw unsure(`video ${video.id}, made in the same minutes, does not echo the ${request.remixOf ? 'remix source' : 'model, size, seconds'} or prompt needed to tell`);
        // Another job's video (an identical take made in the same minutes) is not this one.
        if (verdict === 'match' && !taken?.has(video.id)) matches.push(video);
      }
      if (reachedOlder && descending) break;
      if (pages >= MAX_PAGES && page.hasNextPage()) throw unsure(`more than ${MAX_PAGES * PAGE_SIZE} recent videos to read`);
    }
  } catch (error) {
    throw toProviderError(ctx, error, `looking for the ${request.model} clip an earlier attempt started`);
  }
  if (matches.length === 0) {
    ctx.log(`[openai] no video since ${new Date(since).toISOString()} matches the ${request.model} create (${pages} page(s) read)`);
    return null;
  }
  // Two identical creates in the window: the newest (see the top of this file).
  const best = matches.reduce((a, b) => (b.created_at > a.created_at ? b : a));
  ctx.log(`[openai] found ${best.id} (${best.status}) made by an earlier attempt${matches.length > 1 ? ` (the newest of ${matches.length} identical videos)` : ''}`);
  return { remoteId: best.id };
}

/** Not retryable: reading the list again would not make it clearer. */
function unsure(why: string): ProviderError {
  return new ProviderError('bad_request', `The ${VIDEO_SERVICE} list could not tell whether the earlier attempt made a video (${why}), so nothing was sent again; check the service's video list before generating the shot again.`);
}
