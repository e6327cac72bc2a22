/**
 * A local server for the Runway API, written from @runwayml/sdk 4.20.1's own source and types
 * (resources/text-to-video.ts, image-to-video.ts, video-to-video.ts, tasks.ts, uploads.ts,
 * lib/polling.ts, client.ts) and Runway's developer docs (docs.dev.runwayml.com: api-details/errors,
 * api-details/task-failures, assets/inputs, errors/troubleshooting), not from our adapter:
 *
 *   POST   /v1/text_to_video     JSON { model, promptText, ratio, duration, ... } -> { id, estimatedCost: { credits } }
 *   POST   /v1/image_to_video    JSON { model, promptImage: uri | [{ uri, position }], ... } -> same
 *   POST   /v1/video_to_video    JSON { model: 'aleph2', videoUri, promptText?, ... } (seedance2: promptVideo) -> same
 *   GET    /v1/tasks/:id         PENDING | THROTTLED | RUNNING (progress 0..1) | SUCCEEDED (output: [url]) | FAILED
 *                                (failure, failureCode) | CANCELLED; estimatedCost.credits until the end, cost.credits after
 *   DELETE /v1/tasks/:id         204: cancels a pending/throttled/running task, deletes a finished one (then 404)
 *   POST   /v1/uploads           JSON { filename, type: 'ephemeral' } -> { uploadUrl, fields, runwayUri }
 *   POST   /storage/ephemeral    the presigned multipart POST (fields + `file`), no Runway key; 204
 *   GET    /outputs/:task.mp4    a signed output URL (expires), no Runway key; a real H.264 + AAC MP4
 *
 * Every /v1 call needs `Authorization: Bearer <key>` (401 otherwise) and `X-Runway-Version`
 * (the SDK always sends it; 400 when missing or unknown). Errors are JSON with an `error` member
 * in words, as the errors page says. Bodies are checked per model exactly as the SDK's types list
 * them (ratios, durations, which fields exist; unknown fields are refused, as the API does for
 * Veo since SDK 4.19.1). Image and video inputs must be `runway://` URIs of finished uploads or
 * data URIs up to 5 MB (https URLs would need fetching the asset, which this server cannot).
 *
 * Not documented, so chosen here and kept minimal: a model id the account cannot use answers 403
 * "Model variant X is not available" (what integrators report for unknown and retired ids); tasks
 * beyond `concurrency` stay THROTTLED until a slot frees (Runway's docs: over the concurrency
 * limit a task is queued as THROTTLED, not refused); a failed or cancelled task costs 0 credits.
 *
 * The API takes no idempotency key and cannot list tasks: nothing here offers either.
 *
 * Tests: `const server = await startRunwayContractServer({ renderMs: 200 })`, point the SDK at
 * `server.baseUrl`, arm faults with `server.setFault(...)`, read `server.requests`, `server.billed`,
 * `await server.close()`. Manual: `npx tsx test/contract-servers/runway-server.ts --port 0 --render-ms 3000`.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { contractClip } from './contract-clip';
import {
  FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, renderFraction, sendBytes, sendJson,
  type Fault, type RecordedImage, type RecordedRequest, type RenderTiming,
} from './contract-kit';

const run = promisify(execFile);
const FFPROBE = process.env.SHOTLINE_TEST_FFPROBE ?? 'ffprobe';

/** The version the SDK pins (`runwayVersion = '2024-11-06'` in client.ts). */
export const RUNWAY_VERSION = '2024-11-06';

/** Options for the Runway contract server. */
export interface RunwayContractServerOptions extends RenderTiming {
  /** The only key accepted (default: `key_` + 128 hex digits, the documented shape). */
  apiKey?: string;
  /** Tasks rendering at once; later ones stay THROTTLED until one ends (default: no limit). */
  concurrency?: number;
  /** Model ids answered with 403 "not available", as a retired model is (default `gen3a_turbo`). */
  retiredModels?: string[];
  /** Credits per output second by model (defaults below; Runway's own figures where known). */
  creditsPerSecond?: Record<string, number>;
  /** How long signed output URLs stay valid, ms (default one hour; Runway's last 24-48 h). */
  outputTtlMs?: number;
  /** Frame rate of the MP4s served (default 12). */
  clipFps?: number;
  port?: number;
}

