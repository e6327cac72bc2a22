/**
 * The local "animatic" provider: renders a shot on this machine with ffmpeg, from its first
 * frame (or a title card) with its camera move. No key, no network, no cost: the default.
 *
 * It follows the same submit -> poll -> download cycle as the services, so the queue treats it
 * like any other provider. A still (`output: 'image'`) is the first frame of a static render as a
 * PNG: the free storyboard frame. Jobs live in memory only: after a restart a poll answers
 * ProviderError('not_found') and the queue, seeing the descriptor's `resume: "resubmit"`, simply submits again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FRAME_RATE_RULE, isValidFrameRate } from '../../shared/frame-rate';
import { renderAnimatic, type AnimaticFonts } from '../media/animatic-render';
import { extractLastFrame } from '../media/last-frame';
import { findShippedFonts } from '../media/shipped-fonts';
import { FfmpegError } from '../media/ffmpeg';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { ProviderError, type ProviderRequest, type PollResult, type SubmitOptions, type SubmitResult, type VideoProvider } from './provider';

/** Longest shot the animatic renders, in seconds (a guard against a typo like 600). */
export const ANIMATIC_MAX_SECONDS = 60;
/** Largest frame edge. */
const MAX_EDGE = 3840;

export interface AnimaticProviderOptions {
  /** The ffmpeg in use (a function, so a Settings change applies to the next render). */
  tools: FfmpegTools | (() => FfmpegTools);
  /** Scratch folder for renders in progress (default: a `shotline-animatic` temp folder). */
  workDir?: string;
  /** The shipped fonts (default: found with `findShippedFonts`). */
  fonts?: AnimaticFonts;
}

interface RenderJob {
  state: PollResult['state'];
  progress: number;
  file: string;
  jobDir: string;
  error?: ProviderError;
  controller: AbortController;
  done: Promise<void>;
}

function parseSize(size: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(size);
  const width = Number(m?.[1]);
  const height = Number(m?.[2]);
  if (!m || width < 16 || height < 16 || width > MAX_EDGE || height > MAX_EDGE || width % 2 || height % 2) {
    throw new ProviderError('bad_request', `The animatic cannot render at "${size}": use an even size such as 1280x720 (at most ${MAX_EDGE} pixels a side).`);
  }
  return { width, height };
}

export class AnimaticProvider implements VideoProvider {
  readonly id = 'animatic';
  private readonly jobs = new Map<string, RenderJob>();
  private readonly workDir: string;
  private fonts: AnimaticFonts | undefined;

  constructor(private readonly options: AnimaticProviderOptions) {
    this.workDir = options.workDir ?? path.join(os.tmpdir(), 'shotline-animatic');
    this.fonts = options.fonts;
  }

  private tools(): FfmpegTools {
    return typeof this.options.tools === 'function' ? this.options.tools() : this.options.tools;
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    if (signal?.aborted) throw new ProviderError('cancelled', 'The render was cancelled before it started.');
    const { width, height } = parseSize(request.size);
    const still = request.output === 'image';
    if (!still && !(request.seconds > 0 && request.seconds <= ANIMATIC_MAX_SECONDS)) {
      throw new ProviderError('bad_request', `The animatic renders 0-${ANIMATIC_MAX_SECONDS} s shots; ${request.seconds} s was asked. Shorten the shot.`);
    }
    const fps = request.fps;
    if (!isValidFrameRate(fps)) throw new ProviderError('bad_request', `The animatic cannot render at ${fps.num}/${fps.den} fps; use ${FRAME_RATE_RULE}.`);
    if (request.firstFrame && !fs.existsSync(request.firstFrame.path)) {
      throw new ProviderError('bad_request', `The first-frame image ${request.firstFrame.path} is missing. Attach the image again.`);
    }
    const fonts = request.firstFrame ? undefined : (this.fonts ??= findShippedFonts());

    const remoteId = `animatic-${crypto.randomUUID()}`;
    const jobDir = path.join(this.workDir, remoteId);
    const controller = new AbortController();
    const clip = path.join(jobDir, 'animatic.mp4');
    const job: RenderJob = { state: 'queued', progress: 0, file: still ? path.join(jobDir, 'still.png') : clip, jobDir, controller, done: Promise.resolve() };
    this.jobs.set(remoteId, job);
    job.done = (async () => {
      job.state = 'running';
      try {
        await renderAnimatic(
          this.tools(),
          {
            width,
            height,
            fps,
            // A still is the shot's opening framing: one second without the camera move.
            seconds: still ? 1 : request.seconds,
            cameraMove: still ? '' : (request.card?.cameraMove ?? ''),
            image: request.firstFrame?.path,
            card: request.card,
          },
          clip,
          {
            jobDir,
            fonts: fonts ?? { regular: '', bold: '' },
            signal: controller.signal,
            onProgress: (p) => (job.progress = Math.min(0.99, p)),
          },
        );
        if (still) {
          await extractLastFrame(this.tools(), clip, job.file, { signal: controller.signal });
          fs.rmSync(clip, { force: true });
        }
        job.state = 'completed';
        job.progress = 1;
      } catch (error) {
        job.state = 'failed';
        job.error =
          error instanceof FfmpegError && error.cancelled
            ? new ProviderError('cancelled', 'The animatic render was cancelled.')
            : new ProviderError('bad_request', `The animatic could not be rendered: ${error instanceof FfmpegError ? error.reason : error instanceof Error ? error.message : String(error)}`);
        fs.rmSync(jobDir, { recursive: true, force: true });
      }
    })();
    return { remoteId };
  }

  private job(remoteId: string): RenderJob {
    const job = this.jobs.get(remoteId);
    // Renders live in memory: after a restart the id is unknown and the queue submits again.
    if (!job) throw new ProviderError('not_found', `No animatic render "${remoteId}" is running here (the app restarted?). It will be rendered again.`);
    return job;
  }

  async poll(remoteId: string): Promise<PollResult> {
    const job = this.job(remoteId);
    return { state: job.state, progress: job.progress, ...(job.error ? { error: job.error } : {}), pollAfterMs: 250 };
  }

  /** Waits for a render to finish (tests and the CLI; the queue polls instead). */
  async whenSettled(remoteId: string): Promise<PollResult> {
    await this.job(remoteId).done;
    return this.poll(remoteId);
  }

  async download(remoteId: string, destination: string): Promise<void> {
    const job = this.job(remoteId);
    if (job.state !== 'completed') {
      throw job.error ?? new ProviderError('bad_request', `The animatic render "${remoteId}" is not finished yet; poll until it completes.`);
    }
    const part = `${destination}.part`;
    await fs.promises.mkdir(path.dirname(destination), { recursive: true });
    try {
      // Same disk: a rename. Another disk (temp on its own volume): copy, then rename.
      await fs.promises.rename(job.file, part).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        await fs.promises.copyFile(job.file, part);
      });
      await fs.promises.rename(part, destination);
    } catch (error) {
      await fs.promises.rm(part, { force: true });
      throw new ProviderError('network', `Could not move the animatic to ${destination}: ${(error as Error).message}. It will be retried.`);
    }
    this.jobs.delete(remoteId);
    await fs.promises.rm(job.jobDir, { recursive: true, force: true });
  }

  async cancel(remoteId: string): Promise<void> {
    const job = this.jobs.get(remoteId);
    if (!job) return;
    job.controller.abort();
    await job.done;
    this.jobs.delete(remoteId);
  }
}
