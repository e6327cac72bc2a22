/**
 * A local server for fal.ai's queue and storage, written from fal's documented REST contract
 * (docs.fal.ai "Queue API", "Model Errors", "Request Errors", the models' API pages) and from
 * the paths `@fal-ai/client` 1.10.1 builds (src/queue.ts, src/storage.ts, src/request.ts),
 * not from our adapter. The client's hosts (`queue.fal.run`, `rest.fal.ai`) are all served here
 * at the root, so a client whose request middleware swaps those origins for `baseUrl` talks to
 * this server unchanged:
 *
 *   POST /{endpoint id, with its sub-path}                 submit: JSON input -> {request_id, status:'IN_QUEUE', queue_position, response_url, status_url, cancel_url}
 *   GET  /{owner}/{alias}/requests/{id}/status?logs=0|1    IN_QUEUE (queue_position) -> IN_PROGRESS (logs) -> COMPLETED (logs, metrics)
 *   GET  /{owner}/{alias}/requests/{id}                    the result: the model's output, or its error with the error's status
 *   PUT  /{owner}/{alias}/requests/{id}/cancel             202 CANCELLATION_REQUESTED, or 400 ALREADY_COMPLETED
 *   POST /storage/upload/initiate?storage_type=fal-cdn-v3  {content_type, file_name} -> {upload_url, file_url}
 *   PUT  /upload/{token}                                   the bytes (no key: the URL is the credential)
 *   GET  /files/{token}/{name}, /media/{id}/{name}         uploaded inputs and finished outputs (CDN; no key)
 *
 * As fal does: status, result and cancel use only `{owner}/{alias}` (the sub-path is dropped);
 * the key is `Authorization: Key <key>`; a failed request still reaches COMPLETED and its
 * result answers with the error (422 `detail: [{loc, msg, type}]` for a refused or invalid
 * input, a request error `{detail, error_type}` with `X-Fal-Error-Type` for a cancelled one);
 * every queue answer carries `x-fal-request-id`, and a result `x-fal-billable-units`.
 *
 * Inputs are checked against each endpoint's documented fields (from the client's generated
 * types): a missing required field, a value outside its enum or range, or an unknown field is a
 * 422 (stricter than fal may be about unknown fields, on purpose: a misspelt field must fail a
 * test). Image fields must be URLs of files uploaded here. Outputs are real MP4s (or PNGs) at
 * the size and length the input asks for.
 *
 * Tests: `const server = await startFalContractServer({ renderMs: 200 })`, rewrite the client's
 * hosts to `server.baseUrl`, arm faults with `server.setFault(...)`, read `server.requests` and
 * `server.jobs`, `await server.close()`. Manual runs:
 * `npx tsx test/contract-servers/fal-server.ts --port 0 --render-ms 3000 --key k`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { contractClip } from './contract-clip';
import {
  FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, renderFraction, sendBytes, sendJson,
  type Fault, type RecordedImage, type RecordedRequest, type RenderTiming,
} from './contract-kit';

/** Options for the fal contract server. */
export interface FalContractServerOptions extends RenderTiming {
  /** The only key accepted (default `test-fal-key`). */
  apiKey?: string;
  /** Endpoint ids that answer 404 as a removed app does (default: Kling v1 standard text-to-video). */
  retiredEndpoints?: string[];
  /** Frame rate of the MP4s served (default 12). */
  clipFps?: number;
  port?: number;
}

/** Routes a `status` fault can target. */
export type FalRoute = 'submit' | 'status' | 'result' | 'cancel' | 'initiate' | 'upload' | 'media';

/** Faults only this server knows. */
export type FalFault =
  /**
   * The next submit creates (and bills) the request, then resets the connection, answers 500
   * without the request id, or never answers (`hang`, until the client gives up).
   */
  | { kind: 'billed-then-drop'; how: 'reset' | 'status500' | 'hang'; times?: number };

/** One request the queue accepted: every one of these is billed once it runs. */
export interface FalJob {
  id: string;
  /** The endpoint it was submitted to, sub-path included. */
  endpoint: string;
  input: Record<string, unknown>;
  createdAt: number;
  width: number;
  height: number;
  seconds: number;
  output: 'video' | 'image';
  refusal?: { type: string; message: string };
  cancelled: boolean;
}

