/**
 * A local server for the Gemini API's Interactions contract (Gemini Omni Flash video, Gemini
 * image models) and the Files API, written from what @google/genai 3.x sends and Google's
 * documentation, not from our adapter:
 *
 *   POST /{v}/interactions                    CreateModelInteraction (snake_case JSON); `background: true` answers at once
 *   GET  /{v}/interactions/{id}               the Interaction: status, steps[] (model_output content), usage
 *   POST /{v}/interactions/{id}/cancel        running background interactions only
 *   DELETE /{v}/interactions/{id}
 *   POST /upload/{v}/files                    resumable upload, `X-Goog-Upload-Command: start` -> `x-goog-upload-url`
 *   POST /upload/{v}/files?upload_id=...      `upload, finalize` -> `x-goog-upload-status: final` + {file}
 *   GET  /{v}/files/{id}                      the File (state PROCESSING -> ACTIVE for videos)
 *   GET  /{v}/files/{id}:download?alt=media   a generated video or image, with the key (or, with
 *                                             `redirectDownloads`, a 302 to a second "storage" origin)
 *
 * `{v}` is `v1` (what the SDK 3.x sends by default) or `v1beta` (Google's docs and REST samples).
 * Interactions errors carry a string code (`{"error":{"code":"invalid_request","message":...}}`);
 * the front end that checks the key answers the RPC shape, as an array (`[{"error":{"code":400,
 * "status":"INVALID_ARGUMENT",...}}]`), as observed live by third parties. An unknown
 * interaction id is a 400 "Invalid interaction name" (also observed live), not a 404.
 *
 * What is checked, as Google documents it: unknown fields are refused; Omni takes text, image
 * and video blocks (images and videos by Files API URI or inline base64), `response_format`
 * `{type:'video', aspect_ratio 16:9|9:16, duration "Ns" (a Duration string: a number is a 400),
 * resolution 360p|720p|1080p|4k, delivery inline|uri}` (`gcs_uri` is Vertex-only), no
 * system_instruction, safety_settings or tools; `previous_interaction_id` must name a finished
 * interaction of this key (edits refuse `duration`: the output follows the source; `task:
 * 'extend'` adds `duration` seconds to it); `background` needs `store`. The image models take
 * `response_format {type:'image', aspect_ratio, image_size, mime_type}` and answer at once
 * unless `background` is set. A refusal finishes the interaction `completed` with a text-only
 * model_output and no video tokens (as observed live), or `failed` with `errors[]` when the
 * fault names a code.
 *
 * Manual runs: `npx tsx test/contract-servers/gemini-server.ts --port 0 --render-ms 3000 --key k`.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { contractClip } from './contract-clip';
import {
  FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, renderFraction, sendBytes, sendJson,
  type Fault, type RecordedImage, type RecordedRequest, type RenderTiming,
} from './contract-kit';

const run = promisify(execFile);

/** Options for the Gemini contract server. */
export interface GeminiContractServerOptions extends RenderTiming {
  /** The only key accepted (default `test-gemini-key`). */
  apiKey?: string;
  /** How long an image interaction takes (default 40 ms). */
  imageRenderMs?: number;
  /** How long an uploaded video stays PROCESSING before it is ACTIVE (default 60 ms). */
  fileProcessingMs?: number;
  /** Serve generated files with a 302 to a second origin (default false: the live API answers 200 itself). */
  redirectDownloads?: boolean;
  /** Frame rate of the MP4s served (default 12). */
  clipFps?: number;
  port?: number;
}

/** Routes a `status` fault can target. */
export type GeminiRoute = 'create' | 'get' | 'cancel' | 'delete' | 'upload-start' | 'upload' | 'file' | 'download' | 'storage';

/** A create the server took (and bills) before it failed to answer, for the billed-then-dropped tests. */
export type AfterCreate = 'drop' | 'status-500';

/** One interaction as the server keeps it. */
export interface ServedInteraction {
  id: string;
  model: string;
  kind: 'video' | 'image';
  background: boolean;
  createdAt: number;
  status?: 'cancelled';
  /** A foreground create has waited for its output: finished whatever the clock says. */
  done?: boolean;
  /** Video: size and length of the clip made. */
  width: number;
  height: number;
  seconds: number;
  /** Image: format of the still made. */
  mime?: 'image/png' | 'image/jpeg';
  delivery: 'inline' | 'uri';
  fileId: string;
  previousId?: string;
  task?: string;
  refusal?: { code?: string; message: string };
}

