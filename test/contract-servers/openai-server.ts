/**
 * A local server for the OpenAI-compatible Videos API (`/v1/videos`) and Images API
 * (`/v1/images/generations`), written from OpenAI's documented contract (API reference and the
 * `openai` SDK's published types and pagination code), not from our adapter:
 *
 *   POST   /v1/videos                 multipart: prompt, model, seconds ("4"|"8"|"12"), size, input_reference (file)
 *   GET    /v1/videos                 list: ?after=<id of the previous page's last item>&limit=0..100 (default 20)
 *                                     &order=desc (default, newest first)|asc -> {object:'list', data, first_id, last_id, has_more}
 *   GET    /v1/videos/:id             video object; queued -> in_progress (progress 0..100) -> completed | failed
 *   GET    /v1/videos/:id/content     ?variant=video (MP4 with audio) | thumbnail (WebP) | spritesheet (JPEG)
 *   POST   /v1/videos/:id/remix       JSON {prompt}: a new job from a completed one
 *   DELETE /v1/videos/:id             completed or failed jobs only
 *   POST   /v1/images/generations     JSON {model, prompt, n, size, quality, output_format, ...}: synchronous;
 *                                     {created, data:[{b64_json}], size, quality, output_format, usage{tokens}}
 *
 * Bearer key check (401 in OpenAI's error shape), `x-request-id` on every answer,
 * `openai-poll-after-ms` on retrieve, and `input_reference` must be exactly `size`. A standing
 * `refusal` fault fails new videos later (`status: failed`, `error.code`) and refuses image
 * generations at once (400 `moderation_blocked`, type `image_generation_user_error`, as the
 * Images API answers). Every accepted create (video, remix, image) is recorded in `billed`;
 * the `billed-drop` and `billed-500` faults record one and then drop the connection or answer
 * 500, as a service that took (and charged) a job before the answer was lost.
 *
 * Tests: `const server = await startOpenAiContractServer({ renderMs: 200 })`, point the SDK at
 * `server.baseUrl`, arm faults with `server.setFault(...)`, read `server.requests`, `await server.close()`.
 * Manual runs: `npx tsx test/contract-servers/openai-server.ts --port 0 --render-ms 3000 --key k`.
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

/** Options for the OpenAI-compatible contract server. */
export interface OpenAiContractServerOptions extends RenderTiming {
  /** The only key accepted (default `test-openai-key`). */
  apiKey?: string;
  /** Model id -> sizes it renders. Default: sora-2 and sora-2-pro as documented. */
  models?: Record<string, string[]>;
  /** Model ids that answer 404 model_not_found, as a retired model does (default `sora-1.0-turbo`). */
  retiredModels?: string[];
  /** Allowed `seconds` values (default "4", "8", "12"). */
  seconds?: string[];
  /** Per-model `seconds` values that replace `seconds` for that model (a gateway's own models). */
  modelSeconds?: Record<string, string[]>;
  /** Image model id -> sizes it makes (default gpt-image-1 and gpt-image-1.5: 1024x1024, 1536x1024, 1024x1536). */
  imageModels?: Record<string, string[]>;
  /** How long an image generation holds the request, in ms (default 30). */
  imageMs?: number;
  /** Value of `openai-poll-after-ms` (default: one render step). */
  pollAfterMs?: number;
  /** Frame rate of the MP4s served (default 12). */
  clipFps?: number;
  /** Listen port (default 0: any free port). */
  port?: number;
}

/** Routes a `status` fault can target. */
export type OpenAiRoute = 'create' | 'retrieve' | 'list' | 'content' | 'remix' | 'delete' | 'images';

/** Routes that make (and bill) something. */
export type OpenAiCreateRoute = 'create' | 'remix' | 'images';

/**
 * Faults of this server beyond the shared ones: the create is accepted and billed, then the
 * answer is lost (`billed-drop`: the socket is destroyed before any byte of the response) or
 * replaced by a 500 (`billed-500`). Fire `times` times (default 1).
 */
export type OpenAiFault =
  | (Fault & { route?: OpenAiRoute | '*' })
  | { kind: 'billed-drop' | 'billed-500'; route: OpenAiCreateRoute; times?: number };

type BilledFault = Extract<OpenAiFault, { kind: 'billed-drop' | 'billed-500' }>;
const isBilledFault = (fault: OpenAiFault): fault is BilledFault => fault.kind === 'billed-drop' || fault.kind === 'billed-500';