/** A running contract server. */
export interface FalContractServer {
  /** Origin that stands in for queue.fal.run and rest.fal.ai (e.g. `http://127.0.0.1:41234`). */
  baseUrl: string;
  apiKey: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Every request the queue accepted, by request id. */
  jobs: Map<string, FalJob>;
  /** Arms a fault (see `Fault`); `status` faults take a `FalRoute` or `*`. */
  setFault(fault: (Fault & { route?: FalRoute | '*' }) | FalFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'detail' in body ? JSON.stringify((body as { detail: unknown }).detail) : String(body));
  }
}

/** A pydantic-style validation error, as fal's model errors are written. */
const invalid = (field: string | null, msg: string, type: string, ctx?: Record<string, unknown>) =>
  new HttpFailure(422, { detail: [{ loc: field ? ['body', field] : ['body'], msg, type, url: `https://docs.fal.ai/errors#${type}`, ...(ctx ? { ctx } : {}) }] });

// ---- The endpoints served: their documented input fields and what they output ----

type FieldSpec =
  | { t: 'text'; req?: boolean }
  | { t: 'bool' }
  | { t: 'num'; min?: number; max?: number; int?: boolean; req?: boolean }
  | { t: 'enum'; values: readonly (string | number)[] }
  | { t: 'url'; req?: boolean }
  | { t: 'urls'; req?: boolean; max?: number }
  | { t: 'size' }
  | { t: 'any' };

interface Frame {
  width: number;
  height: number;
}

interface EndpointSpec {
  output: 'video' | 'image';
  fields: Record<string, FieldSpec>;
  /** The clip length the input asks for (video endpoints). */
  seconds?: (input: Record<string, unknown>) => number;
  /** The output size the input asks for; `first` is the first image input, when there is one. */
  frame: (input: Record<string, unknown>, first: Frame | undefined) => Frame;
}

const RESOLUTION_SHORT_SIDE: Record<string, number> = { '480p': 480, '720p': 720, '1080p': 1080, '1440p': 1440, '2160p': 2160, '4k': 2160 };

function even(n: number): number {
  return Math.round(n / 2) * 2;
}

/** WxH for an aspect ratio (`16:9`) and the short side; `auto`/`adaptive` follow the first image. */
function frameOf(aspect: string, shortSide: number, first: Frame | undefined): Frame {
  let [w, h] = aspect.split(':').map(Number) as [number, number];
  if (!Number.isFinite(w) || !Number.isFinite(h)) [w, h] = first ? [first.width, first.height] : [16, 9];
  return w >= h ? { width: even((shortSide * w) / h), height: shortSide } : { width: shortSide, height: even((shortSide * h) / w) };
}

const text = (req = false): FieldSpec => ({ t: 'text', req });
const bool: FieldSpec = { t: 'bool' };
const any: FieldSpec = { t: 'any' };
const enumOf = (...values: (string | number)[]): FieldSpec => ({ t: 'enum', values });
const url = (req = false): FieldSpec => ({ t: 'url', req });
const urls = (req = false, max?: number): FieldSpec => ({ t: 'urls', req, ...(max ? { max } : {}) });
const num = (min?: number, max?: number, int = false): FieldSpec => ({ t: 'num', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), int });
const str = (v: unknown, fallback: string) => (v === undefined ? fallback : String(v));
const seconds1to = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

/** Veo 3.1 on fal (`fal-ai/veo3.1` and its sub-paths; `/fast` the same fields). */
function veo(kind: 'text' | 'image' | 'first-last' | 'reference'): EndpointSpec {
  const fields: Record<string, FieldSpec> = {
    prompt: text(true),
    aspect_ratio: kind === 'image' || kind === 'first-last' ? enumOf('auto', '16:9', '9:16') : enumOf('16:9', '9:16'),
    duration: enumOf('4s', '6s', '8s'),
    resolution: enumOf('720p', '1080p', '4k'),
    generate_audio: bool,
    auto_fix: bool,
    safety_tolerance: enumOf('1', '2', '3', '4', '5', '6'),
  };
  if (kind !== 'reference') Object.assign(fields, { negative_prompt: text(), seed: num(undefined, undefined, true) });
  if (kind === 'image') fields.image_url = url(true);
  if (kind === 'first-last') Object.assign(fields, { first_frame_url: url(true), last_frame_url: url(true) });
  if (kind === 'reference') fields.image_urls = urls(true, 3);
  const defaultAspect = kind === 'image' || kind === 'first-last' ? 'auto' : '16:9';
  return {
    output: 'video',
    fields,
    seconds: (i) => parseInt(str(i.duration, '8s'), 10),
    frame: (i, first) => frameOf(str(i.aspect_ratio, defaultAspect), RESOLUTION_SHORT_SIDE[str(i.resolution, '720p')]!, first),
  };
}

