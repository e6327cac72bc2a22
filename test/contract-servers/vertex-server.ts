/**
 * A local server for Veo on Vertex AI, written from the Vertex AI Veo API reference and from
 * what `@google/genai` 3.3.0 sends with `vertexai: true` (its `generateVideosParametersToVertex`
 * and `fetchPredictOperationParametersToVertex` converters and `ApiClient.constructUrl`), not
 * from our adapter. Three origins, as in Google Cloud:
 *
 *   API (`{location}-aiplatform.googleapis.com`), every call with `Authorization: Bearer <access token>`:
 *     POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:predictLongRunning
 *          {instances:[{prompt, image?, lastFrame?, video?, referenceImages?}], parameters:{...}}
 *          -> {name: "projects/{p}/locations/{l}/publishers/google/models/{model}/operations/{id}"}
 *     POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:fetchPredictOperation
 *          {operationName} -> {name} while rendering; {name, done:true, response:{videos:[{bytesBase64Encoded, mimeType}]}}
 *          (no `storageUri` was given, so the video comes back inline), or `raiMediaFilteredCount`/
 *          `raiMediaFilteredReasons` when the safety filters blocked it.
 *   OAuth (`oauth2.googleapis.com/token`): the service-account grant (RFC 7523): a JWT signed
 *     RS256 with the account's private key; the signature is checked with the public key.
 *   STS (`sts.googleapis.com/v1/token`): the workload-identity token exchange (RFC 8693) that
 *     `external_account` credential files use.
 * Both answer `{access_token, expires_in, token_type}`; the API accepts only tokens they issued.
 *
 * As Vertex does: no token is 401 UNAUTHENTICATED, a token it did not issue (or revoked) 401,
 * a project the account has no role on 403 PERMISSION_DENIED, an unknown or retired model 404.
 * Bodies are checked as the reference and the Veo 3.1 model card state: one instance;
 * `durationSeconds` 4, 6 or 8 as a number; `aspectRatio` 16:9 or 9:16; `resolution` 720p or
 * 1080p (1080p needs 8 s); `generateAudio` is required for Veo 3 models; up to 3 `asset`
 * reference images, 8 s and 16:9 only, never with a first or last frame (Lite takes none);
 * `lastFrame` needs `image` and 8 s; `video` (extension) needs an MP4 of 1-30 s at 24 fps,
 * 720p or 1080p, 16:9 or 9:16, takes no frames or references and renders 720p only. What the
 * docs I could read do not say, the server does not invent: an extension accepts any of the
 * usual durations and returns the input followed by 7 s (Veo's extension step), as one video.
 * Unknown fields are refused the way the proto JSON parser does.
 *
 * Billing: every accepted create is billed (`billed`), also one whose answer is then lost
 * (`failAfterBilling`: dropped connection or 500), which is what a real outage can do.
 *
 * Manual runs: `npx tsx test/contract-servers/vertex-server.ts --port 0 --render-ms 3000`.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { contractClip } from './contract-clip';
import {
  FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, renderFraction, sendBytes, sendJson,
  type Fault, type RecordedImage, type RecordedRequest, type RenderTiming,
} from './contract-kit';

const run = promisify(execFile);
const FFMPEG = process.env.SHOTLINE_TEST_FFMPEG ?? 'ffmpeg';
const FFPROBE = process.env.SHOTLINE_TEST_FFPROBE ?? 'ffprobe';

/** What one served model allows. */
export interface VertexModelRules {
  /** Reference images it takes (0: none). */
  maxReferences: number;
  resolutions: string[];
}

/** Options for the Vertex contract server. */
export interface VertexContractServerOptions extends RenderTiming {
  /** Projects the test accounts hold the Vertex AI User role on (default `shotline-test`). */
  projects?: string[];
  /** Locations served (default us-central1, europe-west4). */
  locations?: string[];
  /** Models served and what each takes (default the Veo 3.1 GA ids). */
  models?: Record<string, VertexModelRules>;
  /** Model ids that answer 404 as retired models do (default the Veo 3.x preview ids). */
  retiredModels?: string[];
  /** Access-token lifetime in seconds (default 3599, as Google's). */
  tokenSeconds?: number;
  port?: number;
}