/** A create the service accepted and would charge for. */
export interface BilledCreate {
  route: OpenAiCreateRoute;
  /** The video id, or `img_<n>` for an image generation. */
  id: string;
  model: string;
  size: string;
  /** Videos: the `seconds` string. */
  seconds?: string;
  /** Images: the `quality` asked for (`auto` when absent). */
  quality?: string;
  /** Images: how many. */
  n?: number;
  prompt: string;
  /** What became of the answer: sent, dropped, or replaced by a 500. */
  answer: 'sent' | 'dropped' | '500';
}

/** A video made earlier on this account (before the test started), for the list. */
export interface SeedVideo {
  model: string;
  prompt: string;
  seconds: string;
  size: string;
  /** Epoch ms. */
  createdAt: number;
}

/** A running contract server. */
export interface OpenAiContractServer {
  /** Base URL for the SDK, including `/v1` (e.g. `http://127.0.0.1:41234/v1`). */
  baseUrl: string;
  apiKey: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Every create the server accepted (and a real service would bill), oldest first. */
  billed: BilledCreate[];
  /** Arms a fault (see `Fault`, `OpenAiFault`); `status` faults take an `OpenAiRoute` or `*`. */
  setFault(fault: OpenAiFault): void;
  clearFaults(): void;
  /** Adds a video made earlier on this account (not billed now); returns its id. */
  seedVideo(video: SeedVideo): string;
  close(): Promise<void>;
}

interface Job {
  id: string;
  /** Creation order, to keep the list stable for jobs made in the same millisecond. */
  seq: number;
  model: string;
  prompt: string;
  seconds: string;
  size: string;
  createdAt: number;
  remixedFrom: string | null;
  refusal?: { code: string; message: string };
  deleted: boolean;
}

const DEFAULT_MODELS: Record<string, string[]> = {
  'sora-2': ['1280x720', '720x1280'],
  'sora-2-pro': ['1280x720', '720x1280', '1792x1024', '1024x1792', '1920x1080', '1080x1920'],
};
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const IMAGE_SIZES = ['1024x1024', '1536x1024', '1024x1536'];
const DEFAULT_IMAGE_MODELS: Record<string, string[]> = { 'gpt-image-1': IMAGE_SIZES, 'gpt-image-1.5': IMAGE_SIZES };
const IMAGE_QUALITIES = ['low', 'medium', 'high', 'auto'];
const IMAGE_FORMATS: Record<string, 'png' | 'jpeg' | 'webp'> = { png: 'png', jpeg: 'jpeg', webp: 'webp' };
/**
 * Image output tokens by quality and size, as OpenAI documents for GPT Image models (the Images
 * API reports them in `usage`; the per-image prices are these tokens at the model's rate).
 */
const OUTPUT_TOKENS: Record<string, Record<string, number>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

/** The connection was cut on purpose: nothing more is to be sent. */
class DroppedConnection extends Error {}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (message: string, param: string | null, code: string | null = 'invalid_value') =>
  new HttpFailure(400, message, 'invalid_request_error', code, param);