/** A running Gemini contract server. */
export interface GeminiContractServer {
  /** Base URL for `httpOptions.baseUrl` (no version: the SDK adds `/v1`). */
  baseUrl: string;
  /** Origin of the redirected download URLs (with `redirectDownloads`). */
  storageUrl: string;
  apiKey: string;
  /** Every request to either origin, oldest first. */
  requests: RecordedRequest[];
  /** Every interaction created (each one billed), oldest first. */
  interactions: ServedInteraction[];
  setFault(fault: Fault & { route?: GeminiRoute | '*' }): void;
  /** The next `times` creates are taken (and billed), then the answer is lost as `mode` says. */
  failAfterCreate(mode: AfterCreate, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface StoredFile {
  id: string;
  mime: string;
  bytes: Buffer;
  displayName?: string;
  createdAt: number;
  /** Upload still waiting for its bytes. */
  pending?: { declared: number };
  /** Made by an interaction (downloadable), rather than uploaded. */
  generated?: ServedInteraction;
  token: string;
  /** Video files: what ffprobe found, for edits that follow the source. */
  video?: { width: number; height: number; seconds: number };
}

const VERSIONS = new Set(['v1', 'v1beta']);
const TOKENS_PER_VIDEO_SECOND = 5792;

interface VideoModel { maxSeconds: number; resolutions: string[]; maxImages: number; maxTotalSeconds: number }
const VIDEO_MODELS: Record<string, VideoModel> = {
  'gemini-omni-1.1-flash': { maxSeconds: 10, resolutions: ['360p', '720p', '1080p', '4k'], maxImages: 10, maxTotalSeconds: 40 },
  'gemini-omni-1.2-flash': { maxSeconds: 15, resolutions: ['360p', '720p', '1080p', '4k'], maxImages: 10, maxTotalSeconds: 40 },
};
const IMAGE_MODELS: Record<string, { sizes: string[]; maxImages: number }> = {
  'gemini-3.1-flash-image': { sizes: ['512', '1K', '2K', '4K'], maxImages: 14 },
  'gemini-3-pro-image': { sizes: ['1K', '2K', '4K'], maxImages: 14 },
};
/** Shut down: the API answers 404 for them. */
const RETIRED_MODELS = new Set(['gemini-omni-flash-preview', 'imagen-4.0-generate-001', 'imagen-4.0-fast-generate-001', 'imagen-4.0-ultra-generate-001']);

const VIDEO_PIXELS: Record<string, Record<string, [number, number]>> = {
  '16:9': { '360p': [640, 360], '720p': [1280, 720], '1080p': [1920, 1080], '4k': [3840, 2160] },
  '9:16': { '360p': [360, 640], '720p': [720, 1280], '1080p': [1080, 1920], '4k': [2160, 3840] },
};
/** Output pixels of the Gemini image models by aspect ratio and image_size (Google's image-generation table). */
const IMAGE_PIXELS: Record<string, Record<string, [number, number]>> = {
  '1:1': { '512': [512, 512], '1K': [1024, 1024], '2K': [2048, 2048], '4K': [4096, 4096] },
  '16:9': { '512': [688, 384], '1K': [1376, 768], '2K': [2752, 1536], '4K': [5504, 3072] },
  '9:16': { '512': [384, 688], '1K': [768, 1376], '2K': [1536, 2752], '4K': [3072, 5504] },
  '4:3': { '1K': [1200, 896], '2K': [2400, 1792], '4K': [4800, 3584] },
  '3:4': { '1K': [896, 1200], '2K': [1792, 2400], '4K': [3584, 4800] },
};

const CREATE_FIELDS = new Set([
  'model', 'input', 'response_format', 'generation_config', 'previous_interaction_id', 'background', 'store', 'stream',
  'system_instruction', 'tools', 'safety_settings', 'labels', 'webhook_config', 'service_tier', 'response_modalities',
  'response_mime_type', 'cached_content', 'continuation_token', 'environment',
]);
const GENERATION_FIELDS = new Set([
  'image_config', 'max_output_tokens', 'seed', 'speech_config', 'stop_sequences', 'temperature', 'thinking_level',
  'thinking_summaries', 'tool_choice', 'top_p', 'transcription_config', 'video_config',
]);
const TASKS = new Set(['text_to_video', 'image_to_video', 'reference_to_video', 'edit', 'extend', 'upscale']);
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif']);
const VIDEO_TYPES = new Set(['video/mp4', 'video/mpeg', 'video/mov', 'video/webm', 'video/quicktime']);

/** An error in one of Google's two shapes. */
class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `interactions`: `{error:{code:"invalid_request",message}}`; `rpc`: `[{error:{code:400,message,status,details}}]`. */
    readonly shape: 'interactions' | 'rpc' = 'interactions',
    readonly code?: string,
    readonly details: unknown[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  409: 'ABORTED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};
const INTERACTION_CODES: Record<number, string> = {
  400: 'invalid_request', 403: 'permission_denied', 404: 'not_found', 409: 'conflict', 429: 'resource_exhausted', 500: 'internal', 503: 'unavailable', 504: 'deadline_exceeded',
};

const invalid = (message: string) => new ApiFailure(400, message);
const randomId = (bytes: number) => crypto.randomBytes(bytes).toString('base64url');
const fileIdOf = () => crypto.randomBytes(6).toString('hex');

function sendFailure(res: http.ServerResponse, failure: ApiFailure): void {
  const body = failure.shape === 'rpc'
    ? [{ error: { code: failure.status, message: failure.message, status: RPC_STATUS[failure.status] ?? 'UNKNOWN', ...(failure.details.length ? { details: failure.details } : {}) } }]
    : { error: { code: failure.code ?? INTERACTION_CODES[failure.status] ?? 'unknown', message: failure.message, ...(failure.details.length ? { details: failure.details } : {}) } };
  sendJson(res, failure.status, body, failure.headers);
}

async function probeVideo(bytes: Buffer): Promise<{ width: number; height: number; seconds: number } | undefined> {
  const file = `${process.env.TMPDIR ?? '/tmp'}/gemini-contract-${crypto.randomBytes(6).toString('hex')}.mp4`;
  try {
    await fs.writeFile(file, bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,width,height:format=duration', '-of', 'json', file]);
    const info = JSON.parse(stdout) as { streams: { codec_type: string; width?: number; height?: number }[]; format: { duration?: string } };
    const video = info.streams.find((s) => s.codec_type === 'video');
    if (!video?.width || !video.height) return undefined;
    return { width: video.width, height: video.height, seconds: Math.max(1, Math.round(Number(info.format.duration ?? 0))) };
  } catch {
    return undefined;
  } finally {
    await fs.rm(file, { force: true });
  }
}

export async function startGeminiContractServer(options: GeminiContractServerOptions = {}): Promise<GeminiContractServer> {
  const apiKey = options.apiKey ?? 'test-gemini-key';
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const imageTiming: RenderTiming = { renderMs: options.imageRenderMs ?? 40, steps: 1 };
  const processingMs = options.fileProcessingMs ?? 60;
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const interactions: ServedInteraction[] = [];
  const byId = new Map<string, ServedInteraction>();
  const files = new Map<string, StoredFile>();
  const uploads = new Map<string, StoredFile>();
  const afterCreate: AfterCreate[] = [];
  let apiBase = '';
  let storageBase = '';

  const timingOf = (it: ServedInteraction) => (it.kind === 'image' ? imageTiming : timing);
  const fractionOf = (it: ServedInteraction) => renderFraction(it.createdAt, timingOf(it));
  function statusOf(it: ServedInteraction): string {
    if (it.status) return it.status;
    const f = it.done ? 1 : fractionOf(it);
    if (f >= 1) return it.refusal?.code ? 'failed' : 'completed';
    const steps = Math.max(1, timingOf(it).steps ?? 4);
    return f < 1 / steps ? 'queued' : 'in_progress';
  }

  function checkKey(req: http.IncomingMessage, url: URL): void {
    const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
    if (!key) {
      throw new ApiFailure(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", 'rpc');
    }
    if (key !== apiKey) {
      throw new ApiFailure(400, 'API key not valid. Please pass a valid API key.', 'rpc', undefined, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      ]);
    }
  }

  function injected(route: GeminiRoute): void {
    const fault = faults.take('status', route);
    if (!fault) return;
    const details: unknown[] = [];
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfterSeconds}s` });
      headers['retry-after'] = String(fault.retryAfterSeconds);
    }
    const message = fault.message
      ?? (fault.status === 429 ? 'Resource has been exhausted (e.g. check quota).' : fault.status >= 500 ? 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' : 'Request failed.');
    // Quota and server errors come from the front end in the RPC shape; request checks in the interactions shape.
    const shape = fault.status === 429 || fault.status >= 500 ? 'rpc' : 'interactions';
    throw new ApiFailure(fault.status, message, shape, fault.code, details, headers);
  }

  function fileUri(id: string): string {
    return `${apiBase}/v1/files/${id}`;
  }

  /** A File resource in the Files API's JSON (camelCase, sizes as strings). */
  function fileJson(file: StoredFile) {
    const active = !file.mime.startsWith('video/') || file.generated || Date.now() - file.createdAt >= processingMs;
    return {
      name: `files/${file.id}`,
      ...(file.displayName ? { displayName: file.displayName } : {}),
      mimeType: file.mime,
      sizeBytes: String(file.bytes.length),
      createTime: new Date(file.createdAt).toISOString(),
      updateTime: new Date(file.createdAt).toISOString(),
      expirationTime: new Date(file.createdAt + 48 * 3600_000).toISOString(),
      sha256Hash: crypto.createHash('sha256').update(file.bytes).digest('base64'),
      uri: fileUri(file.id),
      state: active ? 'ACTIVE' : 'PROCESSING',
      source: file.generated ? 'GENERATED' : 'UPLOADED',
    };
  }

  /** The file a `uri` block names: `{base}/{v}/files/{id}`, `{base}/files/{id}`, or `files/{id}`. */
  function fileOfUri(uri: string, field: string): StoredFile {
    const match = /(?:^|\/)files\/([a-z0-9]+)$/.exec(uri.replace(/[?#].*$/, ''));
    const file = match ? files.get(match[1]!) : undefined;
    if (!file || file.generated) throw invalid(`File ${uri} at '${field}' does not exist or you do not have permission to access it.`);
    if (fileJson(file).state !== 'ACTIVE') throw invalid(`The File ${file.id} is not in an ACTIVE state and usage is not allowed.`);
    return file;
  }

  interface InputSummary { images: RecordedImage[]; videos: StoredFile[]; videoSpecs: { width: number; height: number; seconds: number }[]; text: string }

  async function readInput(input: unknown, maxImages: number, allowVideo: boolean): Promise<InputSummary> {
    const summary: InputSummary = { images: [], videos: [], videoSpecs: [], text: '' };
    if (typeof input === 'string') {
      summary.text = input;
      return summary;
    }
    if (!Array.isArray(input)) throw invalid("'input' must be a string or a list of content blocks.");
    for (const [i, raw] of input.entries()) {
      const block = raw as Record<string, unknown>;
      const field = `input[${i}]`;
      const type = block?.type;
      const allowed = type === 'text' ? ['type', 'text'] : ['type', 'data', 'uri', 'mime_type', 'resolution', 'name'];
      const extra = Object.keys(block ?? {}).find((k) => !allowed.includes(k));
      if (extra) throw invalid(`Invalid JSON payload received. Unknown name "${extra}" at '${field}': Cannot find field.`);
      if (type === 'text') {
        if (typeof block.text !== 'string') throw invalid(`'${field}.text' must be a string.`);
        summary.text += block.text;
        continue;
      }
      if (type !== 'image' && type !== 'video') throw invalid(`Unsupported content type ${JSON.stringify(type)} at '${field}'.`);
      if (type === 'video' && !allowVideo) throw invalid(`This model does not take video input ('${field}').`);
      const hasData = typeof block.data === 'string';
      const hasUri = typeof block.uri === 'string';
      if (hasData === hasUri) throw invalid(`'${field}' needs exactly one of data or uri.`);
      const mime = typeof block.mime_type === 'string' ? block.mime_type : undefined;
      let bytes: Buffer;
      let file: StoredFile | undefined;
      if (hasUri) {
        file = fileOfUri(block.uri as string, field);
        bytes = file.bytes;
        if (mime && mime !== file.mime) throw invalid(`mime_type ${mime} at '${field}' does not match the file's ${file.mime}.`);
      } else {
        if (!mime) throw invalid(`'${field}.mime_type' is required with inline data.`);
        bytes = Buffer.from(block.data as string, 'base64');
      }
      const type2 = mime ?? file!.mime;
      if (type === 'image') {
        const info = await imageInfo(bytes);
        summary.images.push({ field: hasUri ? `${field}:uri` : `${field}:data`, type: type2, bytes: bytes.length, ...info });
        if (!IMAGE_TYPES.has(type2)) throw invalid(`Unsupported MIME type '${type2}' at '${field}'.`);
        if (!info) throw invalid(`The image at '${field}' could not be decoded.`);
      } else {
        if (!VIDEO_TYPES.has(type2)) throw invalid(`Unsupported MIME type '${type2}' at '${field}'.`);
        const spec = file?.video ?? (await probeVideo(bytes));
        if (!spec) throw invalid(`The video at '${field}' could not be decoded.`);
        if (file) summary.videos.push(file);
        summary.videoSpecs.push(spec);
      }
    }
    if (summary.images.length > maxImages) throw invalid(`At most ${maxImages} images are supported per request; got ${summary.images.length}.`);
    return summary;
  }

  function checkKeys(value: unknown, allowed: Set<string> | string[], where: string): void {
    const set = allowed instanceof Set ? allowed : new Set(allowed);
    const extra = Object.keys((value as object) ?? {}).find((k) => !set.has(k));
    if (extra) throw invalid(`Invalid JSON payload received. Unknown name "${extra}"${where ? ` at '${where}'` : ''}: Cannot find field.`);
  }

  function formatsOf(body: Record<string, unknown>): Record<string, unknown>[] {
    const raw = body.response_format;
    if (raw === undefined) return [];
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((f, i) => {
      if (!f || typeof f !== 'object') throw invalid(`response_format[${i}] must be an object.`);
      return f as Record<string, unknown>;
    });
  }

  async function create(body: Record<string, unknown>, record: RecordedRequest): Promise<ServedInteraction> {
    checkKeys(body, CREATE_FIELDS, '');
    const model = body.model;
    if (typeof model !== 'string' || !model) throw invalid("'model' is required.");
    if (RETIRED_MODELS.has(model) || (!VIDEO_MODELS[model] && !IMAGE_MODELS[model])) {
      throw new ApiFailure(404, `models/${model} is not found for API version v1, or is not supported for interactions. Call ListModels to see the list of available models and their supported methods.`);
    }
    if (body.stream === true) throw invalid('This contract server does not stream; send stream: false.');
    if (body.background !== undefined && typeof body.background !== 'boolean') throw invalid("'background' must be a boolean.");
    if (body.background === true && body.store === false) throw invalid('background requires store to be true.');
    const generation = (body.generation_config ?? {}) as Record<string, unknown>;
    checkKeys(generation, GENERATION_FIELDS, 'generation_config');
    if (generation.seed !== undefined && !Number.isInteger(generation.seed)) throw invalid("'generation_config.seed' must be an integer.");
    const formats = formatsOf(body);
    const refusal = faults.has('refusal');
    const now = Date.now();

    if (IMAGE_MODELS[model]) {
      const spec = IMAGE_MODELS[model];
      if (generation.video_config !== undefined) throw invalid(`${model} does not take video_config.`);
      const image = formats.find((f) => f.type === 'image') ?? {};
      for (const f of formats) {
        if (f.type !== 'image' && f.type !== 'text') throw invalid(`${model} cannot answer with ${JSON.stringify(f.type)}.`);
        if (f.type === 'image') checkKeys(f, ['type', 'aspect_ratio', 'image_size', 'mime_type', 'delivery'], 'response_format');
      }
      const aspect = (image.aspect_ratio ?? '1:1') as string;
      const size = (image.image_size ?? '1K') as string;
      const pixels = IMAGE_PIXELS[aspect]?.[size];
      if (!IMAGE_PIXELS[aspect]) throw invalid(`aspect_ratio ${JSON.stringify(aspect)} is not supported.`);
      if (!spec.sizes.includes(size) || !pixels) throw invalid(`image_size ${JSON.stringify(size)} is not supported by ${model}; use ${spec.sizes.join(', ')}.`);
      const mime = (image.mime_type ?? 'image/png') as string;
      if (mime !== 'image/png' && mime !== 'image/jpeg') throw invalid(`mime_type ${JSON.stringify(mime)} is not supported; use image/png or image/jpeg.`);
      const delivery = (image.delivery ?? 'inline') as string;
      if (delivery !== 'inline' && delivery !== 'uri') throw invalid(`delivery must be "inline" or "uri"; got ${JSON.stringify(delivery)}.`);
      const summary = await readInput(body.input, spec.maxImages, false);
      record.images = summary.images;
      if (!summary.text.trim()) throw invalid('A text prompt is required.');
      return {
        id: `v1_${randomId(18)}`, model, kind: 'image', background: body.background === true, createdAt: now,
        width: pixels[0], height: pixels[1], seconds: 0, mime, delivery, fileId: fileIdOf(),
        ...(refusal?.kind === 'refusal' ? { refusal: { ...(refusal.code ? { code: refusal.code } : {}), message: refusal.message ?? "I can't create that image because it may go against our policies. Try a different prompt." } } : {}),
      };
    }

    const spec = VIDEO_MODELS[model]!;
    for (const field of ['system_instruction', 'safety_settings', 'tools'] as const) {
      if (body[field] !== undefined) throw invalid(`${field} is not supported for ${model}.`);
    }
    const videoConfig = (generation.video_config ?? {}) as Record<string, unknown>;
    checkKeys(videoConfig, ['task'], 'generation_config.video_config');
    const task = videoConfig.task as string | undefined;
    if (task !== undefined && !TASKS.has(task)) throw invalid(`Unknown video task ${JSON.stringify(task)}.`);
    let video: Record<string, unknown> = {};
    for (const f of formats) {
      if (f.type !== 'video') throw invalid(`${model} answers with video only, not ${JSON.stringify(f.type)}.`);
      checkKeys(f, ['type', 'aspect_ratio', 'duration', 'resolution', 'delivery', 'gcs_uri'], 'response_format');
      video = f;
    }
    if (video.gcs_uri !== undefined) throw invalid('gcs_uri is only supported on Vertex AI.');
    const delivery = (video.delivery ?? 'inline') as string;
    if (delivery !== 'inline' && delivery !== 'uri') throw invalid(`delivery must be "inline" or "uri"; got ${JSON.stringify(delivery)}.`);
    let seconds: number | undefined;
    if (video.duration !== undefined) {
      // A google.protobuf.Duration in JSON: "8s". A bare number is refused.
      const match = typeof video.duration === 'string' ? /^(\d+)s$/.exec(video.duration) : null;
      if (!match) throw invalid(`Invalid value at 'response_format.duration' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(video.duration)}.`);
      seconds = Number(match[1]);
      if (seconds < 3 || seconds > spec.maxSeconds) throw invalid(`duration must be between 3s and ${spec.maxSeconds}s for ${model}; got ${video.duration}.`);
    }
    const aspect = video.aspect_ratio as string | undefined;
    if (aspect !== undefined && !VIDEO_PIXELS[aspect]) throw invalid(`aspect_ratio must be "16:9" or "9:16"; got ${JSON.stringify(aspect)}.`);
    const resolution = video.resolution as string | undefined;
    if (resolution !== undefined && !spec.resolutions.includes(resolution)) throw invalid(`resolution must be one of ${spec.resolutions.join(', ')}; got ${JSON.stringify(resolution)}.`);

    const summary = await readInput(body.input, spec.maxImages, true);
    record.images = summary.images;
    if (!summary.text.trim()) throw invalid('A text prompt is required.');

    let width: number;
    let height: number;
    let previous: ServedInteraction | undefined;
    if (body.previous_interaction_id !== undefined) {
      if (typeof body.previous_interaction_id !== 'string') throw invalid("'previous_interaction_id' must be a string.");
      previous = byId.get(body.previous_interaction_id);
      if (!previous) throw invalid(`Invalid interaction name: interactions/${body.previous_interaction_id}`);
      if (previous.kind !== 'video' || statusOf(previous) !== 'completed' || previous.refusal) {
        throw invalid(`Interaction ${previous.id} has no finished video to continue from.`);
      }
    }
    const source = previous ?? (summary.videoSpecs[0] ? { ...summary.videoSpecs[0] } : undefined);
    const editing = source !== undefined && task !== 'extend';
    if ((task === 'edit' || task === 'extend') && !source) throw invalid(`Task ${task} needs a previous_interaction_id or a video input.`);
    if (source) {
      // Edits and extensions follow the source's frame.
      if (aspect !== undefined) throw invalid('aspect_ratio cannot be set when editing or extending: the output follows the source video.');
      width = source.width;
      height = source.height;
      if (editing) {
        if (seconds !== undefined) throw invalid('duration cannot be set when editing a video: the output follows the source video.');
        seconds = source.seconds;
      } else {
        const total = source.seconds + (seconds ?? 8);
        if (total > spec.maxTotalSeconds) throw invalid(`An extended video can be at most ${spec.maxTotalSeconds}s; this would make ${total}s.`);
        seconds = total;
      }
    } else {
      const px = VIDEO_PIXELS[aspect ?? '16:9']![resolution ?? '720p']!;
      [width, height] = px;
      seconds ??= 8;
    }
    return {
      id: `v1_${randomId(18)}`, model, kind: 'video', background: body.background === true, createdAt: now,
      width, height, seconds, delivery, fileId: fileIdOf(),
      ...(previous ? { previousId: previous.id } : {}),
      ...(task ? { task } : {}),
      ...(refusal?.kind === 'refusal' ? { refusal: { ...(refusal.code ? { code: refusal.code } : {}), message: refusal.message ?? "I'm unable to create this video. It may go against our policies on depicting real people. Try rephrasing your prompt." } } : {}),
    };
  }

  async function outputBytes(it: ServedInteraction): Promise<Buffer> {
    if (it.kind === 'image') {
      const made = sharp({ create: { width: it.width, height: it.height, channels: 3, background: '#335577' } });
      return it.mime === 'image/jpeg' ? made.jpeg().toBuffer() : made.png().toBuffer();
    }
    const clip = await contractClip({ width: it.width, height: it.height, seconds: it.seconds, ...(options.clipFps ? { fps: options.clipFps } : {}) });
    return fs.readFile(clip);
  }

  async function interactionJson(it: ServedInteraction) {
    const status = statusOf(it);
    const base = {
      id: it.id,
      object: 'interaction',
      model: it.model,
      status,
      created: new Date(it.createdAt).toISOString(),
      updated: new Date(Math.min(Date.now(), it.createdAt + (timingOf(it).renderMs ?? 0))).toISOString(),
      ...(it.previousId ? { previous_interaction_id: it.previousId } : {}),
    };
    if (status !== 'completed' && status !== 'failed') return base;
    if (it.refusal?.code) {
      return { ...base, errors: [{ code: it.refusal.code, message: it.refusal.message }], usage: { total_input_tokens: 40, total_output_tokens: 0, total_tokens: 40 } };
    }
    if (it.refusal) {
      return {
        ...base,
        steps: [{ type: 'model_output', content: [{ type: 'text', text: it.refusal.message }] }],
        usage: { total_input_tokens: 40, total_output_tokens: 24, total_tokens: 64, output_tokens_by_modality: [{ modality: 'text', tokens: 24 }] },
      };
    }
    const mime = it.kind === 'image' ? it.mime! : 'video/mp4';
    if (!files.has(it.fileId)) {
      files.set(it.fileId, { id: it.fileId, mime, bytes: Buffer.alloc(0), createdAt: Date.now(), generated: it, token: randomId(9) });
    }
    const block = it.delivery === 'uri'
      ? { type: it.kind, mime_type: mime, uri: `${fileUri(it.fileId)}:download?alt=media` }
      : { type: it.kind, mime_type: mime, data: (await outputBytes(it)).toString('base64') };
    const tokens = it.kind === 'video' ? it.seconds * TOKENS_PER_VIDEO_SECOND : 1120;
    return {
      ...base,
      steps: [{ type: 'model_output', content: it.kind === 'image' ? [{ type: 'text', text: 'Here is the image.' }, block] : [block] }],
      usage: { total_input_tokens: 40, total_output_tokens: tokens, total_tokens: tokens + 40, output_tokens_by_modality: [{ modality: it.kind, tokens }] },
    };
  }

  async function apiRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: RecordedRequest, body: Buffer) {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    const upload = parts[0] === 'upload';
    const rest = upload ? parts.slice(1) : parts;
    if (!VERSIONS.has(rest[0] ?? '')) throw new ApiFailure(404, `Unknown path ${url.pathname}.`, 'rpc');
    const route: GeminiRoute | undefined =
      upload && method === 'POST' && rest.length === 2 && rest[1] === 'files' ? (url.searchParams.has('upload_id') ? 'upload' : 'upload-start')
      : !upload && rest[1] === 'interactions' && rest.length === 2 && method === 'POST' ? 'create'
      : !upload && rest[1] === 'interactions' && rest.length === 3 && method === 'GET' ? 'get'
      : !upload && rest[1] === 'interactions' && rest.length === 3 && method === 'DELETE' ? 'delete'
      : !upload && rest[1] === 'interactions' && rest.length === 4 && rest[3] === 'cancel' && method === 'POST' ? 'cancel'
      : !upload && rest[1] === 'files' && rest.length === 3 && method === 'GET' ? (/:download$/.test(rest[2] ?? '') ? 'download' : 'file')
      : undefined;
    if (!route) throw new ApiFailure(404, `Unknown method ${method} ${url.pathname}.`, 'rpc');
    let json: unknown;
    if (route === 'create') {
      try {
        json = JSON.parse(body.toString('utf8'));
        // Recorded before any check, so a refused create still shows what was sent.
        record.json = json;
      } catch {
        json = undefined;
      }
    }
    checkKey(req, url);
    injected(route);

    if (route === 'create') {
      if (json === undefined) throw invalid('Invalid JSON payload received.');
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid('The request body must be a JSON object.');
      const it = await create(json as Record<string, unknown>, record);
      interactions.push(it);
      byId.set(it.id, it);
      const lost = afterCreate.shift();
      if (lost === 'drop') {
        res.socket?.destroy();
        return;
      }
      if (lost === 'status-500') throw new ApiFailure(500, 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', 'rpc');
      if (!it.background) {
        // A foreground call holds the connection until the output is ready.
        await new Promise((resolve) => setTimeout(resolve, timingOf(it).renderMs ?? 0));
        it.done = true;
      }
      return sendJson(res, 200, await interactionJson(it));
    }
    if (route === 'get' || route === 'cancel' || route === 'delete') {
      const it = byId.get(decodeURIComponent(rest[2] ?? ''));
      if (!it) throw invalid(`Invalid interaction name: interactions/${rest[2]}`);
      if (route === 'delete') {
        byId.delete(it.id);
        return sendJson(res, 200, {});
      }
      if (route === 'cancel') {
        const status = statusOf(it);
        if (!it.background || (status !== 'in_progress' && status !== 'queued')) {
          throw invalid(`Only background interactions that are still running can be cancelled; ${it.id} is ${status}.`);
        }
        it.status = 'cancelled';
      }
      return sendJson(res, 200, await interactionJson(it));
    }
    if (route === 'upload-start') {
      if (req.headers['x-goog-upload-protocol'] !== 'resumable' || req.headers['x-goog-upload-command'] !== 'start') throw invalid('Uploads must start a resumable session.');
      const declared = Number(req.headers['x-goog-upload-header-content-length']);
      const mime = String(req.headers['x-goog-upload-header-content-type'] ?? '');
      if (!Number.isFinite(declared) || declared <= 0) throw invalid('X-Goog-Upload-Header-Content-Length is required.');
      if (!IMAGE_TYPES.has(mime) && !VIDEO_TYPES.has(mime)) throw invalid(`Unsupported MIME type ${JSON.stringify(mime)} for upload.`);
      let meta: { file?: { displayName?: string } } = {};
      try {
        meta = JSON.parse(body.toString('utf8') || '{}') as typeof meta;
      } catch {
        throw invalid('Invalid JSON payload received.');
      }
      record.json = meta;
      const session = randomId(12);
      uploads.set(session, { id: fileIdOf(), mime, bytes: Buffer.alloc(0), createdAt: Date.now(), pending: { declared }, token: randomId(9), ...(meta.file?.displayName ? { displayName: meta.file.displayName } : {}) });
      res.writeHead(200, { 'x-goog-upload-url': `${apiBase}/upload/${rest[0]}/files?upload_id=${session}&upload_protocol=resumable`, 'x-goog-upload-status': 'active', 'content-length': '0' });
      res.end();
      return;
    }
    if (route === 'upload') {
      const file = uploads.get(url.searchParams.get('upload_id') ?? '');
      if (!file?.pending) throw new ApiFailure(404, 'No such upload session.', 'rpc');
      const command = String(req.headers['x-goog-upload-command'] ?? '');
      if (!command.split(',').map((s) => s.trim()).includes('upload')) throw invalid('X-Goog-Upload-Command must include upload.');
      if (Number(req.headers['x-goog-upload-offset']) !== file.bytes.length) throw invalid('X-Goog-Upload-Offset does not match the bytes received.');
      file.bytes = Buffer.concat([file.bytes, body]);
      if (!command.includes('finalize')) {
        res.writeHead(200, { 'x-goog-upload-status': 'active', 'content-length': '0' });
        res.end();
        return;
      }
      if (file.bytes.length !== file.pending.declared) throw invalid(`Upload ended with ${file.bytes.length} of ${file.pending.declared} bytes.`);
      delete file.pending;
      uploads.delete(url.searchParams.get('upload_id') ?? '');
      if (file.mime.startsWith('video/')) {
        const spec = await probeVideo(file.bytes);
        if (spec) file.video = spec;
      }
      // Processing starts once the bytes are in.
      file.createdAt = Date.now();
      files.set(file.id, file);
      return sendJson(res, 200, { file: fileJson(file) }, { 'x-goog-upload-status': 'final' });
    }
    const id = (rest[2] ?? '').replace(/:download$/, '');
    const file = files.get(id);
    if (route === 'file') {
      if (!file) throw new ApiFailure(403, `You do not have permission to access the File ${id} or it may not exist.`, 'rpc');
      return sendJson(res, 200, fileJson(file));
    }
    if (url.searchParams.get('alt') !== 'media') throw invalid('Downloads need alt=media.');
    if (!file || faults.has('expired')) throw new ApiFailure(404, `File files/${id} was not found or has expired (generated files are kept for 48 hours).`, 'rpc');
    if (!file.generated) throw invalid('Only generated files can be downloaded.');
    if (options.redirectDownloads) {
      res.writeHead(302, { location: `${storageBase}/blob/${id}?token=${file.token}`, 'content-length': '0' });
      res.end();
      return;
    }
    sendBytes(res, await outputBytes(file.generated), file.mime, faults.take('cut-download') !== undefined);
  }

  async function storageRoute(res: http.ServerResponse, url: URL) {
    const parts = url.pathname.split('/').filter(Boolean);
    const file = parts[0] === 'blob' ? files.get(parts[1] ?? '') : undefined;
    if (!file?.generated || url.searchParams.get('token') !== file.token) throw new ApiFailure(403, 'The signed URL is not valid.', 'rpc');
    injected('storage');
    sendBytes(res, await outputBytes(file.generated), file.mime, faults.take('cut-download') !== undefined);
  }

  function handler(origin: 'api' | 'storage') {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://contract.invalid');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: origin === 'api' ? url.pathname : `storage:${url.pathname}`,
        query: Object.fromEntries(url.searchParams),
        headers: flatHeaders(req),
      };
      requests.push(record);
      readBody(req)
        .then((body) => (origin === 'api' ? apiRoute(req, res, url, record, body) : storageRoute(res, url)))
        .catch((error: unknown) => {
          const failure = error instanceof ApiFailure ? error : new ApiFailure(500, `Contract server error: ${(error as Error).message}`, 'rpc');
          if (res.headersSent || res.socket?.destroyed) {
            res.socket?.destroy();
            return;
          }
          sendFailure(res, failure);
        })
        .finally(() => {
          record.status = res.socket?.destroyed && !res.headersSent ? 0 : res.statusCode;
        });
    };
  }

  const api = http.createServer(handler('api'));
  const storage = http.createServer(handler('storage'));
  await new Promise<void>((resolve) => api.listen(options.port ?? 0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  apiBase = baseOf(api);
  storageBase = baseOf(storage);

  const closeOne = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    baseUrl: apiBase,
    storageUrl: storageBase,
    apiKey,
    requests,
    interactions,
    setFault: (fault) => faults.add(fault),
    failAfterCreate: (mode, times = 1) => {
      for (let i = 0; i < times; i += 1) afterCreate.push(mode);
    },
    clearFaults: () => {
      faults.clear();
      afterCreate.length = 0;
    },
    close: async () => {
      await Promise.all([closeOne(api), closeOne(storage)]);
    },
  };
}

// CLI: print the base URL and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startGeminiContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.key ? { apiKey: flags.key } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the Gemini contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
