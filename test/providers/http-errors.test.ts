import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { classifyHttpFailure, neverSent, parseRetryAfter } from '../../main/providers/http-errors';

const headers = (h: Record<string, string>) => new Headers(h);

describe('one HTTP-error reading for every adapter', () => {
  it('maps each status to what the queue does, in the same words for every service', () => {
    const kind = (status: number, extra = {}) => classifyHttpFailure('test service', 'creating', { status, message: 'm', ...extra }).kind;
    expect([401, 403].map((s) => kind(s))).toEqual(['auth', 'auth']);
    expect(kind(400, { badKey: true })).toBe('auth');
    expect(kind(429, { outOfCredit: true })).toBe('auth');
    expect(kind(404)).toBe('not_found');
    expect(kind(429)).toBe('rate_limit');
    expect(kind(400, { refusal: true })).toBe('refusal');
    expect([408, 504].map((s) => kind(s))).toEqual(['network', 'network']);
    expect([409, 500, 502, 503].map((s) => kind(s))).toEqual(['server', 'server', 'server', 'server']);
    expect([400, 413, 422].map((s) => kind(s))).toEqual(['bad_request', 'bad_request', 'bad_request']);
    const e = classifyHttpFailure('Veo API', 'checking op-1', { status: 503, code: 'UNAVAILABLE', message: 'overloaded', retryAfterMs: 7000, requestId: 'r1' });
    expect(e.message).toBe('The Veo API had an error while checking op-1 (503 UNAVAILABLE: overloaded).');
    expect(e.details).toEqual({ status: 503, code: 'UNAVAILABLE', retryAfterMs: 7000, requestId: 'r1' });
    expect(e.retryable).toBe(true);
  });

  it('reads retry-after in milliseconds, seconds or as a date, and ignores nonsense', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 03 Dec 2026 10:00:10 GMT' }), now)).toBe(10_000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 03 Dec 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('neverSent: only a request that never reached a server may be sent again', () => {
  const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

  it('is true for a refused connection, seen through fetch\'s cause chain', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(neverSent(await rejection(fetch(`http://127.0.0.1:${port}/v1/videos`, { method: 'POST', body: '{}' })))).toBe(true);
  });

  it('is true for a port fetch refuses to connect to (a base URL on a blocked port)', async () => {
    expect(neverSent(await rejection(fetch('http://127.0.0.1:6000/v1/videos', { method: 'POST', body: '{}' })))).toBe(true);
  });

  it('is false when the server took the request and then dropped the connection', async () => {
    // A server that reads the whole create, then hangs up without answering: it may have billed it.
    const server = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      const error = await rejection(fetch(`http://127.0.0.1:${port}/v1/videos`, { method: 'POST', body: '{}' }));
      expect(error).toBeInstanceOf(TypeError);
      expect(neverSent(error)).toBe(false);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