/** Routes a `status` fault can target. `create` matches all three create endpoints. */
export type RunwayRoute = 'create' | 'task' | 'delete' | 'uploads' | 'storage' | 'output';

/** Faults beyond the shared ones. */
export type RunwayFault =
  | (Fault & { route?: RunwayRoute | '*' })
  /**
   * The next create is accepted and billed (the task exists and renders), then the answer is
   * lost: the socket is destroyed before any byte (`drop`) or a 500 is sent instead (`500`).
   */
  | { kind: 'bill-then-fail'; answer: 'drop' | 500; times?: number };

/** A create the server accepted: the task it made and the credits it reserved for it. */
export interface BilledCreate {
  taskId: string;
  model: string;
  credits: number;
}

/** An upload that reached storage. */
export interface StoredUpload {
  runwayUri: string;
  filename: string;
  type: string;
  bytes: number;
  image?: { width: number; height: number; format: string };
  video?: { width: number; height: number; seconds: number };
  /** Headers of the storage POST (to check the Runway key never goes there). */
  headers: Record<string, string>;
}

/** A running contract server. */
export interface RunwayContractServer {
  /** Base URL for the SDK (`http://127.0.0.1:PORT`; the SDK adds `/v1/...`). */
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Every accepted create, in order: what a real account would have been charged for. */
  billed: BilledCreate[];
  uploads: StoredUpload[];
  setFault(fault: RunwayFault): void;
  clearFaults(): void;
  /** The task's state as the server holds it (for assertions), or undefined. */
  taskStatus(id: string): string | undefined;
  close(): Promise<void>;
}

type Endpoint = 'text_to_video' | 'image_to_video' | 'video_to_video';

