/**
 * ===========================================================================================
 * SECURITY SETUP OF THE ELECTRON SHELL: REVIEW THIS FILE AS ONE UNIT.
 *
 * Everything that decides what the renderer may do lives here:
 * - the window's webPreferences (context isolation, sandbox, no Node, web security);
 * - the session: CSP and security headers on every response, every permission denied
 *   (the page itself comes from the shotline-app: scheme, ./app-protocol.ts, with the same CSP);
 * - the web contents: no navigation, no new windows, no <webview>; https links on the
 *   allow-list go to the system browser after a URL check;
 * - the IPC door: a call is answered only when it comes from the main frame of our own window
 *   showing our own page. (The payload is then validated by the dispatcher's schema.)
 * A change to any of these should be read together with the others.
 * ===========================================================================================
 */
import type { BrowserWindow, IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';
import { SECURITY_HEADERS } from './csp';
import { isAllowedExternalUrl } from './external-links';

/** The webPreferences of every Shotline window. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Sets the CSP on every response and denies every permission (camera, notifications, ...). */
export function applySessionSecurity(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), ...asHeaderLists(SECURITY_HEADERS) } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

function asHeaderLists(headers: Readonly<Record<string, string>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
}

/** What opens a link in the system browser (Electron's shell.openExternal). */
export type OpenExternal = (url: string) => Promise<void>;

/** Blocks navigation, new windows and webviews; sends allow-listed https links to the browser. */
export function hardenWebContents(contents: WebContents, openExternal: OpenExternal): void {
  const sendOut = (url: string) => {
    if (isAllowedExternalUrl(url)) void openExternal(url).catch(() => {});
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    sendOut(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
}

/** Where the app's page comes from: the app protocol (./app-protocol.ts), or a dev server. */
export interface AppPage {
  url: string;
}

/** True when `url` is on our page's scheme and host (any path, query or hash). */
export function isAppPageUrl(page: AppPage, url: string): boolean {
  let parsed: URL;
  let expected: URL;
  try {
    parsed = new URL(url);
    expected = new URL(page.url);
  } catch {
    return false;
  }
  // Compare scheme and host rather than `origin`: custom schemes have an opaque origin ("null").
  return parsed.protocol === expected.protocol && parsed.host === expected.host && parsed.host !== '';
}

/**
 * The IPC sender check: the frame must be the main frame of our window's web contents and show
 * our page. A sub-frame, another window, or a page that navigated away is refused.
 */
export function createSenderCheck(getWindow: () => BrowserWindow | null, page: AppPage) {
  return (event: IpcMainInvokeEvent): boolean => {
    const window = getWindow();
    const frame = event.senderFrame;
    if (!window || window.isDestroyed() || !frame) return false;
    if (event.sender !== window.webContents) return false;
    if (frame !== window.webContents.mainFrame || frame.parent !== null) return false;
    return isAppPageUrl(page, frame.url);
  };
}
