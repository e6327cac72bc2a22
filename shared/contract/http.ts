/**
 * How the loopback dev host carries the contract over HTTP. Declared here so the dev host
 * (main/hosts/dev-host) and the renderer's HTTP client agree on one definition.
 *
 * - Call: `POST /api/call/<name>` with the JSON input as body; the answer is an `Envelope`.
 * - Events: `GET /api/events` is a Server-Sent Events stream; each message has the event name
 *   as its `event:` field and the JSON payload as `data:`.
 * - Media: `GET /media/<path relative to the open project folder>` (Range requests supported).
 * - Token: every request must carry the per-run token, in the header, the cookie (set when the
 *   page is first opened with `?token=`), or the query (EventSource and <video> cannot set
 *   headers).
 */
export const DEV_HOST = {
  callPrefix: '/api/call/',
  eventsPath: '/api/events',
  mediaPrefix: '/media/',
  tokenHeader: 'x-shotline-token',
  tokenCookie: 'shotline_token',
  tokenQuery: 'token',
} as const;

/** Custom protocol serving the open project's media in the Electron app. */
export const MEDIA_PROTOCOL = 'shotline-media';
/** Base URL of project media in the Electron app. */
export const ELECTRON_MEDIA_BASE = `${MEDIA_PROTOCOL}://project/`;
