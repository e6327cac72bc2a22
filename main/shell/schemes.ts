/**
 * The app's custom schemes, registered as privileged in one call (Electron allows one call,
 * before `app` is ready). Both are standard and secure (a real origin, treated like https);
 * the media scheme also streams, so <video> can seek with Range requests, and supports fetch.
 */
import type { Protocol } from 'electron';
import { MEDIA_PROTOCOL } from '../../shared/contract/http';
import { APP_PROTOCOL } from './app-protocol';

export function registerPrivilegedSchemes(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_PROTOCOL, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}
