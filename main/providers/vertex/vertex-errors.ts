/**
 * Failures of Veo on Vertex AI in the queue's terms. Three places can fail:
 * - getting an access token (google-auth-library: the key file, Application Default
 *   Credentials, the token endpoint). Nothing has reached Vertex then, so a create is marked
 *   `sent: 'no'`; a credential problem is `auth` with what to fix;
 * - the Vertex call itself (the SDK's ApiError: status + the JSON error body as its message):
 *   401/403 say which of token, project or role is wrong; the rest goes through
 *   classifyHttpFailure;
 * - the connection (fetch's TypeError, or a body cut short).
 */
import { classifyHttpFailure, neverSent } from '../http-errors';
import { ProviderError } from '../provider';

export const SERVICE = 'Vertex AI (Veo)';
const REFUSAL_WORDS = /safety|policy|guideline|responsible ai|\brai\b|blocked|prohibited|sensitive words|usage guidelines/i;

/** The body of a Google API error, as carried in the SDK's ApiError message. */
export interface RpcError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string; retryDelay?: string }[];
}

/** Where the adapter gets its credentials, for messages that say what to fix. */
export interface CredentialSource {
  project: string;
  location: string;
  /** The service-account (or other credentials) file from Settings; absent = Application Default Credentials. */
  keyFile?: string;
}

/** What to do about a credential Google would not take, in the user's terms. */
function fixFor(source: CredentialSource): string {
  return source.keyFile
    ? `check the key file ${source.keyFile} in Settings (Vertex AI): the key may have been deleted or disabled; create a new key for the service account and pick it there`
    : 'Shotline uses Application Default Credentials (no key file is set): run `gcloud auth application-default login` on this machine, or pick a service-account key file in Settings (Vertex AI)';
}

/** The SDK's ApiError message is the JSON error body; pull the `error` object out of it. */
export function parseRpcError(text: string): RpcError | undefined {
  try {
    const body = JSON.parse(text) as { error?: RpcError };
    return body.error && typeof body.error === 'object' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** `"7s"` / `"1.5s"` (protobuf Duration JSON) -> ms. */
function parseDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** A failed Vertex call (HTTP status + error body) as a ProviderError. */
export function statusError(status: number, rpc: RpcError | undefined, fallback: string, doing: string, source: CredentialSource): ProviderError {
  const message = rpc?.message ?? fallback;
  const code = rpc?.status;
  const reason = `${status}${code ? ` ${code}` : ''}: ${message}`;
  const details = { status, ...(code ? { code } : {}) };
  if (status === 401) {
    return new ProviderError('auth', `${SERVICE} did not accept the access token (${reason}); ${fixFor(source)}.`, details);
  }
  if (status === 403) {
    return new ProviderError(
      'auth',
      `${SERVICE} refused project ${source.project} in ${source.location} (${reason}); check the project in Settings, enable the Vertex AI API in it, and give the account the Vertex AI User role (roles/aiplatform.user).`,
      details,
    );
  }
  const retryDelay = rpc?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  return classifyHttpFailure(SERVICE, doing, {
    status,
    ...(code ? { code } : {}),
    message,
    ...(retryDelay ? { retryAfterMs: parseDuration(retryDelay) } : {}),
    refusal: REFUSAL_WORDS.test(message),
  });
}

/** What google-auth-library throws: a GaxiosError (or an OAuth error copied from one) carries the token request's `config`. */
function authLibraryHttpError(error: unknown): { status?: number; url?: string; oauth?: string } | undefined {
  const e = error as { config?: { url?: unknown }; response?: { status?: unknown; data?: { error?: unknown; error_description?: unknown } } };
  if (!e || typeof e !== 'object' || !e.config || typeof e.config !== 'object') return undefined;
  const data = e.response?.data;
  const oauth = data && typeof data.error === 'string' ? `${data.error}${typeof data.error_description === 'string' ? `: ${data.error_description}` : ''}` : undefined;
  return {
    ...(typeof e.response?.status === 'number' ? { status: e.response.status } : {}),
    ...(e.config.url !== undefined ? { url: String(e.config.url) } : {}),
    ...(oauth ? { oauth } : {}),
  };
}

/** Messages google-auth-library gives for a credentials file or ADC it cannot use. */
const CREDENTIAL_SETUP = /Could not load the default credentials|client_email|private_key|credential_source|external_account|Unable to detect a Project Id|The file at .* does not exist|invalid_grant|unsupported credential type|No valid Identity Pool/i;

/**
 * Any failure of an SDK call as a ProviderError (or the error itself when it is none of ours).
 * `sent: 'no'` is set only where nothing can have reached Vertex (a token that could not be
 * had, a refused connection); it matters for creates.
 */
export function toProviderError(error: unknown, doing: string, source: CredentialSource, signal?: AbortSignal): unknown {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted || (error as Error)?.name === 'AbortError') return new ProviderError('cancelled', `Stopped ${doing}: cancelled.`);
  const status = (error as { status?: unknown })?.status;
  if ((error as Error)?.name === 'ApiError' && typeof status === 'number') {
    const rpc = parseRpcError((error as Error).message);
    return statusError(status, rpc, (error as Error).message, doing, source);
  }
  // Token fetches fail before anything is sent to Vertex.
  const notSent = { sent: 'no' as const };
  const fileError = error as NodeJS.ErrnoException;
  if (fileError?.syscall === 'open' || fileError?.code === 'ENOENT' || fileError?.code === 'EACCES' || fileError?.code === 'EISDIR') {
    return new ProviderError('auth', `The Vertex AI key file ${fileError.path ?? source.keyFile ?? ''} could not be read (${fileError.code ?? fileError.message}); pick the service-account key file again in Settings (Vertex AI), or clear it to use Application Default Credentials.`, notSent);
  }
  const http = authLibraryHttpError(error);
  if (http && (http.status !== undefined || http.oauth)) {
    if (http.status !== undefined && (http.status >= 500 || http.status === 429)) {
      return new ProviderError(http.status === 429 ? 'rate_limit' : 'server', `Google's token service had an error while ${doing} (${http.status}${http.oauth ? ` ${http.oauth}` : ''}); it will be retried.`, notSent);
    }
    return new ProviderError('auth', `Google did not accept the Vertex AI credentials (${http.oauth ?? `${http.status}: ${(error as Error).message}`}); ${fixFor(source)}.`, notSent);
  }
  if (http) {
    // No answer from the token endpoint: the network, not the credentials.
    return new ProviderError('network', `Could not reach Google's token service while ${doing} (${describeCause(error)}); check the network.`, notSent);
  }
  if (error instanceof SyntaxError && /JSON/i.test(error.message) && !CREDENTIAL_SETUP.test(error.message)) {
    // The SDK parses the answer with response.json(): a body cut short lands here.
    return new ProviderError('network', `The answer of ${SERVICE} was cut short while ${doing} (${error.message}); it will be retried.`);
  }
  if (error instanceof Error && CREDENTIAL_SETUP.test(error.message)) {
    return new ProviderError('auth', `Google credentials for Vertex AI are not usable (${error.message.split('\n')[0]}); ${fixFor(source)}.`, notSent);
  }
  // fetch() rejects with a TypeError when the connection fails or is cut.
  if (error instanceof TypeError) {
    return new ProviderError('network', `Could not reach ${SERVICE} while ${doing} (${describeCause(error)}); check the network.`, neverSent(error) ? notSent : {});
  }
  return error;
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string }; code?: string })?.cause;
  return cause?.code ?? cause?.message ?? (error as { code?: string }).code ?? (error as Error)?.message ?? String(error);
}
