import { describe, expect, it } from 'vitest';
import { classifyHttpFailure, parseRetryAfter } from '../../main/providers/http-errors';

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
    expect(e.message).toBe('The Veo API had an error while checking op-1 (503 UNAVAILABLE: overloaded); it will be retried.');
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