/** Gemini Omni Flash on fal: 720p, 3-10 s. */
function omni(kind: 'text' | 'image' | 'reference'): EndpointSpec {
  const fields: Record<string, FieldSpec> = { prompt: text(true), aspect_ratio: enumOf('16:9', '9:16'), duration: num(3, 10, true) };
  if (kind === 'image') fields.image_url = url(true);
  if (kind === 'reference') fields.image_urls = urls(true);
  return { output: 'video', fields, seconds: (i) => Number(i.duration ?? 8), frame: (i) => frameOf(str(i.aspect_ratio, '16:9'), 720, undefined) };
}

/** Kling 3.0 (pro renders 1080p, standard 720p); image-to-video follows the start image. */
function kling(kind: 'text' | 'image', shortSide: number): EndpointSpec {
  const fields: Record<string, FieldSpec> = {
    prompt: text(),
    duration: enumOf(...seconds1to(15).slice(2)),
    generate_audio: bool,
    negative_prompt: text(),
    cfg_scale: num(0, 1),
    multi_prompt: any,
    shot_type: enumOf('customize', 'intelligent'),
  };
  if (kind === 'text') fields.aspect_ratio = enumOf('16:9', '9:16', '1:1');
  if (kind === 'image') Object.assign(fields, { start_image_url: url(true), end_image_url: url(), elements: any });
  return {
    output: 'video',
    fields,
    seconds: (i) => Number(str(i.duration, '5')),
    frame: (i, first) => frameOf(kind === 'text' ? str(i.aspect_ratio, '16:9') : 'auto', shortSide, first),
  };
}

