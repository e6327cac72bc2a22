/**
 * The `google` provider: the Gemini API through the official `@google/genai` SDK (3.x), over its
 * Interactions API (`ai.interactions.*`): Gemini Omni Flash video clips, and stills from the
 * Gemini image models.
 *
 * - Clips: `interactions.create({ model, input, response_format: { type: 'video', aspect_ratio,
 *   resolution, duration: 'Ns', delivery: 'uri' }, background: true })` returns at once with
 *   the interaction id (the remote id); `interactions.get(id)` until `completed`; the clip is the
 *   last video block of the model output, fetched from its Files URI with the key.
 * - Images (first frame, last frame, references; a source video for an edit) go up with the
 *   SDK's `files.upload` and are named by URI. Their roles are declared in the prompt the way
 *   Google's Omni guide shows (`[# Sources <FIRST_FRAME>@Image1] [# References ...]`) unless the
 *   prompt already binds them.
 * - "Refine this take" is `edit`: a new interaction with `previous_interaction_id` (Google keeps
 *   the earlier one: 55 days paid, 1 day free), or, when that interaction is gone or the take was
 *   imported, the take's video uploaded as the source. `extend` continues a finished interaction
 *   with `video_config.task: 'extend'` and `duration` = the seconds to add.
 * - Stills: the image models answer the create itself (no `background`), so submit keeps the
 *   finished interaction in memory and poll/download use it. Interactions are stored by default,
 *   so after a restart `interactions.get(id)` returns the same image again.
 * - Creates are sent once: no SDK retries (`retries: none`) and no automatic continuation hops.
 *   The service takes no idempotency key and cannot list interactions, so the guard is `none`:
 *   a create that fails after it may have reached Google is reported, never resent here.
 *   Reads (get, file downloads) use the SDK's retries moderately.
 * - The key goes only to the API origin (SDK calls and file downloads); it is never logged.
 */
