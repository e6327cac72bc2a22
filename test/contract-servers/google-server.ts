/**
 * A local server for Veo on the Gemini Developer API, written from Google's documented REST
 * contract (the Veo guide and the long-running operation shape), not from our adapter:
 *
 *   POST /v1beta/models/{model}:predictLongRunning   {instances:[{prompt, image?, lastFrame?, referenceImages?}], parameters:{...}}
 *   GET  /v1beta/models/{model}/operations/{id}      {name, done:false} -> {name, done:true, response:{generateVideoResponse:{generatedSamples:[{video:{uri}}]}}}
 *   GET  /v1beta/files/{id}:download?alt=media       302 to a signed URL on a second "storage" origin, which serves the MP4
 *
 * The key goes in `x-goog-api-key` or `?key=`. As Google does: a missing key is 403
 * PERMISSION_DENIED, a wrong one 400 INVALID_ARGUMENT with reason API_KEY_INVALID. Parameters
 * are checked as the guide states (durationSeconds 4/6/8 as a number; 16:9 or 9:16; 720p,
 * 1080p, 4k; 1080p/4k, references and last frames need 8 s; up to 3 asset references and never
 * with a first or last frame); unknown fields are refused the way the proto JSON parser does.
 * A refusal finishes the operation with `raiMediaFilteredCount`/`raiMediaFilteredReasons`.
 *
 * Manual runs: `npx tsx test/contract-servers/google-server.ts --port 0 --render-ms 3000 --key k`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { contractClip } from './contract-clip';
import {
  FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, renderFraction, sendBytes, sendJson,
  type Fault, type RecordedImage, type RecordedRequest, type RenderTiming,
} from './contract-kit';

/** Options for the Veo contract server. */
export interface GoogleContractServerOptions extends RenderTiming {
  /** The only key accepted (default `test-google-key`). */
  apiKey?: string;
  /** Model ids served (default the Veo 3.1 family). */
  models?: string[];
  /** Model ids that answer 404 as retired models do (default veo-2.0-generate-001, veo-3.0-generate-001). */
  retiredModels?: string[];
  /** Accepted `parameters` fields (default: the ones the Gemini API documents for Veo 3.1). */
  parameters?: string[];
  /** Frame rate of the MP4s served (default 12). */
  clipFps?: number;
  port?: number;
}

/** Routes a `status` fault can target. */
export type GoogleRoute = 'predict' | 'operation' | 'download' | 'storage';