/** Seedance 2.0: 4-15 s or auto, 480p to 4k, references on their own endpoint. */
function seedance(kind: 'text' | 'image' | 'reference'): EndpointSpec {
  const fields: Record<string, FieldSpec> = {
    prompt: text(true),
    aspect_ratio: enumOf('auto', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'),
    bitrate_mode: enumOf('standard', 'high'),
    duration: enumOf('auto', ...seconds1to(15).slice(3)),
    end_user_id: text(),
    generate_audio: bool,
    resolution: enumOf('480p', '720p', '1080p', '4k'),
  };
  if (kind === 'image') Object.assign(fields, { image_url: url(true), end_image_url: url() });
  if (kind === 'reference') Object.assign(fields, { image_urls: urls(false, 9), video_urls: urls(false, 3), audio_urls: urls(false, 3) });
  return {
    output: 'video',
    fields,
    seconds: (i) => (i.duration === undefined || i.duration === 'auto' ? 5 : Number(i.duration)),
    frame: (i, first) => frameOf(str(i.aspect_ratio, 'auto'), RESOLUTION_SHORT_SIDE[str(i.resolution, '720p')]!, first),
  };
}

/** Wan 2.7: 2-15 s (references 2-10 s), 720p or 1080p; image-to-video follows the image. */
function wan(kind: 'text' | 'image' | 'reference'): EndpointSpec {
  const fields: Record<string, FieldSpec> = {
    prompt: text(kind !== 'image'),
    duration: num(2, kind === 'reference' ? 10 : 15, true),
    enable_safety_checker: bool,
    negative_prompt: text(),
    resolution: enumOf('720p', '1080p'),
    seed: num(undefined, undefined, true),
  };
  if (kind !== 'reference') Object.assign(fields, { enable_prompt_expansion: bool, audio_url: url() });
  if (kind !== 'image') fields.aspect_ratio = enumOf('16:9', '9:16', '1:1', '4:3', '3:4');
  if (kind === 'image') Object.assign(fields, { image_url: url(), end_image_url: url(), video_url: url() });
  if (kind === 'reference') Object.assign(fields, { reference_image_urls: urls(), reference_video_urls: urls(), multi_shots: bool });
  return {
    output: 'video',
    fields,
    seconds: (i) => Number(i.duration ?? 5),
    frame: (i, first) => frameOf(kind === 'image' ? 'auto' : str(i.aspect_ratio, '16:9'), RESOLUTION_SHORT_SIDE[str(i.resolution, '1080p')]!, first),
  };
}

/** LTX-2.3 (the hosted Pro endpoints): 6/8/10 s at 1080p-2160p. */
function ltxPro(kind: 'text' | 'image'): EndpointSpec {
  const fields: Record<string, FieldSpec> = {
    prompt: text(true),
    aspect_ratio: kind === 'image' ? enumOf('auto', '16:9', '9:16') : enumOf('16:9', '9:16'),
    duration: enumOf(6, 8, 10),
    fps: enumOf(24, 25, 48, 50),
    generate_audio: bool,
    resolution: enumOf('1080p', '1440p', '2160p'),
  };
  if (kind === 'image') Object.assign(fields, { image_url: url(true), end_image_url: url() });
  return {
    output: 'video',
    fields,
    seconds: (i) => Number(i.duration ?? 6),
    frame: (i, first) => frameOf(str(i.aspect_ratio, kind === 'image' ? 'auto' : '16:9'), RESOLUTION_SHORT_SIDE[str(i.resolution, '1080p')]!, first),
  };
}

/** LTX-2.3 22B: frame counts (9-481) at a frame rate, any size as {width, height}. */
function ltx22b(kind: 'text' | 'image'): EndpointSpec {
  const tuning = [
    'acceleration', 'audio_cfg_scale', 'audio_modality_scale', 'audio_rescaling_scale', 'audio_stg_scale', 'camera_lora', 'camera_lora_scale',
    'distill_lora_first_pass_scale', 'distill_lora_second_pass_scale', 'gradient_estimation_gamma', 'num_inference_steps', 'scheduler', 'sync_mode',
    'use_multiscale', 'use_restart_sampling', 'video_cfg_scale', 'video_modality_scale', 'video_output_type', 'video_quality', 'video_rescaling_scale',
    'video_stg_scale', 'video_write_mode',
  ];
  const fields: Record<string, FieldSpec> = {
    prompt: text(true),
    num_frames: num(9, 481, true),
    fps: num(1, 60),
    video_size: { t: 'size' },
    generate_audio: bool,
    negative_prompt: text(),
    seed: num(undefined, undefined, true),
    enable_prompt_expansion: bool,
    enable_safety_checker: bool,
    ...Object.fromEntries(tuning.map((k) => [k, any])),
  };
  if (kind === 'image') Object.assign(fields, { image_url: url(true), end_image_url: url(), image_strength: any, end_image_strength: any, interpolation_direction: any });
  return {
    output: 'video',
    fields,
    seconds: (i) => (Number(i.num_frames ?? 121) - 1) / Number(i.fps ?? 24),
    frame: (i, first) => {
      const size = i.video_size as Frame | string | undefined;
      if (size && typeof size === 'object') return { width: size.width, height: size.height };
      return size === undefined && kind === 'image' && first ? first : frameOf('16:9', 720, undefined);
    },
  };
}

/** MiniMax Hailuo 2.3 Pro: 1080p, 6 s, no size or length fields. */
function hailuo(kind: 'text' | 'image'): EndpointSpec {
  const fields: Record<string, FieldSpec> = { prompt: text(true), prompt_optimizer: bool };
  if (kind === 'image') fields.image_url = url(true);
  return { output: 'video', fields, seconds: () => 6, frame: (_i, first) => frameOf(kind === 'image' ? 'auto' : '16:9', 1080, first) };
}

/** Text-to-image endpoints sized by `image_size` ({width, height} or a preset). */
function still(extra: Record<string, FieldSpec>, defaultFrame: Frame, minPixels = 0): EndpointSpec {
  return {
    output: 'image',
    fields: { prompt: text(true), image_size: { t: 'size' }, num_images: num(1, 6, true), seed: num(undefined, undefined, true), sync_mode: bool, enable_safety_checker: bool, ...extra },
    frame: (i) => {
      const size = i.image_size as Frame | string | undefined;
      const frame = size && typeof size === 'object' ? { width: size.width, height: size.height } : defaultFrame;
      if (frame.width * frame.height < minPixels) {
        throw invalid('image_size', `The total number of pixels must be at least ${minPixels}.`, 'value_error', { min_pixels: minPixels });
      }
      return frame;
    },
  };
}

const ENDPOINTS: Record<string, EndpointSpec> = {
  'fal-ai/veo3.1': veo('text'),
  'fal-ai/veo3.1/image-to-video': veo('image'),
  'fal-ai/veo3.1/first-last-frame-to-video': veo('first-last'),
  'fal-ai/veo3.1/reference-to-video': veo('reference'),
  'fal-ai/veo3.1/fast': veo('text'),
  'fal-ai/veo3.1/fast/image-to-video': veo('image'),
  'fal-ai/veo3.1/fast/first-last-frame-to-video': veo('first-last'),
  'google/gemini-omni-flash': omni('text'),
  'google/gemini-omni-flash/image-to-video': omni('image'),
  'google/gemini-omni-flash/reference-to-video': omni('reference'),
  'fal-ai/kling-video/v3/pro/text-to-video': kling('text', 1080),
  'fal-ai/kling-video/v3/pro/image-to-video': kling('image', 1080),
  'fal-ai/kling-video/v3/standard/text-to-video': kling('text', 720),
  'fal-ai/kling-video/v3/standard/image-to-video': kling('image', 720),
  'bytedance/seedance-2.0/text-to-video': seedance('text'),
  'bytedance/seedance-2.0/image-to-video': seedance('image'),
  'bytedance/seedance-2.0/reference-to-video': seedance('reference'),
  'fal-ai/wan/v2.7/text-to-video': wan('text'),
  'fal-ai/wan/v2.7/image-to-video': wan('image'),
  'fal-ai/wan/v2.7/reference-to-video': wan('reference'),
  'fal-ai/ltx-2.3/text-to-video': ltxPro('text'),
  'fal-ai/ltx-2.3/image-to-video': ltxPro('image'),
  'fal-ai/ltx-2.3-22b/text-to-video': ltx22b('text'),
  'fal-ai/ltx-2.3-22b/image-to-video': ltx22b('image'),
  'fal-ai/minimax/hailuo-2.3/pro/text-to-video': hailuo('text'),
  'fal-ai/minimax/hailuo-2.3/pro/image-to-video': hailuo('image'),
  'fal-ai/flux/dev': still(
    { output_format: enumOf('jpeg', 'png'), guidance_scale: num(1, 20), num_inference_steps: num(1, 50, true), acceleration: enumOf('none', 'regular', 'high') },
    { width: 1024, height: 768 },
  ),
  'fal-ai/bytedance/seedream/v4.5/text-to-image': still({ max_images: num(1, 6, true) }, { width: 2048, height: 2048 }, 2560 * 1440),
};

const NAMESPACES = new Set(['workflows', 'comfy']);

/** `{owner}/{alias}` of an endpoint id, as the client reduces it for status, result and cancel. */
function appOf(endpoint: string): string {
  const parts = endpoint.split('/');
  return (NAMESPACES.has(parts[0] ?? '') ? parts.slice(0, 3) : parts.slice(0, 2)).join('/');
}

export async function startFalContractServer(options: FalContractServerOptions = {}): Promise<FalContractServer> {
  const apiKey = options.apiKey ?? 'test-fal-key';
  const retired = new Set(options.retiredEndpoints ?? ['fal-ai/kling-video/v1/standard/text-to-video']);
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const faults = new FaultBook();
  const drops: { how: 'reset' | 'status500' | 'hang'; left: number }[] = [];
  const requests: RecordedRequest[] = [];
  const jobs = new Map<string, FalJob>();
  const uploads = new Map<string, { name: string; type: string; bytes: Buffer | null }>();
  let base = '';

  function stateOf(job: FalJob): { status: 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED'; fraction: number } {
    if (job.cancelled) return { status: 'COMPLETED', fraction: 1 };
    const fraction = renderFraction(job.createdAt, timing);
    return { status: fraction >= 1 ? 'COMPLETED' : fraction === 0 ? 'IN_QUEUE' : 'IN_PROGRESS', fraction };
  }

  function urlsOf(job: FalJob) {
    const root = `${base}/${appOf(job.endpoint)}/requests/${job.id}`;
    return { response_url: root, status_url: `${root}/status`, cancel_url: `${root}/cancel` };
  }

  /** Requests accepted before this one that are still waiting. */
  function queuePosition(job: FalJob): number {
    return [...jobs.values()].filter((j) => j.createdAt < job.createdAt && stateOf(j).status === 'IN_QUEUE').length;
  }

  function statusObject(job: FalJob, withLogs: boolean) {
    const { status, fraction } = stateOf(job);
    const common = { status, request_id: job.id, ...urlsOf(job) };
    if (status === 'IN_QUEUE') return { ...common, queue_position: queuePosition(job) };
    const logs = withLogs
      ? [{ message: `Rendering ${Math.round(fraction * 100)}%`, level: 'INFO', source: 'USER', timestamp: new Date().toISOString() }]
      : [];
    if (status === 'IN_PROGRESS') return { ...common, logs };
    return { ...common, logs, metrics: { inference_time: (timing.renderMs ?? 0) / 1000 } };
  }

  /** The stored file behind a URL this server handed out, or undefined. */
  function uploadOf(value: unknown) {
    if (typeof value !== 'string' || !value.startsWith(`${base}/files/`)) return undefined;
    const token = value.slice(`${base}/files/`.length).split('/')[0] ?? '';
    const file = uploads.get(token);
    return file?.bytes ? file : undefined;
  }

  async function checkInput(spec: EndpointSpec, input: Record<string, unknown>, record: RecordedRequest): Promise<Frame | undefined> {
    const images: RecordedImage[] = [];
    let first: Frame | undefined;
    for (const key of Object.keys(input)) {
      if (!(key in spec.fields)) throw invalid(key, 'Extra inputs are not permitted', 'extra_forbidden');
    }
    for (const [key, field] of Object.entries(spec.fields)) {
      const value = input[key];
      if (value === undefined || value === null) {
        if ('req' in field && field.req) throw invalid(key, 'Field required', 'missing');
        continue;
      }
      switch (field.t) {
        case 'text':
          if (typeof value !== 'string') throw invalid(key, 'Input should be a valid string', 'string_type');
          break;
        case 'bool':
          if (typeof value !== 'boolean') throw invalid(key, 'Input should be a valid boolean', 'bool_type');
          break;
        case 'num':
          if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(key, 'Input should be a valid number', 'float_type');
          if (field.int && !Number.isInteger(value)) throw invalid(key, 'Input should be a valid integer', 'int_from_float');
          if (field.min !== undefined && value < field.min) throw invalid(key, `Input should be greater than or equal to ${field.min}`, 'greater_than_equal', { ge: field.min });
          if (field.max !== undefined && value > field.max) throw invalid(key, `Input should be less than or equal to ${field.max}`, 'less_than_equal', { le: field.max });
          break;
        case 'enum':
          if (!field.values.includes(value as string | number)) {
            throw invalid(key, `Input should be ${field.values.map((v) => JSON.stringify(v)).join(', ')}`, 'literal_error', { expected: field.values.join(', ') });
          }
          break;
        case 'size': {
          const size = value as { width?: unknown; height?: unknown };
          if (typeof value === 'string') break;
          if (typeof size !== 'object' || !Number.isInteger(size.width) || !Number.isInteger(size.height)) {
            throw invalid(key, 'Input should be a valid dictionary with integer width and height', 'model_type');
          }
          break;
        }
        case 'url':
        case 'urls': {
          const list = field.t === 'url' ? [value] : value;
          if (!Array.isArray(list)) throw invalid(key, 'Input should be a valid list', 'list_type');
          if (field.t === 'urls' && field.req && list.length === 0) throw invalid(key, 'List should have at least 1 item after validation', 'too_short');
          if (field.t === 'urls' && field.max !== undefined && list.length > field.max) {
            throw invalid(key, `List should have at most ${field.max} items after validation`, 'too_long', { max_length: field.max });
          }
          for (const [i, item] of list.entries()) {
            const file = uploadOf(item);
            if (!file?.bytes) throw invalid(key, `Could not download the file at ${String(item).slice(0, 80)}`, 'file_download_error');
            const info = await imageInfo(file.bytes);
            if (!info) throw invalid(key, 'The file is not a supported image.', 'image_load_error');
            images.push({ field: field.t === 'url' ? key : `${key}[${i}]`, filename: file.name, type: file.type, bytes: file.bytes.length, ...info });
            first ??= { width: info.width, height: info.height };
          }
          break;
        }
        case 'any':
          break;
      }
    }
    record.images = images;
    return first;
  }

  async function submit(endpoint: string, body: Buffer, record: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (retired.has(endpoint) || !ENDPOINTS[endpoint]) throw new HttpFailure(404, { detail: `Application '${endpoint}' not found.` });
    const spec = ENDPOINTS[endpoint];
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || 'null');
    } catch {
      throw new HttpFailure(422, { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] });
    }
    record.json = input;
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw invalid(null, 'Input should be a valid dictionary', 'model_type');
    const fields = input as Record<string, unknown>;
    const first = await checkInput(spec, fields, record);
    const frame = spec.frame(fields, first);
    const refusal = faults.has('refusal');
    const job: FalJob = {
      id: crypto.randomUUID(),
      endpoint,
      input: fields,
      createdAt: Date.now(),
      ...frame,
      seconds: spec.seconds ? spec.seconds(fields) : 0,
      output: spec.output,
      cancelled: false,
      ...(refusal?.kind === 'refusal'
        ? { refusal: { type: refusal.code ?? 'content_policy_violation', message: refusal.message ?? 'The content could not be processed because it contained material flagged by a content checker.' } }
        : {}),
    };
    jobs.set(job.id, job);
    const drop = drops.find((d) => d.left > 0);
    if (drop) {
      drop.left -= 1;
      if (drop.how === 'reset') {
        res.socket?.destroy();
        return;
      }
      if (drop.how === 'hang') return;
      throw new HttpFailure(500, { detail: 'Internal Server Error' });
    }
    sendJson(res, 200, { request_id: job.id, status: 'IN_QUEUE', queue_position: queuePosition(job), ...urlsOf(job) }, { 'x-fal-request-id': job.id });
  }

  async function result(job: FalJob, res: http.ServerResponse): Promise<void> {
    const ids = { 'x-fal-request-id': job.id };
    const { status } = stateOf(job);
    if (status !== 'COMPLETED') throw new HttpFailure(400, { detail: 'Request is still in progress' }, ids);
    if (job.cancelled) {
      throw new HttpFailure(499, { detail: 'The request was cancelled by the client.', error_type: 'client_cancelled' }, { ...ids, 'x-fal-error-type': 'client_cancelled' });
    }
    if (job.refusal) {
      throw new HttpFailure(422, { detail: [{ loc: ['body', 'prompt'], msg: job.refusal.message, type: job.refusal.type, url: `https://docs.fal.ai/errors#${job.refusal.type}` }] }, ids);
    }
    const media = `${base}/media/${job.id}`;
    if (job.output === 'image') {
      const file = { url: `${media}/image.png`, width: job.width, height: job.height, content_type: 'image/png' };
      return sendJson(res, 200, { images: [file], seed: 42, has_nsfw_concepts: [false], prompt: job.input.prompt, timings: {} }, { ...ids, 'x-fal-billable-units': '1' });
    }
    const clip = await fs.stat(await clipOf(job));
    const video = { url: `${media}/output.mp4`, content_type: 'video/mp4', file_name: 'output.mp4', file_size: clip.size };
    sendJson(res, 200, { video, seed: 42 }, { ...ids, 'x-fal-billable-units': String(job.seconds) });
  }

  function clipOf(job: FalJob): Promise<string> {
    return contractClip({ width: job.width, height: job.height, seconds: job.seconds, ...(options.clipFps ? { fps: options.clipFps } : {}) });
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    // The CDN side: no key, the URL is the credential.
    if (method === 'PUT' && parts[0] === 'upload' && parts.length === 2) {
      statusFault('upload');
      const file = uploads.get(parts[1]!);
      if (!file) throw new HttpFailure(404, { detail: 'Upload URL not found or expired.' });
      file.bytes = body;
      file.type = req.headers['content-type'] ?? file.type;
      const info = await imageInfo(body);
      record.images = [{ field: 'upload', filename: file.name, type: file.type, bytes: body.length, ...info }];
      return sendJson(res, 200, {});
    }
    if (method === 'GET' && parts[0] === 'files' && parts.length === 3) {
      const file = uploads.get(parts[1]!);
      if (!file?.bytes) throw new HttpFailure(404, { detail: 'File not found.' });
      return sendBytes(res, file.bytes, file.type, false);
    }
    if (method === 'GET' && parts[0] === 'media' && parts.length === 3) {
      statusFault('media');
      const job = jobs.get(parts[1]!);
      if (!job || faults.has('expired')) throw new HttpFailure(404, { detail: 'File not found or expired.' });
      const data = job.output === 'image'
        ? await sharp({ create: { width: job.width, height: job.height, channels: 3, background: '#446688' } }).png().toBuffer()
        : await fs.readFile(await clipOf(job));
      return sendBytes(res, data, job.output === 'image' ? 'image/png' : 'video/mp4', faults.take('cut-download') !== undefined);
    }

    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Key ')) throw new HttpFailure(401, { detail: 'Authentication is required to perform this action.' });
    if (auth !== `Key ${apiKey}`) throw new HttpFailure(401, { detail: 'No user found for Key ID and Secret' });

    if (method === 'POST' && url.pathname === '/storage/upload/initiate') {
      statusFault('initiate');
      if (url.searchParams.get('storage_type') !== 'fal-cdn-v3') throw invalid('storage_type', "Input should be 'fal-cdn-v3'", 'literal_error');
      const ask = JSON.parse(body.toString('utf8') || '{}') as { content_type?: unknown; file_name?: unknown };
      record.json = ask;
      if (typeof ask.content_type !== 'string' || typeof ask.file_name !== 'string') throw invalid(null, 'content_type and file_name are required', 'missing');
      const token = crypto.randomBytes(9).toString('hex');
      uploads.set(token, { name: ask.file_name, type: ask.content_type, bytes: null });
      return sendJson(res, 200, { upload_url: `${base}/upload/${token}`, file_url: `${base}/files/${token}/${encodeURIComponent(ask.file_name)}` });
    }

    // Queue: {app}/requests/{id}[/status|/cancel], or a submit to any other path.
    const at = parts.indexOf('requests');
    if (at >= 2 && parts.length >= at + 2) {
      const app = parts.slice(0, at).join('/');
      const id = parts[at + 1]!;
      const sub = parts[at + 2];
      const routeName: FalRoute | undefined =
        method === 'GET' && sub === 'status' && parts.length === at + 3 ? 'status'
          : method === 'GET' && sub === undefined ? 'result'
            : method === 'PUT' && sub === 'cancel' && parts.length === at + 3 ? 'cancel'
              : undefined;
      if (!routeName) throw new HttpFailure(405, { detail: 'Method Not Allowed' });
      statusFault(routeName);
      const job = jobs.get(id);
      if (!job || appOf(job.endpoint) !== app) throw new HttpFailure(404, { detail: `Request ${id} not found.` });
      const ids = { 'x-fal-request-id': job.id };
      if (routeName === 'status') return sendJson(res, 200, statusObject(job, url.searchParams.get('logs') === '1'), ids);
      if (routeName === 'result') return result(job, res);
      if (stateOf(job).status === 'COMPLETED') return sendJson(res, 400, { status: 'ALREADY_COMPLETED' }, ids);
      job.cancelled = true;
      return sendJson(res, 202, { status: 'CANCELLATION_REQUESTED' }, ids);
    }
    if (method === 'POST' && parts.length >= 2) {
      statusFault('submit');
      return submit(parts.join('/'), body, record, res);
    }
    throw new HttpFailure(404, { detail: `Not found: ${method} ${url.pathname}` });
  }

  /** Answers a `status` fault armed for `routeName`, as fal's own error bodies look. */
  function statusFault(routeName: FalRoute): void {
    const fault = faults.take('status', routeName);
    if (!fault) return;
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    const detail = fault.message ?? (fault.status === 429 ? 'Too many concurrent requests; please try again later.' : fault.status >= 500 ? 'Internal Server Error' : 'Bad request');
    throw new HttpFailure(fault.status, { detail, ...(fault.code ? { error_type: fault.code } : {}) }, headers);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flatHeaders(req) };
    requests.push(record);
    readBody(req)
      .then((body) => route(req, res, record, body))
      .catch((error: unknown) => {
        const failure = error instanceof HttpFailure ? error : new HttpFailure(500, { detail: `Contract server error: ${(error as Error).message}` });
        if (res.headersSent || res.socket?.destroyed) {
          res.socket?.destroy();
          return;
        }
        sendJson(res, failure.status, failure.body, failure.headers);
      })
      .finally(() => {
        // 0: the connection was dropped before any answer.
        record.status = res.headersSent ? res.statusCode : 0;
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = baseOf(server);

  return {
    baseUrl: base,
    apiKey,
    requests,
    jobs,
    setFault: (fault) => {
      if (fault.kind === 'billed-then-drop') drops.push({ how: fault.how, left: fault.times ?? 1 });
      else faults.add(fault);
    },
    clearFaults: () => {
      faults.clear();
      drops.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// CLI: print the base URL and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startFalContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.key ? { apiKey: flags.key } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the fal contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