/** What one model accepts at one endpoint, from the SDK's `*CreateParams` types. */
interface EndpointSpec {
  ratios: readonly string[] | null;
  ratioRequired: boolean;
  /** Allowed durations; `required` when the type has no `?`. null: no duration field. */
  duration: { values: readonly number[]; required: boolean; auto?: boolean; default: number } | null;
  /** Field names besides model, ratio, duration and the inputs. */
  fields: readonly string[];
  promptRequired: boolean;
  promptMax: number;
  /** promptImage positions allowed (image_to_video). */
  positions?: readonly ('first' | 'last' | 'reference')[];
  /** Name of the video field (video_to_video). */
  videoField?: 'videoUri' | 'promptVideo';
  maxReferences?: number;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const GEN45_T2V = ['1280:720', '720:1280'];
const GEN4_I2V = ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672'];
const VEO_RATIOS = ['1280:720', '720:1280', '1080:1920', '1920:1080'];
const SEEDANCE_RATIOS = [
  '992:432', '864:496', '752:560', '640:640', '560:752', '496:864', '1470:630', '1280:720', '1112:834', '960:960', '834:1112', '720:1280',
  '2206:946', '1920:1080', '1664:1248', '1440:1440', '1248:1664', '1080:1920', '3840:1646', '3840:2160', '3840:2880', '3840:3840', '2880:3840', '2160:3840',
];
const OMNI_RATIOS = ['1280:720', '720:1280'];
// Seedance's duration range is not in the SDK types (`number | 'auto'`); 4-15 s is the model's range elsewhere.
const SEEDANCE_SECONDS = range(4, 15);

const SPECS: Record<string, Partial<Record<Endpoint, EndpointSpec>>> = {
  'gen4.5': {
    text_to_video: { ratios: GEN45_T2V, ratioRequired: true, duration: { values: range(2, 10), required: true, default: 5 }, fields: ['seed', 'contentModeration', 'outputFormat', 'proresProfile'], promptRequired: true, promptMax: 1000 },
    image_to_video: { ratios: GEN4_I2V, ratioRequired: true, duration: { values: range(2, 10), required: true, default: 5 }, fields: ['seed', 'contentModeration', 'outputFormat', 'proresProfile'], promptRequired: true, promptMax: 1000, positions: ['first'] },
  },
  gen4_turbo: {
    // "duration?: number": the allowed values are not in the types; Runway's own reference says 2-10 s.
    image_to_video: { ratios: GEN4_I2V, ratioRequired: true, duration: { values: range(2, 10), required: false, default: 10 }, fields: ['seed', 'contentModeration'], promptRequired: false, promptMax: 1000, positions: ['first'] },
  },
  'veo3.1': {
    text_to_video: { ratios: VEO_RATIOS, ratioRequired: true, duration: { values: [4, 6, 8], required: false, default: 8 }, fields: ['audio', 'negativePrompt', 'seed'], promptRequired: true, promptMax: 1000 },
    image_to_video: { ratios: VEO_RATIOS, ratioRequired: true, duration: { values: [4, 6, 8], required: false, default: 8 }, fields: ['audio', 'negativePrompt', 'seed'], promptRequired: false, promptMax: 1000, positions: ['first', 'last'] },
  },
  'veo3.1_fast': {
    text_to_video: { ratios: VEO_RATIOS, ratioRequired: true, duration: { values: [4, 6, 8], required: false, default: 8 }, fields: ['audio', 'negativePrompt', 'seed'], promptRequired: true, promptMax: 1000 },
    image_to_video: { ratios: VEO_RATIOS, ratioRequired: true, duration: { values: [4, 6, 8], required: false, default: 8 }, fields: ['audio', 'negativePrompt', 'seed'], promptRequired: false, promptMax: 1000, positions: ['first', 'last'] },
  },
  seedance2: {
    text_to_video: { ratios: SEEDANCE_RATIOS, ratioRequired: false, duration: { values: SEEDANCE_SECONDS, required: false, auto: true, default: 5 }, fields: ['audio', 'seed', 'referenceAudio', 'referenceVideos'], promptRequired: true, promptMax: 3500, maxReferences: 9 },
    image_to_video: { ratios: SEEDANCE_RATIOS, ratioRequired: false, duration: { values: SEEDANCE_SECONDS, required: false, auto: true, default: 5 }, fields: ['audio', 'seed', 'referenceAudio'], promptRequired: false, promptMax: 3500, positions: ['first', 'last', 'reference'], maxReferences: 9 },
    video_to_video: { ratios: SEEDANCE_RATIOS, ratioRequired: false, duration: { values: SEEDANCE_SECONDS, required: false, auto: true, default: 5 }, fields: ['audio', 'seed', 'referenceAudio', 'referenceVideos'], promptRequired: false, promptMax: 3500, videoField: 'promptVideo', maxReferences: 9 },
  },
  gemini_omni_flash: {
    text_to_video: { ratios: OMNI_RATIOS, ratioRequired: false, duration: { values: range(3, 10), required: false, default: 8 }, fields: [], promptRequired: true, promptMax: 10_000 },
    image_to_video: { ratios: OMNI_RATIOS, ratioRequired: false, duration: { values: range(3, 10), required: false, default: 8 }, fields: [], promptRequired: false, promptMax: 10_000, positions: ['first'] },
    video_to_video: { ratios: null, ratioRequired: false, duration: null, fields: [], promptRequired: true, promptMax: 10_000, videoField: 'videoUri', maxReferences: 9 },
  },
  aleph2: {
    video_to_video: {
      ratios: null, ratioRequired: false, duration: null,
      fields: ['seed', 'contentModeration', 'keyframes', 'outputFormat', 'proresProfile', 'ratio', 'targetAspectRatio'],
      promptRequired: false, promptMax: 10_000, videoField: 'videoUri',
    },
  },
};

/** Credits per output second. gen4.5, gen4_turbo and Veo (with audio) as Runway's own API reference lists them; the rest made up for tests. */
const DEFAULT_CREDITS: Record<string, number> = {
  'gen4.5': 12, gen4_turbo: 5, 'veo3.1': 40, 'veo3.1_fast': 15, seedance2: 30, gemini_omni_flash: 10, aleph2: 20,
};

interface Task {
  id: string;
  model: string;
  endpoint: Endpoint;
  body: Record<string, unknown>;
  width: number;
  height: number;
  seconds: number;
  credits: number;
  createdAt: number;
  startedAt: number | null;
  cancelledAt: number | null;
  deleted: boolean;
  failure?: { code: string; message: string };
}

interface PendingUpload {
  id: string;
  filename: string;
  key: string;
  signature: string;
  stored?: StoredUpload;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (message: string) => new HttpFailure(400, message);
const DEFAULT_KEY = `key_${'5e'.repeat(64)}`;
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)$/;
const MAX_DATA_URI = 5 * 1024 * 1024;

export async function startRunwayContractServer(options: RunwayContractServerOptions = {}): Promise<RunwayContractServer> {
  const apiKey = options.apiKey ?? DEFAULT_KEY;
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  const retired = new Set(options.retiredModels ?? ['gen3a_turbo']);
  const credits = { ...DEFAULT_CREDITS, ...options.creditsPerSecond };
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const renderMs = timing.renderMs ?? 300;
  const outputTtlMs = options.outputTtlMs ?? 3_600_000;
  const secret = crypto.randomBytes(16);
  const faults = new FaultBook();
  const billFaults: Array<{ answer: 'drop' | 500; left: number }> = [];
  const requests: RecordedRequest[] = [];
  const billed: BilledCreate[] = [];
  const uploads = new Map<string, PendingUpload>();
  const stored: StoredUpload[] = [];
  const tasks = new Map<string, Task>();
  let base = '';

  const ended = (t: Task, now: number) => t.cancelledAt !== null || (t.startedAt !== null && now >= t.startedAt + renderMs);

  /** Starts throttled tasks, oldest first, while slots are free. */
  function advance(now = Date.now()) {
    let busy = [...tasks.values()].filter((t) => t.startedAt !== null && !ended(t, now)).length;
    for (const t of tasks.values()) {
      if (t.startedAt !== null || t.cancelledAt !== null) continue;
      if (busy >= concurrency) break;
      t.startedAt = now;
      busy += 1;
    }
  }

  function statusOf(t: Task, now = Date.now()): 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' {
    if (t.cancelledAt !== null) return 'CANCELLED';
    if (t.startedAt === null) return 'THROTTLED';
    const fraction = renderFraction(t.startedAt, timing, now);
    if (fraction >= 1) return t.failure ? 'FAILED' : 'SUCCEEDED';
    return fraction === 0 ? 'PENDING' : 'RUNNING';
  }

