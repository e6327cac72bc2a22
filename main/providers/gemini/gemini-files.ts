/**
 * Media in and out of the Gemini API. In: images and source videos go up with the SDK's Files
 * API helper (`files.upload`, then `files.get` until ACTIVE) and are named by URI in the
 * interaction, instead of megabytes of base64 in the create. Out: a generated file is fetched
 * from its URI with `alt=media` and the key in `x-goog-api-key`, which goes only to the API's
 * own origin (redirects are followed by hand, so a storage host never sees it); clips go through
 * the shared MP4 writer, stills through a writer that checks PNG/JPEG/WebP bytes.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { GoogleGenAI } from '@google/genai';
import { downloadResponseToFile } from '../download-to-file';
import { ProviderError } from '../provider';
import { SERVICE, errorBodyOf, toProviderError } from './gemini-errors';
import { imageFormatOf } from '../image-bytes';

const MAX_REDIRECTS = 5;
/** Uploaded files live 48 h at Google; one is reused while it has at least this long left. */
const REUSE_MARGIN_MS = 6 * 3600_000;

/** A file the Files API holds, as an interaction names it. */
export interface UploadedFile {
  uri: string;
  mime: string;
}

interface CachedUpload extends UploadedFile {
  expiresAt: number;
}

/** Uploads files once per content (sha256) and waits until Google has processed them. */
export class GeminiUploads {
  private readonly cache = new Map<string, CachedUpload>();

  constructor(
    private readonly ai: GoogleGenAI,
    private readonly options: { activeTimeoutMs: number; checkEveryMs: number; log: (line: string) => void },
  ) {}

  /**
   * The URI of `file` at Google, uploading it unless the same bytes went up recently. Failures
   * are ProviderErrors marked `sent: 'no'`: nothing was created, so trying again is safe.
   */
  async upload(file: { path: string; name: string; mime: string; sha256?: string }, role: string, signal?: AbortSignal): Promise<UploadedFile> {
    const key = file.sha256 ? `${file.sha256}:${file.mime}` : undefined;
    const cached = key ? this.cache.get(key) : undefined;
    if (cached && cached.expiresAt - Date.now() > REUSE_MARGIN_MS) return { uri: cached.uri, mime: cached.mime };
    try {
      await fsp.access(file.path, fs.constants.R_OK);
    } catch (error) {
      throw new ProviderError('bad_request', `The ${role} ${file.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import it again.`, { sent: 'no' });
    }
    const doing = `uploading the ${role}`;
    try {
      let uploaded = await this.ai.files.upload({ file: file.path, config: { mimeType: file.mime, displayName: file.name, ...(signal ? { abortSignal: signal } : {}) } });
      const deadline = Date.now() + this.options.activeTimeoutMs;
      // Videos are processed before use; images are usually ACTIVE at once.
      while (uploaded.state === 'PROCESSING') {
        if (Date.now() > deadline) throw new ProviderError('server', `The ${SERVICE} was still processing the ${role} after ${Math.round(this.options.activeTimeoutMs / 1000)} s; try again later.`);
        await sleep(this.options.checkEveryMs, signal);
        uploaded = await this.ai.files.get({ name: uploaded.name!, ...(signal ? { config: { abortSignal: signal } } : {}) });
      }
      if (uploaded.state === 'FAILED' || !uploaded.uri) {
        throw new ProviderError('bad_request', `The ${SERVICE} could not process the ${role} ${file.name}${uploaded.error?.message ? ` (${uploaded.error.message})` : ''}; check the file.`);
      }
      this.options.log(`[gemini] uploaded the ${role} as ${uploaded.name}`);
      const result = { uri: uploaded.uri, mime: uploaded.mimeType ?? file.mime };
      const expiresAt = uploaded.expirationTime ? Date.parse(uploaded.expirationTime) : Date.now() + 47 * 3600_000;
      if (key && Number.isFinite(expiresAt)) this.cache.set(key, { ...result, expiresAt });
      return result;
    } catch (error) {
      throw toProviderError(error, { doing, signal, beforeCreate: true });
    }
  }
}

/**
 * Fetches a generated file from its URI. The key goes only to `apiOrigin`; redirects are
 * followed by hand; 404/410 means the file is gone (Google keeps generated files 48 h).
 */
export async function fetchGeneratedFile(
  uri: string,
  auth: { apiOrigin: string; apiKey: string },
  what: string,
  signal: AbortSignal,
  callerSignal?: AbortSignal,
): Promise<Response> {
  let url = new URL(uri, auth.apiOrigin);
  if (!url.searchParams.has('alt')) url.searchParams.set('alt', 'media');
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const headers: Record<string, string> = url.origin === auth.apiOrigin ? { 'x-goog-api-key': auth.apiKey } : {};
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'manual', signal });
    } catch (error) {
      if (callerSignal?.aborted) throw new ProviderError('cancelled', `The download of ${what} was cancelled.`);
      throw new ProviderError('network', `Could not reach the ${SERVICE} to download ${what} (${(error as Error).message}); it will be retried.`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    const body = errorBodyOf(text);
    const reason = `${response.status}: ${body?.message ?? (text.slice(0, 200) || response.statusText)}`;
    if (response.status === 404 || response.status === 410) {
      throw new ProviderError('expired', `The ${SERVICE} no longer has ${what} (${reason}); Google keeps generated files for 48 hours, so generate the shot again.`, { status: response.status });
    }
    throw toProviderError(
      Object.assign(new Error(body?.message ?? reason), { name: 'APIError', status: response.status, headers: response.headers, body: text }),
      { doing: `downloading ${what}` },
    );
  }
  throw new ProviderError('server', `The ${SERVICE} redirected the download of ${what} more than ${MAX_REDIRECTS} times; try again later.`);
}

/** Writes a clip from a response (MP4 checked, length checked, atomically). */
export async function writeClip(response: Response, destination: string, what: string, signal?: AbortSignal): Promise<void> {
  await downloadResponseToFile(response, destination, { what }, signal);
}

/** Writes a still to `destination` via `.part` after checking it is a PNG, JPEG or WebP. */
export async function writeStill(bytes: Buffer, destination: string, what: string): Promise<void> {
  if (!imageFormatOf(bytes)) {
    throw new ProviderError('server', `${what} is not a PNG, JPEG or WebP image (${bytes.length} bytes); generate it again.`);
  }
  const part = `${destination}.part`;
  await fsp.mkdir(path.dirname(destination), { recursive: true });
  try {
    await fsp.writeFile(part, bytes);
    await fsp.rename(part, destination);
  } catch (error) {
    await fsp.rm(part, { force: true }).catch(() => {});
    const local = error as NodeJS.ErrnoException;
    throw new Error(`Could not write ${part} (${local.code ?? local.message}); free some disk space or check the folder's permissions.`, { cause: error });
  }
}

/** Reads a whole still from a response, checking its declared length (a cut-off transfer is a network error). */
export async function readStill(response: Response, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new ProviderError('network', `The download of ${what} failed (${(error as Error).message}); it will be retried.`);
  }
  if (Number.isFinite(declared) && bytes.length !== declared) {
    throw new ProviderError('network', `${what} was cut short (${bytes.length} of ${declared} bytes); the download will be retried.`);
  }
  return bytes;
}

export function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProviderError('cancelled', 'Stopped waiting for an upload: cancelled.'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ProviderError('cancelled', 'Stopped waiting for an upload: cancelled.'));
    }, { once: true });
  });
}
