/**
 * The dev host's door: every request must come to the loopback name we listen on (a DNS
 * rebinding page reaches us under its own host name), carry the per-run token, and, for a POST,
 * come from our own origin. Pure functions over request headers, so they are easy to review.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DEV_HOST } from '../../../shared/contract/http';

/** Host header values we answer to. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** True when the Host header names our loopback address and port. */
export function isAllowedHost(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).includes(host);
}

/**
 * True when a state-changing request is not cross-origin. Browsers send Origin on every POST
 * (and Sec-Fetch-Site); a missing Origin is a non-browser client, which still needs the token.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, port: number): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/** Reads one cookie from a Cookie header (no dependency needed for one name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  // Constant-time compare so the token cannot be guessed byte by byte from timings.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a valid token was found, or null when the request carries none that matches. */
export type TokenSource = 'header' | 'cookie' | 'query' | null;

export function findToken(headers: IncomingHttpHeaders, url: URL, token: string): TokenSource {
  const header = headers[DEV_HOST.tokenHeader];
  if (sameToken(Array.isArray(header) ? header[0] : header, token)) return 'header';
  if (sameToken(readCookie(headers.cookie, DEV_HOST.tokenCookie), token)) return 'cookie';
  if (sameToken(url.searchParams.get(DEV_HOST.tokenQuery), token)) return 'query';
  return null;
}

/** The Set-Cookie value that lets the page's assets, media and SSE carry the token. */
export function tokenCookie(token: string): string {
  return `${DEV_HOST.tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