  function signedOutput(t: Task): string {
    const expires = Date.now() + outputTtlMs;
    const signature = crypto.createHmac('sha256', secret).update(`${t.id}:${expires}`).digest('hex');
    return `${base}/outputs/${t.id}.mp4?expires=${expires}&signature=${signature}`;
  }

  function taskObject(t: Task) {
    advance();
    const status = statusOf(t);
    const common = { id: t.id, createdAt: new Date(t.createdAt).toISOString(), status };
    switch (status) {
      case 'PENDING':
      case 'THROTTLED':
        return { ...common, estimatedCost: { credits: t.credits } };
      case 'RUNNING':
        return { ...common, estimatedCost: { credits: t.credits }, progress: renderFraction(t.startedAt!, timing) };
      case 'SUCCEEDED':
        return { ...common, cost: { credits: t.credits }, output: [signedOutput(t)] };
      case 'FAILED':
        return { ...common, cost: { credits: 0 }, failure: t.failure!.message, failureCode: t.failure!.code };
      case 'CANCELLED':
        return { ...common, cost: { credits: 0 } };
    }
  }

  function findTask(id: string): Task {
    const t = tasks.get(id);
    if (!t || t.deleted) throw new HttpFailure(404, `Task ${id} was not found.`);
    return t;
  }