export async function startOpenAiContractServer(options: OpenAiContractServerOptions = {}): Promise<OpenAiContractServer> {
  const apiKey = options.apiKey ?? 'test-openai-key';
  const models = options.models ?? DEFAULT_MODELS;
  const retired = new Set(options.retiredModels ?? ['sora-1.0-turbo']);
  const allowedSeconds = options.seconds ?? ['4', '8', '12'];
  const imageModels = options.imageModels ?? DEFAULT_IMAGE_MODELS;
  const imageMs = options.imageMs ?? 30;
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const pollAfterMs = options.pollAfterMs ?? Math.max(1, Math.round((timing.renderMs ?? 300) / (timing.steps ?? 4)));
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const jobs = new Map<string, Job>();
  const billed: BilledCreate[] = [];
  let billedFaults: { fault: BilledFault; left: number }[] = [];
  let requestCounter = 0;
  let jobCounter = 0;
  let imageCounter = 0;

  /**
   * Records a create as billed, then loses the answer when a billed fault is armed for this
   * route: `dropped` destroys the socket (the client sees a reset, not a status), `500` throws
   * a server error. Returns normally when the answer is to be sent.
   */
  function bill(res: http.ServerResponse, entry: Omit<BilledCreate, 'answer'>): void {
    const armed = billedFaults.find((f) => f.left > 0 && f.fault.route === entry.route);
    if (armed) armed.left -= 1;
    const answer: BilledCreate['answer'] = !armed ? 'sent' : armed.fault.kind === 'billed-drop' ? 'dropped' : '500';
    billed.push({ ...entry, answer });
    if (answer === 'dropped') {
      res.socket?.destroy();
      throw new DroppedConnection();
    }
    if (answer === '500') throw new HttpFailure(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
  }

  function videoObject(job: Job) {
    const fraction = renderFraction(job.createdAt, timing);
    const finished = fraction >= 1;
    const status = finished ? (job.refusal ? 'failed' : 'completed') : fraction === 0 ? 'queued' : 'in_progress';
    const createdAt = Math.floor(job.createdAt / 1000);
    return {
      id: job.id,
      object: 'video',
      model: job.model,
      status,
      progress: finished ? 100 : Math.round(fraction * 100),
      created_at: createdAt,
      completed_at: finished ? createdAt + Math.ceil((timing.renderMs ?? 0) / 1000) : null,
      expires_at: finished ? createdAt + 3600 : null,
      error: finished && job.refusal ? job.refusal : null,
      prompt: job.prompt,
      remixed_from_video_id: job.remixedFrom,
      seconds: job.seconds,
      size: job.size,
    };
  }

  function findJob(id: string): Job {
    const job = jobs.get(id);
    if (!job || job.deleted) throw new HttpFailure(404, `Video with id '${id}' not found.`, 'invalid_request_error', 'video_not_found', 'video_id');
    return job;
  }

  function newJob(fields: Omit<Job, 'id' | 'seq' | 'createdAt' | 'deleted' | 'refusal'>): Job {
    const refusal = faults.has('refusal');
    const job: Job = {
      ...fields,
      id: `video_${crypto.randomBytes(12).toString('hex')}`,
      seq: (jobCounter += 1),
      createdAt: Date.now(),
      deleted: false,
      ...(refusal?.kind === 'refusal'
        ? { refusal: { code: refusal.code ?? 'moderation_blocked', message: refusal.message ?? 'Your request was blocked by our moderation system.' } }
        : {}),
    };
    jobs.set(job.id, job);
    return job;
  }

  async function parseMultipart(req: http.IncomingMessage, body: Buffer, record: RecordedRequest) {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) {
      throw invalid(`Expected a multipart/form-data body, got '${type || 'none'}'.`, null, null);
    }
    // undici's Request parses multipart exactly as a browser would (Node 20 has it built in).
    const form = await new Request('http://contract.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
    const fields: Record<string, string> = {};
    const files: { field: string; file: File; bytes: Buffer; info: RecordedImage }[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        fields[name] = value;
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        const decoded = await imageInfo(bytes);
        const info: RecordedImage = { field: name, filename: value.name, type: value.type, bytes: bytes.length, ...decoded };
        files.push({ field: name, file: value, bytes, info });
      }
    }
    record.fields = fields;
    record.images = files.map((f) => f.info);
    return { fields, files };
  }

  async function create(req: http.IncomingMessage, body: Buffer, record: RecordedRequest) {
    const { fields, files } = await parseMultipart(req, body, record);
    const prompt = fields.prompt ?? '';
    if (!prompt.trim()) throw invalid("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
    const model = fields.model ?? 'sora-2';
    if (retired.has(model)) {
      throw new HttpFailure(404, `The model '${model}' does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model');
    }
    const sizes = models[model];
    if (!sizes) throw invalid(`Invalid value: '${model}'. Supported values are: ${Object.keys(models).map((m) => `'${m}'`).join(', ')}.`, 'model');
    const seconds = fields.seconds ?? '4';
    const modelSeconds = options.modelSeconds?.[model] ?? allowedSeconds;
    if (!modelSeconds.includes(seconds)) {
      throw invalid(`Invalid value: '${seconds}'. Supported values are: ${modelSeconds.map((s) => `'${s}'`).join(', ')}.`, 'seconds');
    }
    const size = fields.size ?? '720x1280';
    if (!sizes.includes(size)) {
      throw invalid(`Invalid value: '${size}'. Supported values for ${model} are: ${sizes.map((s) => `'${s}'`).join(', ')}.`, 'size');
    }
    const unexpected = files.filter((f) => f.field !== 'input_reference');
    if (unexpected.length > 0) throw invalid(`Unrecognized file parameter: '${unexpected[0]?.field}'.`, unexpected[0]?.field ?? null, 'unknown_parameter');
    const reference = files[0];
    if (reference) {
      if (!reference.info.filename || !IMAGE_TYPES.has(reference.info.type)) {
        throw invalid(
          `Invalid file 'input_reference': unsupported mimetype ('${reference.info.type || 'none'}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
          'input_reference', 'unsupported_file',
        );
      }
      if (reference.info.width === undefined) throw invalid("Invalid file 'input_reference': the image could not be decoded.", 'input_reference', 'invalid_image');
      if (`${reference.info.width}x${reference.info.height}` !== size) {
        throw invalid('Inpaint image must match the requested width and height', 'input_reference', 'invalid_image_dimensions');
      }
    }
    return newJob({ model, prompt, seconds, size, remixedFrom: null });
  }

  async function content(job: Job, variant: string, res: http.ServerResponse) {
    const video = videoObject(job);
    if (video.status !== 'completed') {
      throw invalid(`Video '${job.id}' is ${video.status}; content is available once it has completed.`, 'video_id', 'video_not_ready');
    }
    if (faults.has('expired')) {
      throw new HttpFailure(404, `The content of video '${job.id}' has expired. Generate it again.`, 'invalid_request_error', 'video_expired', 'video_id');
    }
    const [width, height] = job.size.split('x').map(Number) as [number, number];
    let data: Buffer;
    let type: string;
    if (variant === 'video') {
      const file = await contractClip({ width, height, seconds: Number(job.seconds), ...(options.clipFps ? { fps: options.clipFps } : {}) });
      data = await fs.readFile(file);
      type = 'video/mp4';
    } else if (variant === 'thumbnail') {
      data = await sharp({ create: { width, height, channels: 3, background: '#335577' } }).webp().toBuffer();
      type = 'image/webp';
    } else if (variant === 'spritesheet') {
      data = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#553377' } }).jpeg().toBuffer();
      type = 'image/jpeg';
    } else {
      throw invalid(`Invalid value: '${variant}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.`, 'variant');
    }
    sendBytes(res, data, type, faults.take('cut-download') !== undefined, { 'x-request-id': `req_${requestCounter}` });
  }

  /** `GET /v1/videos`: cursor pages as the SDK's ConversationCursorPage reads them (`after` = the previous page's `last_id`). */
  function list(query: URLSearchParams) {
    const limitText = query.get('limit');
    const limit = limitText === null ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 0 || limit > 100) {
      throw invalid(`Invalid value for 'limit': '${limitText}'. It must be an integer between 0 and 100.`, 'limit', 'integer_out_of_range');
    }
    const order = query.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw invalid(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order');
    const all = [...jobs.values()]
      .filter((j) => !j.deleted)
      .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    if (order === 'desc') all.reverse();
    const after = query.get('after');
    let start = 0;
    if (after !== null) {
      const at = all.findIndex((j) => j.id === after);
      if (at < 0) throw invalid(`Invalid value for 'after': no video with id '${after}'.`, 'after', 'invalid_cursor');
      start = at + 1;
    }
    const page = all.slice(start, start + limit).map(videoObject);
    return { object: 'list', data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < all.length };
  }

  /** `POST /v1/images/generations` (JSON): a synchronous generation answered with base64 images and token usage. */
  async function generateImages(body: Buffer, record: RecordedRequest, res: http.ServerResponse, headers: Record<string, string>): Promise<void> {
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw invalid('We could not parse the JSON body of your request.', null, 'invalid_json');
    }
    record.json = params;
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw invalid('The request body must be a JSON object.', null, 'invalid_json');
    const prompt = typeof params.prompt === 'string' ? params.prompt : '';
    if (!prompt.trim()) throw invalid("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
    if (prompt.length > 32000) throw invalid('The prompt is longer than 32000 characters.', 'prompt', 'string_above_max_length');
    const model = typeof params.model === 'string' ? params.model : 'gpt-image-1';
    if (retired.has(model)) {
      throw new HttpFailure(404, `The model '${model}' does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model');
    }
    const sizes = imageModels[model];
    if (!sizes) throw invalid(`Invalid value: '${model}'. Supported values are: ${Object.keys(imageModels).map((m) => `'${m}'`).join(', ')}.`, 'model');
    // GPT image models always answer in base64; the legacy URL switch is refused.
    if (params.response_format !== undefined && params.response_format !== null) throw invalid("Unknown parameter: 'response_format'.", 'response_format', 'unknown_parameter');
    const n = params.n === undefined || params.n === null ? 1 : params.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10) throw invalid(`Invalid value for 'n': ${JSON.stringify(n)}. It must be between 1 and 10.`, 'n', 'integer_out_of_range');
    const sizeParam = params.size === undefined || params.size === null ? 'auto' : params.size;
    const size = sizeParam === 'auto' ? sizes[0]! : sizeParam;
    if (typeof size !== 'string' || !sizes.includes(size)) {
      throw invalid(`Invalid value: '${String(sizeParam)}'. Supported values are: ${[...sizes, 'auto'].map((v) => `'${v}'`).join(', ')}.`, 'size');
    }
    const quality = params.quality === undefined || params.quality === null ? 'auto' : params.quality;
    if (typeof quality !== 'string' || !IMAGE_QUALITIES.includes(quality)) {
      throw invalid(`Invalid value: '${String(quality)}'. Supported values are: ${IMAGE_QUALITIES.map((v) => `'${v}'`).join(', ')}.`, 'quality');
    }
    const formatParam = params.output_format === undefined || params.output_format === null ? 'png' : params.output_format;
    const format = typeof formatParam === 'string' ? IMAGE_FORMATS[formatParam] : undefined;
    if (!format) throw invalid(`Invalid value: '${String(formatParam)}'. Supported values are: 'png', 'jpeg' and 'webp'.`, 'output_format');
    if (params.stream === true) throw invalid('Streaming is not served by this contract server.', 'stream', 'unsupported_value');

    const refusal = faults.has('refusal');
    if (refusal?.kind === 'refusal') {
      // The Images API refuses at once, in its own words (nothing is billed).
      throw new HttpFailure(
        400,
        refusal.message ?? `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_${requestCounter}. safety_violations=[violence].`,
        'image_generation_user_error',
        refusal.code ?? 'moderation_blocked',
      );
    }
    if (imageMs > 0) await new Promise((resolve) => setTimeout(resolve, imageMs));
    imageCounter += 1;
    bill(res, { route: 'images', id: `img_${imageCounter}`, model, size, quality, n, prompt });

    const [width, height] = size.split('x').map(Number) as [number, number];
    const picture = sharp({ create: { width, height, channels: 3, background: '#446688' } });
    const bytes = await (format === 'png' ? picture.png() : format === 'jpeg' ? picture.jpeg() : picture.webp()).toBuffer();
    const perImage = OUTPUT_TOKENS[quality === 'auto' ? 'medium' : quality]?.[size] ?? 1056;
    const textTokens = Math.max(1, Math.ceil(prompt.length / 4));
    return sendJson(res, 200, {
      created: Math.floor(Date.now() / 1000),
      background: 'opaque',
      data: Array.from({ length: n }, () => ({ b64_json: bytes.toString('base64') })),
      output_format: format,
      quality: quality === 'auto' ? 'medium' : quality,
      size,
      usage: {
        input_tokens: textTokens,
        input_tokens_details: { image_tokens: 0, text_tokens: textTokens },
        output_tokens: perImage * n,
        output_tokens_details: { image_tokens: perImage * n, text_tokens: 0 },
        total_tokens: textTokens + perImage * n,
      },
    }, headers);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    const images = parts[1] === 'images' && parts[2] === 'generations' && parts.length === 3;
    if (parts[0] !== 'v1' || (parts[1] !== 'videos' && !images)) throw new HttpFailure(404, `Unknown URL ${method} ${url.pathname}.`, 'invalid_request_error', 'unknown_url');
    const id = images ? undefined : parts[2];
    const sub = images ? undefined : parts[3];
    const routeName: OpenAiRoute | undefined =
      images ? (method === 'POST' ? 'images' : undefined)
        : method === 'POST' && !id ? 'create'
        : method === 'GET' && !id ? 'list'
          : method === 'GET' && id && !sub ? 'retrieve'
            : method === 'GET' && sub === 'content' ? 'content'
              : method === 'POST' && sub === 'remix' ? 'remix'
                : method === 'DELETE' && id && !sub ? 'delete'
                  : undefined;
    if (!routeName || parts.length > 4) throw new HttpFailure(404, `Unknown URL ${method} ${url.pathname}.`, 'invalid_request_error', 'unknown_url');

    const auth = req.headers.authorization ?? '';
    if (!auth) {
      throw new HttpFailure(401, "You didn't provide an API key. Provide it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null);
    }
    if (auth !== `Bearer ${apiKey}`) throw new HttpFailure(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');

    const fault = faults.take('status', routeName);
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const rateLimited = fault.status === 429;
      throw new HttpFailure(
        fault.status,
        fault.message ?? (rateLimited ? 'Rate limit reached for requests. Please try again later.' : 'The server had an error while processing your request. Sorry about that!'),
        rateLimited ? 'requests' : fault.status >= 500 ? 'server_error' : 'invalid_request_error',
        fault.code ?? (rateLimited ? 'rate_limit_exceeded' : null),
        null,
        headers,
      );
    }

    const requestId = { 'x-request-id': `req_${requestCounter}` };
    switch (routeName) {
      case 'create': {
        const job = await create(req, body, record);
        bill(res, { route: 'create', id: job.id, model: job.model, size: job.size, seconds: job.seconds, prompt: job.prompt });
        return sendJson(res, 200, videoObject(job), requestId);
      }
      case 'images':
        return generateImages(body, record, res, requestId);
      case 'list':
        return sendJson(res, 200, list(url.searchParams), requestId);
      case 'retrieve':
        return sendJson(res, 200, videoObject(findJob(id!)), { ...requestId, 'openai-poll-after-ms': String(pollAfterMs) });
      case 'content':
        return content(findJob(id!), url.searchParams.get('variant') ?? 'video', res);
      case 'remix': {
        const source = findJob(id!);
        let prompt: string;
        if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
          prompt = (await parseMultipart(req, body, record)).fields.prompt ?? '';
        } else {
          try {
            record.json = JSON.parse(body.toString('utf8'));
          } catch {
            throw invalid('The request body is not valid JSON.', null, 'invalid_json');
          }
          const value = (record.json as { prompt?: unknown } | null)?.prompt;
          prompt = typeof value === 'string' ? value : '';
        }
        if (!prompt.trim()) throw invalid("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
        if (videoObject(source).status !== 'completed') throw invalid(`Video '${source.id}' must be completed before it can be remixed.`, 'video_id', 'video_not_ready');
        const job = newJob({ model: source.model, prompt, seconds: source.seconds, size: source.size, remixedFrom: source.id });
        bill(res, { route: 'remix', id: job.id, model: job.model, size: job.size, seconds: job.seconds, prompt: job.prompt });
        return sendJson(res, 200, videoObject(job), requestId);
      }
      case 'delete': {
        const job = findJob(id!);
        const status = videoObject(job).status;
        if (status !== 'completed' && status !== 'failed') {
          throw invalid(`Video '${job.id}' is ${status}; only completed or failed videos can be deleted.`, 'video_id', 'video_not_deletable');
        }
        job.deleted = true;
        return sendJson(res, 200, { id: job.id, object: 'video.deleted', deleted: true }, requestId);
      }
    }
  }

  const server = http.createServer((req, res) => {
    requestCounter += 1;
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
    };
    requests.push(record);
    readBody(req)
      .then((body) => route(req, res, record, body))
      .catch((error: unknown) => {
        if (error instanceof DroppedConnection) return;
        const failure = error instanceof HttpFailure
          ? error
          : new HttpFailure(500, `Contract server error: ${(error as Error).message}`, 'server_error', null);
        if (res.headersSent) {
          res.socket?.destroy();
          return;
        }
        sendJson(res, failure.status, { error: { message: failure.message, type: failure.type, param: failure.param, code: failure.code } }, {
          'x-request-id': `req_${requestCounter}`,
          ...failure.headers,
        });
      })
      .finally(() => {
        record.status = res.statusCode;
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));

  return {
    baseUrl: `${baseOf(server)}/v1`,
    apiKey,
    requests,
    billed,
    setFault: (fault) => {
      if (isBilledFault(fault)) billedFaults.push({ fault, left: fault.times ?? 1 });
      else faults.add(fault);
    },
    clearFaults: () => {
      faults.clear();
      billedFaults = [];
    },
    seedVideo: (video) => {
      const job: Job = { ...video, id: `video_${crypto.randomBytes(12).toString('hex')}`, seq: (jobCounter += 1), remixedFrom: null, deleted: false };
      jobs.set(job.id, job);
      return job.id;
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
  startOpenAiContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.key ? { apiKey: flags.key } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the OpenAI contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