/** A running Veo contract server. */
export interface GoogleContractServer {
  /** Base URL for `httpOptions.baseUrl` (no version: the SDK adds `/v1beta`). */
  baseUrl: string;
  /** Origin of the signed download URLs (a different port, like a storage host). */
  storageUrl: string;
  apiKey: string;
  /** Every request to either origin, oldest first. */
  requests: RecordedRequest[];
  setFault(fault: Fault & { route?: GoogleRoute | '*' }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface Operation {
  id: string;
  model: string;
  seconds: number;
  width: number;
  height: number;
  createdAt: number;
  fileId: string;
  refusal?: string;
}

const DEFAULT_MODELS = ['veo-3.1-generate-preview', 'veo-3.1-fast-generate-preview', 'veo-3.1-lite-generate-preview'];
const DEFAULT_PARAMETERS = ['sampleCount', 'durationSeconds', 'aspectRatio', 'resolution', 'negativePrompt', 'personGeneration', 'seed'];
const INSTANCE_FIELDS = ['prompt', 'image', 'lastFrame', 'referenceImages', 'video'];
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const SIZES: Record<string, Record<string, [number, number]>> = {
  '16:9': { '720p': [1280, 720], '1080p': [1920, 1080], '4k': [3840, 2160] },
  '9:16': { '720p': [720, 1280], '1080p': [1080, 1920], '4k': [2160, 3840] },
};
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details: unknown[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const invalid = (message: string) => new RpcFailure(400, message);

export async function startGoogleContractServer(options: GoogleContractServerOptions = {}): Promise<GoogleContractServer> {
  const apiKey = options.apiKey ?? 'test-google-key';
  const models = new Set(options.models ?? DEFAULT_MODELS);
  const retired = new Set(options.retiredModels ?? ['veo-2.0-generate-001', 'veo-3.0-generate-001']);
  const parameters = new Set(options.parameters ?? DEFAULT_PARAMETERS);
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const operations = new Map<string, Operation>();
  const files = new Map<string, { operation: Operation; token: string }>();
  let apiBase = '';
  let storageBase = '';

  async function checkImage(value: unknown, field: string, images: RecordedImage[]): Promise<void> {
    const image = value as { bytesBase64Encoded?: unknown; mimeType?: unknown; [key: string]: unknown } | null;
    if (!image || typeof image !== 'object') throw invalid(`Invalid value at '${field}': expected an Image object.`);
    const extra = Object.keys(image).find((k) => k !== 'bytesBase64Encoded' && k !== 'mimeType');
    if (extra) throw invalid(`Invalid JSON payload received. Unknown name "${extra}" at '${field}': Cannot find field.`);
    if (typeof image.bytesBase64Encoded !== 'string' || typeof image.mimeType !== 'string') {
      throw invalid(`'${field}' needs bytesBase64Encoded and mimeType.`);
    }
    const bytes = Buffer.from(image.bytesBase64Encoded, 'base64');
    const info = await imageInfo(bytes);
    images.push({ field, type: image.mimeType, bytes: bytes.length, ...info });
    if (!IMAGE_TYPES.has(image.mimeType)) throw invalid(`Unsupported MIME type '${image.mimeType}' at '${field}'. Use image/png, image/jpeg or image/webp.`);
    if (!info) throw invalid(`The image at '${field}' could not be decoded.`);
  }

  async function predict(model: string, body: Buffer, record: RecordedRequest): Promise<Operation> {
    if (retired.has(model) || !models.has(model)) {
      throw new RpcFailure(404, `models/${model} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw invalid('Invalid JSON payload received. Unexpected token.');
    }
    record.json = json;
    const request = json as { instances?: unknown; parameters?: Record<string, unknown>; [key: string]: unknown };
    const extraTop = Object.keys(request ?? {}).find((k) => k !== 'instances' && k !== 'parameters');
    if (extraTop) throw invalid(`Invalid JSON payload received. Unknown name "${extraTop}": Cannot find field.`);
    if (!Array.isArray(request.instances) || request.instances.length !== 1) throw invalid('instances must hold exactly one instance.');
    const instance = request.instances[0] as Record<string, unknown>;
    const extraInstance = Object.keys(instance ?? {}).find((k) => !INSTANCE_FIELDS.includes(k));
    if (extraInstance) throw invalid(`Invalid JSON payload received. Unknown name "${extraInstance}" at 'instances[0]': Cannot find field.`);
    const params = request.parameters ?? {};
    const extraParam = Object.keys(params).find((k) => !parameters.has(k));
    if (extraParam) throw invalid(`Invalid JSON payload received. Unknown name "${extraParam}" at 'parameters': Cannot find field.`);

    if (typeof instance.prompt !== 'string' || !instance.prompt.trim()) throw invalid('A text prompt is required (instances[0].prompt).');
    const images: RecordedImage[] = [];
    record.images = images;
    if (instance.image !== undefined) await checkImage(instance.image, 'image', images);
    if (instance.lastFrame !== undefined) await checkImage(instance.lastFrame, 'lastFrame', images);
    const references = instance.referenceImages;
    if (references !== undefined) {
      if (!Array.isArray(references)) throw invalid("'referenceImages' must be a list.");
      if (references.length > 3) throw invalid(`At most 3 reference images are supported; got ${references.length}.`);
      for (const [i, ref] of references.entries()) {
        const r = ref as { image?: unknown; referenceType?: unknown };
        if (typeof r.referenceType !== 'string' || r.referenceType.toLowerCase() !== 'asset') {
          throw invalid(`referenceImages[${i}].referenceType must be "asset" for this model.`);
        }
        await checkImage(r.image, `referenceImages[${i}]`, images);
      }
    }

    const seconds = params.durationSeconds ?? 8;
    // Documented as an integer; a string here means the client drifted from the contract.
    if (typeof seconds !== 'number' || ![4, 6, 8].includes(seconds)) throw invalid(`durationSeconds must be 4, 6 or 8; got ${JSON.stringify(seconds)}.`);
    const aspectRatio = params.aspectRatio ?? '16:9';
    const resolution = params.resolution ?? '720p';
    if (typeof aspectRatio !== 'string' || !SIZES[aspectRatio]) throw invalid(`aspectRatio must be "16:9" or "9:16"; got ${JSON.stringify(aspectRatio)}.`);
    const size = typeof resolution === 'string' ? SIZES[aspectRatio]?.[resolution] : undefined;
    if (!size) throw invalid(`resolution must be "720p", "1080p" or "4k"; got ${JSON.stringify(resolution)}.`);
    if (resolution !== '720p' && seconds !== 8) throw invalid(`${resolution} output requires durationSeconds 8.`);
    const sampleCount = params.sampleCount ?? 1;
    if (typeof sampleCount !== 'number' || sampleCount < 1 || sampleCount > 4) throw invalid('sampleCount must be between 1 and 4.');
    if (references !== undefined && (instance.image !== undefined || instance.lastFrame !== undefined)) {
      throw invalid('referenceImages cannot be combined with image or lastFrame.');
    }
    if (references !== undefined && seconds !== 8) throw invalid('referenceImages require durationSeconds 8.');
    if (instance.lastFrame !== undefined && instance.image === undefined) throw invalid('lastFrame requires image (the first frame).');
    if (instance.lastFrame !== undefined && seconds !== 8) throw invalid('Interpolation (image + lastFrame) requires durationSeconds 8.');
    for (const text of ['negativePrompt', 'personGeneration'] as const) {
      if (params[text] !== undefined && typeof params[text] !== 'string') throw invalid(`${text} must be a string.`);
    }

    const refusal = faults.has('refusal');
    const operation: Operation = {
      id: crypto.randomBytes(8).toString('hex'),
      model,
      seconds,
      width: size[0],
      height: size[1],
      createdAt: Date.now(),
      fileId: crypto.randomBytes(8).toString('hex'),
      ...(refusal?.kind === 'refusal'
        ? { refusal: refusal.message ?? "Your current safety settings for person generation prevented this video from being generated. (Support code 58061214)" }
        : {}),
    };
    operations.set(operation.id, operation);
    return operation;
  }

  function operationJson(op: Operation) {
    const name = `models/${op.model}/operations/${op.id}`;
    if (renderFraction(op.createdAt, timing) < 1) return { name, done: false };
    const generateVideoResponse = op.refusal
      ? { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [op.refusal] }
      : { generatedSamples: [{ video: { uri: `${apiBase}/v1beta/files/${op.fileId}:download?alt=media` } }] };
    if (!op.refusal && !files.has(op.fileId)) files.set(op.fileId, { operation: op, token: crypto.randomBytes(8).toString('hex') });
    return {
      name,
      done: true,
      response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse', generateVideoResponse },
    };
  }

  function checkKey(req: http.IncomingMessage, url: URL): void {
    const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
    if (!key) {
      throw new RpcFailure(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    }
    if (key !== apiKey) {
      throw new RpcFailure(400, 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      ]);
    }
  }

  function injected(routeName: GoogleRoute): void {
    const fault = faults.take('status', routeName);
    if (!fault) return;
    const details: unknown[] = [];
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfterSeconds}s` });
      headers['retry-after'] = String(fault.retryAfterSeconds);
    }
    const message = fault.message
      ?? (fault.status === 429 ? 'Resource has been exhausted (e.g. check quota).' : fault.status >= 500 ? 'An internal error has occurred. Please retry or report.' : 'Request failed.');
    throw new RpcFailure(fault.status, message, details, headers);
  }

  async function apiRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: RecordedRequest, body: Buffer) {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'v1beta') throw new RpcFailure(404, `Unknown path ${url.pathname}.`);
    const predictMatch = method === 'POST' && parts.length === 3 && parts[1] === 'models' ? /^(.+):predictLongRunning$/.exec(parts[2] ?? '') : null;
    const isOperation = method === 'GET' && parts.length === 5 && parts[1] === 'models' && parts[3] === 'operations';
    const downloadMatch = method === 'GET' && parts.length === 3 && parts[1] === 'files' ? /^([a-z0-9]+):download$/.exec(parts[2] ?? '') : null;
    const routeName: GoogleRoute | undefined = predictMatch ? 'predict' : isOperation ? 'operation' : downloadMatch ? 'download' : undefined;
    if (!routeName) throw new RpcFailure(404, `Unknown method ${method} ${url.pathname}.`);
    checkKey(req, url);
    injected(routeName);

    if (routeName === 'predict') {
      const op = await predict(predictMatch![1]!, body, record);
      return sendJson(res, 200, { name: `models/${op.model}/operations/${op.id}` });
    }
    if (routeName === 'operation') {
      const op = operations.get(parts[4] ?? '');
      if (!op || op.model !== parts[2]) throw new RpcFailure(404, `Operation ${parts.slice(1).join('/')} not found.`);
      return sendJson(res, 200, operationJson(op));
    }
    if (url.searchParams.get('alt') !== 'media') throw invalid('Downloads need alt=media.');
    const file = files.get(downloadMatch![1]!);
    if (!file || faults.has('expired')) throw new RpcFailure(404, `File files/${downloadMatch![1]} not found or has expired (generated videos are kept for 2 days).`);
    // Like Google's file service: redirect to a signed URL on another host, which needs no key.
    res.writeHead(302, { location: `${storageBase}/blob/${downloadMatch![1]}?token=${file.token}`, 'content-length': '0' });
    res.end();
  }

