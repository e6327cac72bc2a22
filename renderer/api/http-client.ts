/**
 * The contract client on the loopback dev host (shared/contract/http.ts): each call is
 * `POST /api/call/<name>` with a JSON body and an envelope back; events arrive on one shared
 * Server-Sent Events stream. The per-run token goes in a header (and in the query for the
 * event stream, since EventSource cannot set headers).
 */
import { DEV_HOST } from '../../shared/contract/http';
import type { CallInput, CallName, CallResult, ContractClient, Envelope, EventName } from '../../shared/contract';
import { ContractCallError, errorMessage, isEnvelope, unwrapEnvelope } from './contract-call-error';

/** Largest body sent with `keepalive` (the browser limit is 64 KB for all such requests in flight). */
const KEEPALIVE_MAX_BODY = 16_000;

/** Where the dev host is and how to prove we may talk to it. */
export interface HttpClientOptions {
  /** Origin of the dev host, e.g. `http://127.0.0.1:5173`; '' for the page's own origin. */
  baseUrl?: string;
  /** The per-run token; null relies on the cookie the dev host set. */
  token: string | null;
  /** Injected for tests; defaults to the global. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to the global. */
  EventSource?: typeof EventSource;
}

/** Reads the token from a page URL's `?token=` query. */
export function tokenFromUrl(href: string): string | null {
  return new URL(href).searchParams.get(DEV_HOST.tokenQuery);
}

export function createHttpClient(options: HttpClientOptions): ContractClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const unavailable = (name: string, why: string) =>
    new ContractCallError(name, {
      code: 'unavailable',
      message: `${name}: could not reach the Shotline dev host (${why}). Check that it is still running, then reload the page.`,
    });

  function openStream(): EventSource {
    const Source = options.EventSource ?? EventSource;
    const query = options.token ? `?${DEV_HOST.tokenQuery}=${encodeURIComponent(options.token)}` : '';
    const stream = new Source(`${base}${DEV_HOST.eventsPath}${query}`, { withCredentials: true });
    for (const name of listeners.keys()) attach(stream, name);
    return stream;
  }

  function attach(stream: EventSource, name: string) {
    stream.addEventListener(name, (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return; // A malformed message is dropped; the next snapshot replaces it anyway.
      }
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers[DEV_HOST.tokenHeader] = options.token;
      let response: Response;
      const payload = JSON.stringify(input ?? {});
      try {
        response = await doFetch(`${base}${DEV_HOST.callPrefix}${encodeURIComponent(name)}`, {
          method: 'POST',
          headers,
          body: payload,
          credentials: 'same-origin',
          // A save made as the page unloads still arrives; browsers cap keepalive bodies at 64 KB.
          keepalive: payload.length < KEEPALIVE_MAX_BODY,
        });
      } catch (error) {
        throw unavailable(name, errorMessage(error));
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw unavailable(name, `HTTP ${response.status} without a JSON answer`);
      }
      if (!isEnvelope(body)) throw unavailable(name, `HTTP ${response.status} with an answer that is not an envelope`);
      return unwrapEnvelope(name, body as Envelope<CallResult<N>>);
    },

    on(name: EventName, listener: (payload: never) => void) {
      const fn = listener as (payload: unknown) => void;
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        if (source) attach(source, name);
      }
      set.add(fn);
      source ??= openStream();
      return () => {
        set.delete(fn);
        const anyLeft = [...listeners.values()].some((s) => s.size > 0);
        if (!anyLeft && source) {
          source.close();
          source = null;
          listeners.clear();
        }
      };
    },
  };
}