/** Routes a `status` fault can target. */
export type VertexRoute = 'predict' | 'fetch' | 'token' | 'sts';

/** An accepted (and so billed) create. */
export interface BilledCreate {
  operation: string;
  model: string;
  seconds: number;
  resolution: string;
  audio: boolean;
  extension: boolean;
}

/** A running Vertex contract server. */
export interface VertexContractServer {
  /** API origin for `httpOptions.baseUrl` (no version: the SDK adds `/v1` and the project path). */
  baseUrl: string;
  /** The service-account grant endpoint (what Google's key files call `token_uri`). */
  tokenUrl: string;
  /** The STS token-exchange endpoint (an `external_account` file's `token_url`). */
  stsUrl: string;
  /** The project the tests use. */
  project: string;
  /** Every request to any of the three origins, oldest first (token bodies are not kept). */
  requests: RecordedRequest[];
  /** Every accepted create, oldest first. */
  billed: BilledCreate[];
  /** Access tokens issued so far. */
  issuedTokens(): string[];
  /** Accepts service-account JWTs signed by this key for `email`. */
  addServiceAccount(email: string, publicKeyPem: string): void;
  /** Accepts `subjectToken` in a token exchange for `audience` (a workload identity pool provider). */
  addWorkloadIdentity(audience: string, subjectToken: string): void;
  /** Every access token issued so far stops working (as after a key is deleted). */
  revokeTokens(): void;
  /** The next `times` creates are billed, then the answer is lost: the socket is destroyed, or a 500 is sent. */
  failAfterBilling(mode: 'drop' | 'status', times?: number): void;
  setFault(fault: Fault & { route?: VertexRoute | '*' }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface Operation {
  id: string;
  name: string;
  model: string;
  seconds: number;
  width: number;
  height: number;
  audio: boolean;
  createdAt: number;
  refusal?: string;
}

const GA_MODELS: Record<string, VertexModelRules> = {
  'veo-3.1-generate-001': { maxReferences: 3, resolutions: ['720p', '1080p'] },
  'veo-3.1-fast-generate-001': { maxReferences: 3, resolutions: ['720p', '1080p'] },
  'veo-3.1-lite-generate-001': { maxReferences: 0, resolutions: ['720p', '1080p'] },
};
const RETIRED = ['veo-3.1-generate-preview', 'veo-3.1-fast-generate-preview', 'veo-3.0-generate-preview'];
/** What the SDK's Vertex converters can put in `parameters` and `instances[0]`. */
const PARAMETERS = new Set([
  'sampleCount', 'storageUri', 'fps', 'durationSeconds', 'seed', 'aspectRatio', 'resolution', 'personGeneration',
  'pubsubTopic', 'negativePrompt', 'enhancePrompt', 'generateAudio', 'compressionQuality', 'resizeMode',
]);
const INSTANCE_FIELDS = new Set(['prompt', 'image', 'lastFrame', 'video', 'referenceImages', 'mask']);
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const SIZES: Record<string, Record<string, [number, number]>> = {
  '16:9': { '720p': [1280, 720], '1080p': [1920, 1080], '4k': [3840, 2160] },
  '9:16': { '720p': [720, 1280], '1080p': [1080, 1920], '4k': [2160, 3840] },
};
/** Veo's extension step: an extension renders this much after the input. */
const EXTENSION_SECONDS = 7;
const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
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

/** An OAuth error body (`{error, error_description}`), as token endpoints answer. */
class OAuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new RpcFailure(400, message);
const unknownField = (name: string, at: string) => invalid(`Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`);

export async function startVertexContractServer(options: VertexContractServerOptions = {}): Promise<VertexContractServer> {
  const projects = new Set(options.projects ?? ['shotline-test']);
  const locations = new Set(options.locations ?? ['us-central1', 'europe-west4']);
  const models = options.models ?? GA_MODELS;
  const retired = new Set(options.retiredModels ?? RETIRED);
  const tokenSeconds = options.tokenSeconds ?? 3599;
  const timing: RenderTiming = { renderMs: options.renderMs ?? 300, steps: options.steps ?? 4 };
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const billed: BilledCreate[] = [];
  const operations = new Map<string, Operation>();
  const serviceAccounts = new Map<string, crypto.KeyObject>();
  const workloadIdentities = new Map<string, string>();
  const tokens = new Map<string, { principal: string; expiresAt: number }>();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vertex-contract-'));
  let failAfterBilling: { mode: 'drop' | 'status'; left: number } | null = null;

  function issueToken(principal: string) {
    const token = `ya29.${crypto.randomBytes(24).toString('base64url')}`;
    tokens.set(token, { principal, expiresAt: Date.now() + tokenSeconds * 1000 });
    return { access_token: token, expires_in: tokenSeconds, token_type: 'Bearer' };
  }

  /** RFC 7523 grant: verifies the JWT the way Google's token endpoint does, then issues a token. */
  function serviceAccountGrant(form: URLSearchParams) {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw new OAuthFailure(400, 'unsupported_grant_type', 'Invalid grant_type: ' + form.get('grant_type'));
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3) throw new OAuthFailure(400, 'invalid_request', 'Invalid JWT: the assertion is not a signed JWT.');
    const [head, body, signature] = parts as [string, string, string];
    let header: { alg?: string };
    let claims: { iss?: string; aud?: string; scope?: string; iat?: number; exp?: number };
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      throw new OAuthFailure(400, 'invalid_request', 'Invalid JWT: the header or claims are not JSON.');
    }
    if (header.alg !== 'RS256') throw new OAuthFailure(400, 'invalid_grant', 'Invalid JWT Signature.');
    const key = serviceAccounts.get(claims.iss ?? '');
    if (!key) throw new OAuthFailure(400, 'invalid_grant', 'Invalid grant: account not found');
    if (!crypto.verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'))) {
      throw new OAuthFailure(400, 'invalid_grant', 'Invalid JWT Signature.');
    }
    const now = Date.now() / 1000;
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE || typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp - claims.iat > 3600 || claims.exp < now || claims.iat > now + 300) {
      throw new OAuthFailure(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    if (!(claims.scope ?? '').split(' ').includes(CLOUD_PLATFORM)) throw new OAuthFailure(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    return issueToken(claims.iss!);
  }

  /** RFC 8693 exchange, as Google's STS answers an `external_account` (workload identity) client. */
  function tokenExchange(form: URLSearchParams) {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange') throw new OAuthFailure(400, 'unsupported_grant_type', 'Invalid value for "grant_type".');
    if (form.get('requested_token_type') !== 'urn:ietf:params:oauth:token-type:access_token') throw new OAuthFailure(400, 'invalid_request', 'Invalid value for "requested_token_type".');
    const audience = form.get('audience') ?? '';
    const expected = workloadIdentities.get(audience);
    if (expected === undefined) throw new OAuthFailure(400, 'invalid_target', 'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.');
    if (!form.get('subject_token_type')) throw new OAuthFailure(400, 'invalid_request', 'Invalid value for "subject_token_type".');
    if (form.get('subject_token') !== expected) throw new OAuthFailure(400, 'invalid_grant', 'The subject token could not be verified.');
    if (!(form.get('scope') ?? '').split(' ').includes(CLOUD_PLATFORM)) throw new OAuthFailure(400, 'invalid_scope', 'Invalid value for "scope".');
    return { ...issueToken(`principal://${audience}`), issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' };
  }

  function checkToken(req: http.IncomingMessage): void {
    const header = req.headers.authorization;
    if (!header) {
      throw new RpcFailure(401, 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.');
    }
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const known = token ? tokens.get(token) : undefined;
    if (!known || known.expiresAt < Date.now()) {
      throw new RpcFailure(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' },
      ]);
    }
  }

  async function checkImage(value: unknown, field: string, images: RecordedImage[]): Promise<void> {
    const image = value as { bytesBase64Encoded?: unknown; gcsUri?: unknown; mimeType?: unknown; [key: string]: unknown } | null;
    if (!image || typeof image !== 'object') throw invalid(`Invalid value at '${field}': expected an Image object.`);
    const extra = Object.keys(image).find((k) => !['bytesBase64Encoded', 'gcsUri', 'mimeType'].includes(k));
    if (extra) throw unknownField(extra, field);
    if (image.gcsUri !== undefined) throw invalid(`'${field}.gcsUri' ${JSON.stringify(image.gcsUri)}: no such Cloud Storage object is readable by this project.`);
    if (typeof image.bytesBase64Encoded !== 'string' || typeof image.mimeType !== 'string') throw invalid(`'${field}' needs bytesBase64Encoded (or gcsUri) and mimeType.`);
    const bytes = Buffer.from(image.bytesBase64Encoded, 'base64');
    const info = await imageInfo(bytes);
    images.push({ field, type: image.mimeType, bytes: bytes.length, ...info });
    if (!IMAGE_TYPES.has(image.mimeType)) throw invalid(`Unsupported MIME type '${image.mimeType}' at '${field}'. Use image/png, image/jpeg or image/webp.`);
    if (!info) throw invalid(`The image at '${field}' could not be decoded.`);
  }

  /** The extension's input: an MP4 Veo can continue. Returns its length in seconds. */
  async function checkVideo(value: unknown): Promise<{ seconds: number; aspectRatio: string }> {
    const video = value as { bytesBase64Encoded?: unknown; gcsUri?: unknown; mimeType?: unknown; [key: string]: unknown } | null;
    if (!video || typeof video !== 'object') throw invalid("Invalid value at 'instances[0].video': expected a Video object.");
    const extra = Object.keys(video).find((k) => !['bytesBase64Encoded', 'gcsUri', 'mimeType'].includes(k));
    if (extra) throw unknownField(extra, 'instances[0].video');
    if (video.gcsUri !== undefined) throw invalid(`'instances[0].video.gcsUri' ${JSON.stringify(video.gcsUri)}: no such Cloud Storage object is readable by this project.`);
    if (typeof video.bytesBase64Encoded !== 'string') throw invalid("'instances[0].video' needs bytesBase64Encoded or gcsUri.");
    if (video.mimeType !== 'video/mp4') throw invalid(`The input video must be video/mp4; got ${JSON.stringify(video.mimeType)}.`);
    const file = path.join(workDir, `in-${crypto.randomBytes(6).toString('hex')}.mp4`);
    fs.writeFileSync(file, Buffer.from(video.bytesBase64Encoded, 'base64'));
    try {
      const { stdout } = await run(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate:format=duration,format_name', '-of', 'json', file]);
      const probe = JSON.parse(stdout) as { streams?: { width: number; height: number; r_frame_rate: string }[]; format?: { duration: string; format_name: string } };
      const stream = probe.streams?.[0];
      const seconds = Number(probe.format?.duration);
      if (!stream || !probe.format?.format_name.includes('mp4')) throw invalid('The input video is not an MP4 file.');
      const [num, den] = stream.r_frame_rate.split('/').map(Number) as [number, number];
      if (Math.abs(num / (den || 1) - 24) > 0.01) throw invalid(`The input video must be 24 fps; it is ${stream.r_frame_rate}.`);
      if (!(seconds >= 1 && seconds <= 30.05)) throw invalid(`The input video must be 1 to 30 seconds long; it is ${seconds.toFixed(2)} s.`);
      const aspectRatio = Object.entries(SIZES).find(([, bySize]) => Object.values(bySize).some(([w, h]) => w === stream.width && h === stream.height))?.[0];
      if (!aspectRatio || stream.width * stream.height > 1920 * 1080) throw invalid(`The input video must be 720p or 1080p at 16:9 or 9:16; it is ${stream.width}x${stream.height}.`);
      return { seconds, aspectRatio };
    } catch (error) {
      if (error instanceof RpcFailure) throw error;
      throw invalid('The input video could not be decoded.');
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  async function predict(project: string, location: string, model: string, body: Buffer, record: RecordedRequest): Promise<Operation> {
    const rules = models[model];
    if (retired.has(model) || !rules) {
      throw new RpcFailure(404, `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw invalid('Invalid JSON payload received. Unexpected token.');
    }
    record.json = json;
    const request = json as { instances?: unknown; parameters?: Record<string, unknown>; [key: string]: unknown };
    const extraTop = Object.keys(request ?? {}).find((k) => !['instances', 'parameters', 'labels'].includes(k));
    if (extraTop) throw unknownField(extraTop, '');
    if (!Array.isArray(request.instances) || request.instances.length !== 1) throw invalid('instances must hold exactly one instance.');
    const instance = request.instances[0] as Record<string, unknown>;
    const extraInstance = Object.keys(instance ?? {}).find((k) => !INSTANCE_FIELDS.has(k));
    if (extraInstance) throw unknownField(extraInstance, 'instances[0]');
    if (request.labels !== undefined) {
      const labels = request.labels as Record<string, unknown>;
      const bad = labels && typeof labels === 'object' ? Object.entries(labels).find(([k, v]) => !/^[a-z][a-z0-9_-]{0,62}$/.test(k) || typeof v !== 'string' || !/^[a-z0-9_-]{0,63}$/.test(v)) : ['labels'];
      if (bad) throw invalid(`Label ${JSON.stringify(bad[0])} is invalid: keys and values are at most 63 lowercase letters, digits, underscores and dashes (keys start with a letter).`);
      record.fields = Object.fromEntries(Object.entries(labels).map(([k, v]) => [`label:${k}`, String(v)]));
    }
    const params = request.parameters ?? {};
    const extraParam = Object.keys(params).find((k) => !PARAMETERS.has(k));
    if (extraParam) throw unknownField(extraParam, 'parameters');

    const extension = instance.video !== undefined;
    if (typeof instance.prompt !== 'string' || !instance.prompt.trim()) {
      if (!extension) throw invalid('A text prompt is required (instances[0].prompt).');
    }
    const images: RecordedImage[] = [];
    record.images = images;
    if (instance.image !== undefined) await checkImage(instance.image, 'image', images);
    if (instance.lastFrame !== undefined) await checkImage(instance.lastFrame, 'lastFrame', images);
    const references = instance.referenceImages;
    if (references !== undefined) {
      if (!Array.isArray(references)) throw invalid("'referenceImages' must be a list.");
      if (references.length > rules.maxReferences) {
        throw invalid(rules.maxReferences === 0 ? `${model} does not support reference images.` : `At most ${rules.maxReferences} reference images are supported; got ${references.length}.`);
      }
      for (const [i, ref] of references.entries()) {
        const r = ref as { image?: unknown; referenceType?: unknown; [key: string]: unknown };
        const extra = Object.keys(r ?? {}).find((k) => k !== 'image' && k !== 'referenceType');
        if (extra) throw unknownField(extra, `instances[0].referenceImages[${i}]`);
        // Veo 3.1 takes asset references only (no style references).
        if (typeof r.referenceType !== 'string' || r.referenceType.toLowerCase() !== 'asset') {
          throw invalid(`referenceImages[${i}].referenceType must be "asset" for ${model}.`);
        }
        await checkImage(r.image, `referenceImages[${i}]`, images);
      }
    }

    const seconds = params.durationSeconds ?? 8;
    // An integer in the reference; a string here means the client drifted from the contract.
    if (typeof seconds !== 'number' || ![4, 6, 8].includes(seconds)) throw invalid(`durationSeconds must be 4, 6 or 8; got ${JSON.stringify(seconds)}.`);
    const aspectRatio = params.aspectRatio ?? '16:9';
    const resolution = params.resolution ?? '720p';
    if (typeof aspectRatio !== 'string' || !SIZES[aspectRatio]) throw invalid(`aspectRatio must be "16:9" or "9:16"; got ${JSON.stringify(aspectRatio)}.`);
    if (typeof resolution !== 'string' || !rules.resolutions.includes(resolution)) throw invalid(`resolution must be one of ${rules.resolutions.join(', ')} for ${model}; got ${JSON.stringify(resolution)}.`);
    const size = SIZES[aspectRatio]![resolution]!;
    if (resolution !== '720p' && seconds !== 8) throw invalid(`${resolution} output requires durationSeconds 8.`);
    const sampleCount = params.sampleCount ?? 1;
    if (typeof sampleCount !== 'number' || !Number.isInteger(sampleCount) || sampleCount < 1 || sampleCount > 4) throw invalid('sampleCount must be between 1 and 4.');
    if (typeof params.generateAudio !== 'boolean') throw invalid('generateAudio is required for Veo 3 models (true or false).');
    for (const text of ['negativePrompt', 'personGeneration'] as const) {
      if (params[text] !== undefined && typeof params[text] !== 'string') throw invalid(`${text} must be a string.`);
    }
    if (params.seed !== undefined && (typeof params.seed !== 'number' || !Number.isInteger(params.seed) || params.seed < 0 || params.seed > 4294967295)) {
      throw invalid('seed must be an integer from 0 to 4294967295.');
    }
    if (params.storageUri !== undefined && (typeof params.storageUri !== 'string' || !params.storageUri.startsWith('gs://'))) throw invalid('storageUri must be a gs:// URI.');
    const hasFrames = instance.image !== undefined || instance.lastFrame !== undefined;
    if (references !== undefined && hasFrames) throw invalid('referenceImages cannot be combined with image or lastFrame.');
    if (references !== undefined && seconds !== 8) throw invalid('Reference image to video only supports durationSeconds 8.');
    if (references !== undefined && aspectRatio !== '16:9') throw invalid('Reference image to video only supports the 16:9 aspect ratio.');
    if (instance.lastFrame !== undefined && instance.image === undefined) throw invalid('lastFrame requires image (the first frame).');
    if (instance.lastFrame !== undefined && seconds !== 8) throw invalid('Interpolation (image + lastFrame) requires durationSeconds 8.');

    let outSeconds = seconds;
    let outSize = size;
    if (extension) {
      if (hasFrames || references !== undefined) throw invalid('video (extension) cannot be combined with image, lastFrame or referenceImages.');
      if (resolution !== '720p') throw invalid('Video extension supports only 720p output.');
      const input = await checkVideo(instance.video);
      if (input.aspectRatio !== aspectRatio) throw invalid(`aspectRatio ${aspectRatio} does not match the input video (${input.aspectRatio}).`);
      outSeconds = Math.round(input.seconds) + EXTENSION_SECONDS;
      outSize = SIZES[aspectRatio]!['720p']!;
    }

    const refusal = faults.has('refusal');
    const id = crypto.randomUUID();
    const operation: Operation = {
      id,
      name: `projects/${project}/locations/${location}/publishers/google/models/${model}/operations/${id}`,
      model,
      seconds: outSeconds,
      width: outSize[0],
      height: outSize[1],
      audio: params.generateAudio,
      createdAt: Date.now(),
      ...(refusal?.kind === 'refusal' ? { refusal: refusal.message ?? 'Veo could not generate videos because the input image violates Vertex AI\'s usage guidelines. Support codes: 29310472' } : {}),
    };
    operations.set(id, operation);
    billed.push({ operation: operation.name, model, seconds: outSeconds, resolution: extension ? '720p' : resolution, audio: params.generateAudio, extension });
    return operation;
  }

  /** The served MP4: a real clip at the operation's size and length, without a sound track when audio was off. */
  async function clipOf(op: Operation): Promise<Buffer> {
    const clip = await contractClip({ width: op.width, height: op.height, seconds: op.seconds, fps: 24 });
    if (op.audio) return fs.readFileSync(clip);
    const silent = `${clip.slice(0, -4)}-silent.mp4`;
    if (!fs.existsSync(silent)) {
      const temp = `${silent}.${crypto.randomBytes(4).toString('hex')}.mp4`;
      await run(FFMPEG, ['-y', '-hide_banner', '-loglevel', 'error', '-i', clip, '-an', '-c', 'copy', temp]);
      fs.renameSync(temp, silent);
    }
    return fs.readFileSync(silent);
  }

  async function operationJson(op: Operation): Promise<unknown> {
    if (renderFraction(op.createdAt, timing) < 1) return { name: op.name };
    const response = op.refusal
      ? { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [op.refusal] }
      : { raiMediaFilteredCount: 0, videos: [{ bytesBase64Encoded: (await clipOf(op)).toString('base64'), mimeType: 'video/mp4' }] };
    return { name: op.name, done: true, response: { '@type': 'type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse', ...response } };
  }

  function injected(routeName: VertexRoute): void {
    const fault = faults.take('status', routeName);
    if (!fault) return;
    const details: unknown[] = [];
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfterSeconds}s` });
      headers['retry-after'] = String(fault.retryAfterSeconds);
    }
    const message = fault.message
      ?? (fault.status === 429
        ? 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: veo. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.'
        : fault.status >= 500 ? 'Internal error encountered.' : 'Request failed.');
    throw new RpcFailure(fault.status, message, details, headers);
  }

  async function apiRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: RecordedRequest, body: Buffer) {
    const match = /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(predictLongRunning|fetchPredictOperation)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') throw new RpcFailure(404, `The requested URL ${url.pathname} was not found on this server.`);
    const [, , project, location, model, verb] = match as unknown as [string, string, string, string, string, string];
    const routeName: VertexRoute = verb === 'predictLongRunning' ? 'predict' : 'fetch';
    checkToken(req);
    if (!projects.has(project)) {
      throw new RpcFailure(403, `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/${project}/locations/${location}/publishers/google/models/${model}' (or it may not exist).`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'aiplatform.googleapis.com', metadata: { permission: 'aiplatform.endpoints.predict' } },
      ]);
    }
    if (!locations.has(location)) throw invalid(`Location ${location} is not supported for this model.`);
    injected(routeName);

    if (routeName === 'predict') {
      const op = await predict(project, location, model, body, record);
      const lose = failAfterBilling && failAfterBilling.left > 0 ? failAfterBilling : null;
      if (lose) {
        lose.left -= 1;
        // Taken and billed; the answer never arrives.
        if (lose.mode === 'drop') {
          res.socket?.destroy();
          return;
        }
        throw new RpcFailure(500, 'Internal error encountered.');
      }
      return sendJson(res, 200, { name: op.name });
    }
    let json: { operationName?: unknown; [key: string]: unknown };
    try {
      json = JSON.parse(body.toString('utf8') || '{}') as typeof json;
    } catch {
      throw invalid('Invalid JSON payload received. Unexpected token.');
    }
    record.json = json;
    const extra = Object.keys(json).find((k) => k !== 'operationName');
    if (extra) throw unknownField(extra, '');
    const name = typeof json.operationName === 'string' ? json.operationName : '';
    const prefix = `projects/${project}/locations/${location}/publishers/google/models/${model}/operations/`;
    const op = name.startsWith(prefix) ? operations.get(name.slice(prefix.length)) : undefined;
    if (!op) throw new RpcFailure(404, `Operation ${name || '(none)'} not found.`);
    const answer = (await operationJson(op)) as { done?: boolean };
    if (answer.done && faults.has('expired')) throw new RpcFailure(404, `Operation ${name} not found: its result is no longer available.`);
    const text = JSON.stringify(answer);
    // A done operation carries the whole video: a cut here is a cut download.
    const cut = answer.done === true && faults.take('cut-download') !== undefined;
    sendBytes(res, Buffer.from(text), 'application/json; charset=UTF-8', cut);
  }

  async function tokenRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, route: 'token' | 'sts', body: Buffer) {
    const wanted = route === 'token' ? '/token' : '/v1/token';
    if (req.method !== 'POST' || url.pathname !== wanted) throw new OAuthFailure(404, 'not_found', `No endpoint ${req.method} ${url.pathname}.`);
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw new OAuthFailure(400, 'invalid_request', 'Expected a form-encoded body.');
    const fault = faults.take('status', route);
    if (fault) throw new OAuthFailure(fault.status, fault.code ?? 'internal_failure', fault.message ?? 'The token service had an error.');
    const form = new URLSearchParams(body.toString('utf8'));
    sendJson(res, 200, route === 'token' ? serviceAccountGrant(form) : tokenExchange(form));
  }

  function handler(origin: 'api' | 'token' | 'sts') {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://contract.invalid');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: origin === 'api' ? url.pathname : `${origin}:${url.pathname}`,
        query: Object.fromEntries(url.searchParams),
        headers: flatHeaders(req),
      };
      requests.push(record);
      readBody(req)
        .then((body) => (origin === 'api' ? apiRoute(req, res, url, record, body) : tokenRoute(req, res, url, origin, body)))
        .catch((error: unknown) => {
          if (res.headersSent || res.socket?.destroyed) {
            res.socket?.destroy();
            return;
          }
          if (error instanceof OAuthFailure) {
            sendJson(res, error.status, { error: error.error, error_description: error.message });
            return;
          }
          const failure = error instanceof RpcFailure ? error : new RpcFailure(500, `Contract server error: ${(error as Error).message}`);
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
  const oauth = http.createServer(handler('token'));
  const sts = http.createServer(handler('sts'));
  await new Promise<void>((resolve) => api.listen(options.port ?? 0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => oauth.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));

  const closeOne = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    baseUrl: baseOf(api),
    tokenUrl: `${baseOf(oauth)}/token`,
    stsUrl: `${baseOf(sts)}/v1/token`,
    project: [...projects][0]!,
    requests,
    billed,
    issuedTokens: () => [...tokens.keys()],
    addServiceAccount: (email, publicKeyPem) => serviceAccounts.set(email, crypto.createPublicKey(publicKeyPem)),
    addWorkloadIdentity: (audience, subjectToken) => workloadIdentities.set(audience, subjectToken),
    revokeTokens: () => tokens.clear(),
    failAfterBilling: (mode, times = 1) => {
      failAfterBilling = { mode, left: times };
    },
    setFault: (fault) => faults.add(fault),
    clearFaults: () => {
      faults.clear();
      failAfterBilling = null;
    },
    close: async () => {
      await Promise.all([closeOne(api), closeOne(oauth), closeOne(sts)]);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes a service-account key file as the Cloud console makes them (a fresh RSA key), with
 * `token_uri` at the server's OAuth origin, and registers its public key with the server.
 */
export function writeServiceAccountKey(server: VertexContractServer, dir: string, email = 'shotline-test@shotline-test.iam.gserviceaccount.com'): string {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  server.addServiceAccount(email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const file = path.join(dir, `sa-${crypto.randomBytes(4).toString('hex')}.json`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({
    type: 'service_account',
    project_id: server.project,
    private_key_id: crypto.randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: server.tokenUrl,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    universe_domain: 'googleapis.com',
  }, null, 2));
  return file;
}

/**
 * Writes an `external_account` credential file (workload identity federation, as
 * `gcloud iam workload-identity-pools create-cred-config` makes them) whose subject token is
 * read from a file and exchanged at the server's STS origin, and registers it with the server.
 */
export function writeExternalAccountFile(server: VertexContractServer, dir: string, subjectToken = crypto.randomBytes(16).toString('hex')): string {
  fs.mkdirSync(dir, { recursive: true });
  const tag = crypto.randomBytes(4).toString('hex');
  const audience = `//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/shotline-${tag}/providers/test`;
  server.addWorkloadIdentity(audience, subjectToken);
  const tokenFile = path.join(dir, `subject-${tag}.txt`);
  fs.writeFileSync(tokenFile, subjectToken);
  const file = path.join(dir, `wif-${tag}.json`);
  fs.writeFileSync(file, JSON.stringify({
    type: 'external_account',
    audience,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: server.stsUrl,
    credential_source: { file: tokenFile },
  }, null, 2));
  return file;
}

// CLI: print the base URL and a key file's path and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startVertexContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
  }).then(
    (server) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vertex-cli-'));
      console.log(server.baseUrl);
      console.log(writeExternalAccountFile(server, dir));
    },
    (error: unknown) => {
      console.error(`Could not start the Vertex contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