  /** Decodes a media URI (`runway://` upload or data URI) the way the asset checks describe. */
  async function media(field: string, uri: unknown, kind: 'image' | 'video', record: RecordedRequest) {
    if (typeof uri !== 'string' || !uri) throw invalid(`${field}: Expected a string URI.`);
    if (uri.startsWith('runway://')) {
      const upload = [...uploads.values()].find((u) => u.stored?.runwayUri === uri);
      if (!upload?.stored) throw invalid(`${field}: Invalid asset URI. The upload does not exist or has not finished.`);
      const s = upload.stored;
      if (kind === 'image' && !s.image) throw invalid(`${field}: Unsupported asset type. Expected an image, got ${s.type || 'unknown'}.`);
      if (kind === 'video' && !s.video) throw invalid(`${field}: Unsupported asset type. Expected a video, got ${s.type || 'unknown'}.`);
      const info: RecordedImage = { field, filename: s.filename, type: s.type, bytes: s.bytes, ...(s.image ?? {}) };
      if (kind === 'image') (record.images ??= []).push(info);
      return s;
    }
    const data = DATA_URI.exec(uri);
    if (uri.startsWith('data:')) {
      if (uri.length > MAX_DATA_URI) throw invalid(`${field}: The data URI is larger than 5MB.`);
      if (!data) throw invalid(`${field}: Invalid data URI.`);
      const bytes = Buffer.from(data[2]!, 'base64');
      if (kind === 'image') {
        const decoded = await imageInfo(bytes);
        if (!decoded) throw invalid(`${field}: Unsupported asset type. Data URIs must include the content type of the value they encode.`);
        (record.images ??= []).push({ field, type: data[1]!, bytes: bytes.length, ...decoded });
        return { image: decoded } as Partial<StoredUpload>;
      }
      throw invalid(`${field}: This server takes videos only as runway:// uploads.`);
    }
    if (uri.startsWith('https://')) throw invalid(`${field}: Failed to fetch asset. The URL may be incorrect or the server hosting the asset may be down.`);
    throw invalid(`${field}: Only HTTPS URLs are allowed.`);
  }

  function checkRatio(spec: EndpointSpec, body: Record<string, unknown>, model: string): [number, number] | null {
    const ratio = body.ratio;
    if (ratio === undefined) {
      if (spec.ratioRequired) throw invalid(`ratio: Required for ${model}.`);
      return null;
    }
    if (spec.ratios === null) return null;
    if (typeof ratio !== 'string' || !spec.ratios.includes(ratio)) {
      throw invalid(`ratio: Invalid enum value. Expected ${spec.ratios.map((r) => `'${r}'`).join(' | ')}, received '${String(ratio)}'.`);
    }
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    return [w, h];
  }

  function checkDuration(spec: EndpointSpec, body: Record<string, unknown>): number | null {
    if (!spec.duration) return null;
    const d = body.duration;
    if (d === undefined) {
      if (spec.duration.required) throw invalid('duration: Required.');
      return spec.duration.default;
    }
    if (d === 'auto' && spec.duration.auto) return Math.max(...spec.duration.values);
    if (typeof d !== 'number' || !spec.duration.values.includes(d)) {
      throw invalid(`duration: Must be one of ${spec.duration.values.join(', ')} for this model, received ${JSON.stringify(d)}.`);
    }
    return d;
  }

  async function create(endpoint: Endpoint, body: unknown, record: RecordedRequest): Promise<Task> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Expected a JSON object body.');
    const b = body as Record<string, unknown>;
    const model = b.model;
    if (typeof model !== 'string') throw invalid('model: Required.');
    if (retired.has(model)) throw new HttpFailure(403, `Model variant ${model} is not available.`);
    const spec = SPECS[model]?.[endpoint];
    if (!SPECS[model]) throw new HttpFailure(403, `Model variant ${model} is not available.`);
    if (!spec) throw invalid(`model: ${model} cannot be used with /v1/${endpoint}. Supported: ${Object.keys(SPECS).filter((m) => SPECS[m]?.[endpoint]).join(', ')}.`);

