/**
 * The Content-Security-Policy of the renderer, set by the Electron shell (on the app protocol's
 * responses and on every response of the window's session) and by the dev host (on every HTTP
 * response), so the page runs under the same rules in both. 'self' is the page's own origin:
 * `shotline-app://renderer` in Electron, `http://127.0.0.1:PORT` on the dev host. No Electron import: the dev host runs in plain Node.
 *
 * - Scripts only from the app itself: no inline script, no eval, no remote code.
 * - style-src allows 'unsafe-inline' because React components and @dnd-kit write `style`
 *   attributes while dragging; styles cannot run code, scripts stay strict.
 * - Media comes from the app (dev host `/media/`), the `shotline-media:` protocol (Electron),
 *   and blob:/data: for thumbnails and drag-and-drop previews made in the page.
 * - connect-src 'self': the page talks only to its own host (dev host calls and SSE).
 */
import { MEDIA_PROTOCOL } from '../../shared/contract/http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${MEDIA_PROTOCOL}: blob: data:`,
  `media-src 'self' ${MEDIA_PROTOCOL}: blob: data:`,
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every page response carries, in both hosts. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