  async function storageRoute(res: http.ServerResponse, url: URL) {
    const parts = url.pathname.split('/').filter(Boolean);
    const file = parts[0] === 'blob' ? files.get(parts[1] ?? '') : undefined;
    if (!file || url.searchParams.get('token') !== file.token) throw new RpcFailure(403, 'The signed URL is not valid.');
    injected('storage');
    const op = file.operation;
    const clip = await contractClip({ width: op.width, height: op.height, seconds: op.seconds, ...(options.clipFps ? { fps: options.clipFps } : {}) });
    sendBytes(res, await fs.readFile(clip), 'video/mp4', faults.take('cut-download') !== undefined);
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
          const failure = error instanceof RpcFailure ? error : new RpcFailure(500, `Contract server error: ${(error as Error).message}`);
          if (res.headersSent) {
            res.socket?.destroy();
            return;
          }
          sendJson(res, failure.code, {
            error: { code: failure.code, message: failure.message, status: STATUS_NAMES[failure.code] ?? 'UNKNOWN', ...(failure.details.length ? { details: failure.details } : {}) },
          }, failure.headers);
        })
        .finally(() => {
          record.status = res.statusCode;
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
    setFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: async () => {
      await Promise.all([closeOne(api), closeOne(storage)]);
    },
  };
}

// CLI: print the base URL and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startGoogleContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.key ? { apiKey: flags.key } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the Veo contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