    const inputs = endpoint === 'image_to_video' ? ['promptImage'] : endpoint === 'video_to_video' ? [spec.videoField!, 'references'] : ['references'];
    const allowed = new Set(['model', 'promptText', 'ratio', 'duration', ...inputs, ...spec.fields]);
    if (spec.maxReferences === undefined) allowed.delete('references');
    const unknown = Object.keys(b).filter((k) => !allowed.has(k));
    if (unknown.length > 0) throw invalid(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}.`);

    const prompt = b.promptText;
    if (prompt === undefined) {
      if (spec.promptRequired) throw invalid('promptText: Required.');
    } else if (typeof prompt !== 'string' || prompt.trim() === '') {
      throw invalid('promptText: Must be a non-empty string.');
    } else if (prompt.length > spec.promptMax) {
      throw invalid(`promptText: String must contain at most ${spec.promptMax} character(s).`);
    }
    const ratio = checkRatio(spec, b, model);
    let seconds = checkDuration(spec, b);
    if (b.seed !== undefined && (!Number.isInteger(b.seed) || (b.seed as number) < 0 || (b.seed as number) > 4294967295)) {
      throw invalid('seed: Expected an integer from 0 to 4294967295.');
    }
    for (const flag of ['audio'] as const) {
      if (b[flag] !== undefined && typeof b[flag] !== 'boolean') throw invalid(`${flag}: Expected a boolean.`);
    }
    if (b.negativePrompt !== undefined && typeof b.negativePrompt !== 'string') throw invalid('negativePrompt: Expected a string.');

    let size: [number, number] | null = ratio;
    if (endpoint === 'image_to_video') {
      const images = typeof b.promptImage === 'string' ? [{ uri: b.promptImage, position: 'first' }] : b.promptImage;
      if (!Array.isArray(images) || images.length === 0) throw invalid('promptImage: Required: an image URI or an array of { uri, position }.');
      const positions = images.map((img: { position?: unknown }) => (img?.position === undefined ? 'reference' : img.position));
      for (const [i, position] of positions.entries()) {
        if (!spec.positions!.includes(position as 'first')) {
          throw invalid(`promptImage[${i}].position: ${String(position)} is not supported by ${model}${position === 'reference' ? ' (a position is required)' : ''}.`);
        }
      }
      if (new Set(positions.filter((p) => p !== 'reference')).size !== positions.filter((p) => p !== 'reference').length) {
        throw invalid('promptImage: Each position may be given once.');
      }
      if (positions.includes('last') && !positions.includes('first')) throw invalid('promptImage: This model does not support generating with only a last frame.');
      if (positions.includes('reference') && positions.some((p) => p !== 'reference')) throw invalid('promptImage: Keyframes (first/last) and reference images cannot be mixed.');
      if (positions.filter((p) => p === 'reference').length > (spec.maxReferences ?? 0)) throw invalid(`promptImage: At most ${spec.maxReferences ?? 0} reference images.`);
      for (const [i, img] of images.entries()) {
        const s = await media(`promptImage[${i}]`, (img as { uri?: unknown })?.uri, 'image', record);
        if (i === 0 && !size && s.image) size = [s.image.width, s.image.height];
      }
    }
    if (endpoint === 'video_to_video') {
      const s = await media(spec.videoField!, b[spec.videoField!], 'video', record);
      if (!size && s.video) size = [s.video.width, s.video.height];
      if (seconds === null && s.video) seconds = Math.min(30, Math.max(1, Math.round(s.video.seconds)));
    }
    if (b.references !== undefined) {
      if (!Array.isArray(b.references)) throw invalid('references: Expected an array of { uri }.');
      if (b.references.length > (spec.maxReferences ?? 0)) throw invalid(`references: At most ${spec.maxReferences ?? 0} images.`);
      for (const [i, ref] of b.references.entries()) await media(`references[${i}]`, (ref as { uri?: unknown })?.uri, 'image', record);
    }
    const [width, height] = size ?? [1280, 720];
    const secs = seconds ?? 5;
    const refusal = faults.has('refusal');
    const t: Task = {
      id: crypto.randomUUID(),
      model,
      endpoint,
      body: b,
      width,
      height,
      seconds: secs,
      credits: Math.round((credits[model] ?? 10) * secs),
      createdAt: Date.now(),
      startedAt: null,
      cancelledAt: null,
      deleted: false,
      ...(refusal?.kind === 'refusal'
        ? { failure: { code: refusal.code ?? 'SAFETY.INPUT.TEXT', message: refusal.message ?? 'The prompt did not pass content moderation.' } }
        : {}),
    };
    tasks.set(t.id, t);
    billed.push({ taskId: t.id, model, credits: t.credits });
    advance(t.createdAt);
    return t;
  }

  async function storeUpload(req: http.IncomingMessage, body: Buffer, record: RecordedRequest, res: http.ServerResponse) {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) throw new HttpFailure(400, 'Expected a multipart/form-data POST.');
    const form = await new Request('http://contract.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
    const fields: Record<string, string> = {};
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file') file = value;
    }
    record.fields = fields;
    const upload = [...uploads.values()].find((u) => u.key === fields.key);
    if (!upload || fields['x-amz-signature'] !== upload.signature) throw new HttpFailure(403, 'AccessDenied: Invalid according to Policy: Policy Condition failed');
    if (!file) throw new HttpFailure(400, 'InvalidArgument: POST requires exactly one file upload per request.');
    if (upload.stored) throw new HttpFailure(403, 'AccessDenied: this upload URL was already used.');
    const bytes = Buffer.from(await file.arrayBuffer());
    const entry: StoredUpload = { runwayUri: `runway://${upload.id}`, filename: upload.filename, type: file.type, bytes: bytes.length, headers: flatHeaders(req) };
    const image = await imageInfo(bytes);
    if (image) entry.image = image;
    else if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') entry.video = await probeVideo(bytes);
    record.images = image ? [{ field: 'file', filename: upload.filename, type: file.type, bytes: bytes.length, ...image }] : [];
    upload.stored = entry;
    stored.push(entry);
    res.writeHead(204);
    res.end();
  }

  async function output(url: URL, res: http.ServerResponse) {
    const match = /^\/outputs\/([0-9a-f-]+)\.mp4$/.exec(url.pathname);
    const t = match ? tasks.get(match[1]!) : undefined;
    const expires = Number(url.searchParams.get('expires'));
    const expected = t ? crypto.createHmac('sha256', secret).update(`${t.id}:${expires}`).digest('hex') : '';
    if (!t || t.deleted || url.searchParams.get('signature') !== expected) throw new HttpFailure(403, 'AccessDenied');
    if (faults.has('expired') || Date.now() > expires) throw new HttpFailure(403, 'AccessDenied: Request has expired');
    const file = await contractClip({ width: t.width, height: t.height, seconds: t.seconds, ...(options.clipFps ? { fps: options.clipFps } : {}) });
    sendBytes(res, await fs.readFile(file), 'video/mp4', faults.take('cut-download') !== undefined);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);

    // Storage and CDN: presigned, no Runway key.
    if (method === 'POST' && url.pathname === '/storage/ephemeral') {
      const fault = faults.take('status', 'storage');
      if (fault) throw new HttpFailure(fault.status, fault.message ?? 'InternalError');
      return storeUpload(req, body, record, res);
    }
    if (method === 'GET' && parts[0] === 'outputs') {
      const fault = faults.take('status', 'output');
      if (fault) throw new HttpFailure(fault.status, fault.message ?? 'InternalError');
      return output(url, res);
    }

    if (parts[0] !== 'v1') throw new HttpFailure(404, `Cannot ${method} ${url.pathname}.`);
    const endpoint = parts[1] as Endpoint;
    const routeName: RunwayRoute | undefined =
      method === 'POST' && parts.length === 2 && (endpoint === 'text_to_video' || endpoint === 'image_to_video' || endpoint === 'video_to_video') ? 'create'
        : method === 'GET' && parts[1] === 'tasks' && parts.length === 3 ? 'task'
          : method === 'DELETE' && parts[1] === 'tasks' && parts.length === 3 ? 'delete'
            : method === 'POST' && parts[1] === 'uploads' && parts.length === 2 ? 'uploads'
              : undefined;
    if (!routeName) {
      const known = ['text_to_video', 'image_to_video', 'video_to_video', 'tasks', 'uploads'].includes(parts[1] ?? '');
      throw new HttpFailure(known ? 405 : 404, known ? `Method ${method} is not allowed for ${url.pathname}.` : `Cannot ${method} ${url.pathname}.`);
    }

    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${apiKey}`) throw new HttpFailure(401, 'The API key provided is not valid.');
    const version = req.headers['x-runway-version'];
    if (version !== RUNWAY_VERSION) {
      throw invalid(version ? `X-Runway-Version: Unsupported version '${String(version)}'.` : 'X-Runway-Version: The X-Runway-Version header is required.');
    }

    const fault = faults.take('status', routeName);
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const words = fault.status === 429
        ? 'You have exceeded the number of generations allowed for your tier. Please try again later.'
        : fault.status >= 500 ? 'Runway is shedding load. Please try again.' : 'Bad request.';
      throw new HttpFailure(fault.status, fault.message ?? words, headers);
    }

    let json: unknown;
    if (method === 'POST') {
      try {
        json = JSON.parse(body.toString('utf8') || 'null');
      } catch {
        throw invalid('The request body is not valid JSON.');
      }
      record.json = json;
    }

    switch (routeName) {
      case 'create': {
        const t = await create(endpoint, json, record);
        const billFault = billFaults.find((f) => f.left > 0);
        if (billFault) {
          billFault.left -= 1;
          if (billFault.answer === 'drop') {
            res.socket?.destroy();
            return;
          }
          throw new HttpFailure(500, 'An internal error occurred.');
        }
        return sendJson(res, 200, { id: t.id, estimatedCost: { credits: t.credits } });
      }
      case 'task':
        return sendJson(res, 200, taskObject(findTask(parts[2]!)));
      case 'delete': {
        const t = findTask(parts[2]!);
        advance();
        const status = statusOf(t);
        if (status === 'PENDING' || status === 'THROTTLED' || status === 'RUNNING') t.cancelledAt = Date.now();
        else t.deleted = true;
        advance();
        res.writeHead(204);
        res.end();
        return;
      }
      case 'uploads': {
        const b = (json ?? {}) as { filename?: unknown; type?: unknown };
        const unknown = Object.keys(b).filter((k) => k !== 'filename' && k !== 'type');
        if (unknown.length > 0) throw invalid(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}.`);
        if (typeof b.filename !== 'string' || !b.filename.trim()) throw invalid('filename: Required.');
        if (b.type !== 'ephemeral') throw invalid("type: Invalid literal value, expected 'ephemeral'.");
        const id = crypto.randomUUID();
        const key = `ephemeral/${id}/${b.filename}`;
        const signature = crypto.createHmac('sha256', secret).update(key).digest('hex');
        uploads.set(id, { id, filename: b.filename, key, signature });
        const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 3_600_000).toISOString(), conditions: [{ key }] })).toString('base64');
        return sendJson(res, 200, { uploadUrl: `${base}/storage/ephemeral`, fields: { key, policy, 'x-amz-signature': signature }, runwayUri: `runway://${id}` });
      }
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flatHeaders(req) };
    requests.push(record);
    readBody(req, 256 * 1024 * 1024)
      .then((body) => route(req, res, record, body))
      .catch((error: unknown) => {
        const failure = error instanceof HttpFailure ? error : new HttpFailure(500, `Contract server error: ${(error as Error).message}`);
        if (res.headersSent || res.destroyed) {
          res.socket?.destroy();
          return;
        }
        sendJson(res, failure.status, { error: failure.message }, failure.headers);
      })
      .finally(() => {
        record.status = res.statusCode;
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = baseOf(server);

  return {
    baseUrl: base,
    apiKey,
    requests,
    billed,
    uploads: stored,
    setFault: (fault) => {
      if (fault.kind === 'bill-then-fail') billFaults.push({ answer: fault.answer, left: fault.times ?? 1 });
      else faults.add(fault);
    },
    clearFaults: () => {
      faults.clear();
      billFaults.length = 0;
    },
    taskStatus: (id) => {
      const t = tasks.get(id);
      if (!t) return undefined;
      advance();
      return t.deleted ? 'DELETED' : statusOf(t);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Width, height and duration of an uploaded MP4, read with ffprobe. */
async function probeVideo(bytes: Buffer): Promise<StoredUpload['video']> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-upload-'));
  const file = path.join(dir, 'in.mp4');
  try {
    await fs.writeFile(file, bytes);
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file]);
    const info = JSON.parse(stdout) as { streams?: { width?: number; height?: number }[]; format?: { duration?: string } };
    const stream = info.streams?.[0];
    if (!stream?.width || !stream.height) return undefined;
    return { width: stream.width, height: stream.height, seconds: Number(info.format?.duration ?? 0) };
  } catch {
    return undefined;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// CLI: print the base URL and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startRunwayContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.key ? { apiKey: flags.key } : {}),
    ...(flags.concurrency ? { concurrency: Number(flags.concurrency) } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the Runway contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