import path from 'node:path';
import { GoogleGenAI, type GoogleGenAIInteraction, type Interactions } from '@google/genai';
import { ProviderError, type CreateGuard, type ImageInput, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../provider';
import { SERVICE, isSafety, toProviderError } from './gemini-errors';
import { GeminiUploads, fetchGeneratedFile, readStill, withTimeout, writeClip, writeStill } from './gemini-files';
import { STILL_FRAMES, VIDEO_FRAMES, rolesOf, taskOf, withImageRoles } from './gemini-frames';

/** How to reach the Gemini API. */
export interface GeminiProviderOptions {
  /** The user's Gemini API key, passed in by the caller (never stored or logged here). */
  apiKey: string;
  /** API origin (default https://generativelanguage.googleapis.com); the SDK adds the version (`/v1`). */
  baseUrl?: string;
  /** SDK retries for reads (get, cancel); default 2. Creates are never retried here. */
  readRetries?: number;
  /** First backoff of those retries in ms (default 500; the SDK doubles it). */
  readBackoffMs?: number;
  /** Per-request timeouts in ms; defaults: submit 120 s, still (a foreground image create) 300 s, poll 60 s, download 10 min. */
  timeouts?: { submit?: number; still?: number; poll?: number; download?: number };
  /** How long an uploaded video may stay PROCESSING (default 5 min), checked every `fileCheckMs` (default 2 s). */
  fileActiveTimeoutMs?: number;
  fileCheckMs?: number;
  /** Where progress lines go (default console.info). Lines never contain the key. */
  log?: (line: string) => void;
}

type Interaction = GoogleGenAIInteraction;
// `stream: false` picks the SDK's non-streaming overload (an Interaction, not an event stream).
type CreateBody = Interactions.CreateModelInteractionParamsNonStreaming & { stream?: false };
type ContentBlock = Interactions.Content;

const DEFAULT_BASE = 'https://generativelanguage.googleapis.com';
/** Finished-at-create interactions kept for poll/download; older ones are fetched again with `get`. */
const MAX_KEPT = 32;
const VIDEO_TYPES: Record<string, string> = { '.mov': 'video/quicktime', '.webm': 'video/webm', '.mp4': 'video/mp4', '.m4v': 'video/mp4' };

export class GeminiProvider implements VideoProvider {
  readonly id = 'google';
  /** No idempotency key and no list of interactions: an ambiguous create is never resent automatically. */
  readonly createGuard: CreateGuard = 'none';
  private readonly ai: GoogleGenAI;
  private readonly apiKey: string;
  private readonly apiOrigin: string;
  private readonly readRetries: number;
  private readonly readBackoffMs: number;
  private readonly timeouts: Required<NonNullable<GeminiProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;
  private readonly uploads: GeminiUploads;
  /** Interactions that finished inside their create (stills), until downloaded. */
  private readonly finished = new Map<string, Interaction>();

  constructor(options: GeminiProviderOptions) {
    if (!options.apiKey) throw new ProviderError('auth', `No API key is set for the ${SERVICE}; add one in Settings.`);
    this.apiKey = options.apiKey;
    const baseUrl = options.baseUrl || DEFAULT_BASE;
    this.apiOrigin = new URL(baseUrl).origin;
    this.ai = new GoogleGenAI({ apiKey: options.apiKey, httpOptions: { baseUrl } });
    this.readRetries = options.readRetries ?? 2;
    this.readBackoffMs = options.readBackoffMs ?? 500;
    this.timeouts = { submit: 120_000, still: 300_000, poll: 60_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
    this.uploads = new GeminiUploads(this.ai, { activeTimeoutMs: options.fileActiveTimeoutMs ?? 300_000, checkEveryMs: options.fileCheckMs ?? 2000, log: this.log });
  }

  async submit(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult> {
    if (request.output === 'image') return this.submitStill(request, options);
    const frame = VIDEO_FRAMES[request.size];
    if (!frame) throw new ProviderError('bad_request', `Gemini Omni renders ${Object.keys(VIDEO_FRAMES).join(', ')}, not ${request.size}; pick one of those sizes.`, { sent: 'no' });
    if (!Number.isInteger(request.seconds) || request.seconds <= 0) {
      throw new ProviderError('bad_request', `Gemini Omni takes whole seconds; ${request.seconds} s is not one. Pick a duration the model offers.`, { sent: 'no' });
    }
    const roles = rolesOf(request);
    const images = await this.imageBlocks(request, options.signal);
    const task = taskOf(roles);
    const body: CreateBody = {
      model: request.model,
      input: [...images, { type: 'text', text: withImageRoles(request.prompt, roles) }],
      response_format: { type: 'video', aspect_ratio: frame.aspect_ratio, resolution: frame.resolution, duration: `${request.seconds}s`, delivery: 'uri' },
      background: true,
      ...generationConfig(request.seed, task),
    };
    return this.create(body, `starting a ${request.model} clip`, options);
  }

  async edit(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult> {
    const source = request.editOf;
    if (!source) throw new ProviderError('bad_request', 'An edit needs the take it starts from.', { sent: 'no' });
    const common = { model: request.model, response_format: { type: 'video' as const, delivery: 'uri' as const }, background: true, ...generationConfig(request.seed, 'edit') };
    // Refine through the stored interaction while Google keeps it: its images are already there,
    // so only the instruction goes. Else the take's video goes up as the source, with the references.
    if (source.remoteId && (await this.stillKept(source.remoteId, options.signal))) {
      return this.create({ ...common, previous_interaction_id: source.remoteId, input: [{ type: 'text', text: request.prompt }] }, `refining ${source.remoteId}`, options);
    }
    const roles = rolesOf({ references: request.references });
    const images = await this.imageBlocks({ references: request.references }, options.signal);
    const text: ContentBlock = { type: 'text', text: withImageRoles(request.prompt, roles) };
    const extension = path.extname(source.video).toLowerCase();
    const video = await this.uploads.upload({ path: source.video, name: `take-${source.takeId}${extension || '.mp4'}`, mime: VIDEO_TYPES[extension] ?? 'video/mp4' }, 'source video', options.signal);
    return this.create({ ...common, input: [{ type: 'video', uri: video.uri, mime_type: video.mime }, ...images, text] }, `editing take ${source.takeId}`, options);
  }

  async extend(remoteId: string, request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult> {
    if (!Number.isInteger(request.seconds) || request.seconds <= 0) {
      throw new ProviderError('bad_request', `Gemini Omni extends by whole seconds; ${request.seconds} s is not one.`, { sent: 'no' });
    }
    const body: CreateBody = {
      model: request.model,
      previous_interaction_id: remoteId,
      input: [{ type: 'text', text: request.prompt }],
      // The frame follows the clip being extended; `duration` is what is added.
      response_format: { type: 'video', duration: `${request.seconds}s`, delivery: 'uri' },
      background: true,
      ...generationConfig(request.seed, 'extend'),
    };
    return this.create(body, `extending ${remoteId}`, options, remoteId);
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const interaction = this.finished.get(remoteId) ?? (await this.fetch(remoteId, signal));
    return stateOf(interaction, this.log);
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const interaction = this.finished.get(remoteId) ?? (await this.fetch(remoteId, signal));
    const state = stateOf(interaction, () => {});
    if (state.state === 'failed') throw state.error!;
    if (state.state !== 'completed') throw new ProviderError('bad_request', `${remoteId} has not finished yet; download it once it has completed.`);
    const video = interaction.output_video;
    const image = video ? undefined : interaction.output_image;
    const block = video ?? image!;
    const what = `${video ? 'clip' : 'still'} of interaction ${remoteId}`;
    const limit = withTimeout(signal, this.timeouts.download);
    if (video) {
      const response = block.data
        ? new Response(Buffer.from(block.data, 'base64'), { headers: { 'content-length': String(Buffer.byteLength(block.data, 'base64')) } })
        : await fetchGeneratedFile(block.uri!, { apiOrigin: this.apiOrigin, apiKey: this.apiKey }, what, limit, signal);
      await writeClip(response, destination, what, limit);
    } else {
      const bytes = block.data
        ? Buffer.from(block.data, 'base64')
        : await readStill(await fetchGeneratedFile(block.uri!, { apiOrigin: this.apiOrigin, apiKey: this.apiKey }, what, limit, signal), what);
      await writeStill(bytes, destination, what);
    }
    this.finished.delete(remoteId);
    this.log(`[gemini] downloaded ${what}`);
  }

  /**
   * Cancels a running background interaction. Google cancels only those: one that has already
   * finished (400) or is gone is left alone, and the queue simply never downloads it.
   */
  async cancel(remoteId: string): Promise<void> {
    try {
      const result = await this.ai.interactions.cancel(remoteId, undefined, this.readOptions(this.timeouts.poll));
      this.log(`[gemini] cancel of ${remoteId}: ${result.status}`);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 400 || status === 404) {
        this.log(`[gemini] ${remoteId} not cancelled remotely (${status})`);
        return;
      }
      throw toProviderError(error, { doing: `cancelling ${remoteId}`, interactionId: remoteId, log: this.log });
    }
  }

  private async submitStill(request: ProviderRequest, options: SubmitOptions): Promise<SubmitResult> {
    const frame = STILL_FRAMES[request.size];
    if (!frame) throw new ProviderError('bad_request', `Gemini image models make ${Object.keys(STILL_FRAMES).join(', ')}, not ${request.size}; pick one of those sizes.`, { sent: 'no' });
    const images = await this.imageBlocks(request, options.signal);
    const body: CreateBody = {
      model: request.model,
      input: [...images, { type: 'text', text: request.prompt }],
      response_format: { type: 'image', aspect_ratio: frame.aspect_ratio, image_size: frame.image_size },
      ...(request.seed !== undefined ? { generation_config: { seed: request.seed } } : {}),
    };
    return this.create(body, `making a ${request.model} still`, options, undefined, true);
  }

  /** Sends one create: no SDK retries, no continuation hops (a hop would be a second, billed create). */
  private async create(body: CreateBody, doing: string, { signal }: SubmitOptions, interactionId?: string, foreground = false): Promise<SubmitResult> {
    const limit = withTimeout(signal, foreground ? this.timeouts.still : this.timeouts.submit);
    let interaction: Interaction;
    try {
      interaction = await this.ai.interactions.create(
        { ...body, ...(foreground ? { automatic_continuation: false } : {}) },
        { retries: { strategy: 'none' }, signal: limit },
      );
    } catch (error) {
      throw toProviderError(error, { doing, signal, interactionId, log: this.log });
    }
    if (!interaction.id) throw new ProviderError('server', `The ${SERVICE} accepted the request but returned no interaction id; check the project's usage before trying again.`);
    if (interaction.status !== 'in_progress' && interaction.status !== 'queued') {
      this.finished.set(interaction.id, interaction);
      // Stills never downloaded (a cancelled job) must not pile up: Google still has them.
      for (const old of this.finished.keys()) if (this.finished.size > MAX_KEPT) this.finished.delete(old);
    }
    this.log(`[gemini] started ${interaction.id} (${body.model}, ${interaction.status})`);
    return { remoteId: interaction.id };
  }

  private async fetch(remoteId: string, signal?: AbortSignal): Promise<Interaction> {
    try {
      return await this.ai.interactions.get(remoteId, undefined, { ...this.readOptions(this.timeouts.poll, signal) });
    } catch (error) {
      throw toProviderError(error, { doing: `checking ${remoteId}`, signal, interactionId: remoteId, log: this.log });
    }
  }

  /** Whether Google still keeps a finished interaction to refine (a read: free, and safe to ask). */
  private async stillKept(remoteId: string, signal?: AbortSignal): Promise<boolean> {
    try {
      const interaction = await this.fetch(remoteId, signal);
      return interaction.status === 'completed' && Boolean(interaction.output_video);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return false;
      throw toProviderError(error, { doing: `checking ${remoteId}`, signal, beforeCreate: true });
    }
  }

  private readOptions(timeoutMs: number, signal?: AbortSignal) {
    return {
      retries: { strategy: 'attempt-count-backoff' as const, maxRetries: this.readRetries, retryConnectionErrors: true, backoff: { initialInterval: this.readBackoffMs, maxInterval: 8000, exponent: 2, maxElapsedTime: 30_000 } },
      // An explicit signal disables the SDK's own timeout, so the deadline rides on the signal.
      signal: withTimeout(signal, timeoutMs),
    };
  }

  /** First frame, last frame and references as Files API blocks, in that order (the order `withImageRoles` names). */
  private async imageBlocks(request: Pick<ProviderRequest, 'firstFrame' | 'lastFrame' | 'references'>, signal?: AbortSignal): Promise<ContentBlock[]> {
    const inputs: [ImageInput, string][] = [
      ...(request.firstFrame ? [[request.firstFrame, 'first frame'] as [ImageInput, string]] : []),
      ...(request.lastFrame ? [[request.lastFrame, 'last frame'] as [ImageInput, string]] : []),
      ...(request.references ?? []).map((ref, i) => [ref, `reference image ${i + 1}`] as [ImageInput, string]),
    ];
    const blocks: ContentBlock[] = [];
    for (const [image, role] of inputs) {
      const file = await this.uploads.upload(image, role, signal);
      blocks.push({ type: 'image', uri: file.uri, mime_type: file.mime });
    }
    return blocks;
  }
}

function generationConfig(seed: number | undefined, task: string | undefined): Pick<CreateBody, 'generation_config'> {
  if (seed === undefined && task === undefined) return {};
  return { generation_config: { ...(seed !== undefined ? { seed } : {}), ...(task ? { video_config: { task } } : {}) } };
}

/** Output tokens of one modality, from `usage.output_tokens_by_modality`. */
function tokensOf(interaction: Interaction, modality: string): number {
  return interaction.usage?.output_tokens_by_modality?.find((m) => m.modality?.toLowerCase() === modality)?.tokens ?? 0;
}

/** An interaction's state in the queue's terms; a finished one without output is a failure in Google's words. */
function stateOf(interaction: Interaction, log: (line: string) => void): PollResult {
  const id = interaction.id;
  switch (interaction.status) {
    case 'queued':
      return { state: 'queued', progress: 0 };
    case 'in_progress':
      // The Interactions API reports no progress figure.
      return { state: 'running', progress: 0 };
    case 'completed': {
      const output = interaction.output_video ?? interaction.output_image;
      if (output?.uri || output?.data) return { state: 'completed', progress: 1 };
      return failed(id, noOutputError(interaction), log);
    }
    case 'failed':
      return failed(id, failedError(interaction), log);
    case 'cancelled':
      return failed(id, new ProviderError('cancelled', `Interaction ${id} was cancelled.`), log);
    case 'budget_exceeded':
      return failed(id, new ProviderError('auth', `Google stopped interaction ${id}: the project's spending limit is reached; raise it in Google AI Studio, then generate again.`, { code: 'budget_exceeded' }), log);
    case 'incomplete':
      return failed(id, new ProviderError('server', `Google ended interaction ${id} incomplete, without a finished result; generate the shot again.`, { code: 'incomplete' }), log);
    case 'requires_action':
    case 'requires_continuation':
      return failed(id, new ProviderError('bad_request', `Google stopped interaction ${id} asking for ${interaction.status.replace('_', ' ')}, which a media model should never do; generate the shot again.`, { code: interaction.status }), log);
    default:
      // A state this build does not know: keep polling; the queue's deadline bounds it.
      return { state: 'running', progress: 0, serviceState: interaction.status };
  }
}

function failed(id: string, error: ProviderError, log: (line: string) => void): PollResult {
  log(`[gemini] ${id} failed: ${error.kind}${error.details.code ? ` (${error.details.code})` : ''}`);
  return { state: 'failed', progress: 1, error };
}

/** `completed` without a clip or image: a refusal told in text, or nothing at all. */
function noOutputError(interaction: Interaction): ProviderError {
  const text = interaction.output_text?.trim();
  if (tokensOf(interaction, 'video') > 0 || tokensOf(interaction, 'image') > 0) {
    return new ProviderError('server', `Google reports it made the output of ${interaction.id} but sent none back; generate the shot again.`, { code: 'no_output' });
  }
  if (text) {
    return new ProviderError('refusal', `Google did not make this shot: "${text}" Change the prompt or images; it will not be retried.`, { code: 'no_output' });
  }
  return new ProviderError(
    'refusal',
    `Google finished ${interaction.id} without output and gave no reason. If this was an edit, Google offers video editing nowhere in the EEA, Switzerland, the UK and some US states; otherwise change the prompt. It will not be retried.`,
    { code: 'no_output' },
  );
}

/** `failed`: the interaction's own errors (`errors[]`, or an `error` object some responses carry). */
function failedError(interaction: Interaction): ProviderError {
  const raw = interaction as Interaction & { error?: { code?: string | number; message?: string; status?: string } };
  const first = interaction.errors?.[0] ?? raw.error;
  const message = first?.message ?? 'Google gave no reason';
  const code = first?.code !== undefined ? String(first.code) : 'failed';
  if (isSafety(first) || isSafety({ message: interaction.output_text })) {
    return new ProviderError('refusal', `Google refused this shot: ${message} Change the prompt or images; it will not be retried.`, { code });
  }
  return new ProviderError('server', `Google failed to make interaction ${interaction.id} (${code}): ${message}`, { code });
}
