/**
 * `GET /api/events`: the session's events as Server-Sent Events. One subscription per open
 * stream; a comment line every few seconds keeps proxies and idle timers from closing it and
 * lets a dead client be noticed.
 */
import type { ServerResponse } from 'node:http';
import type { EventBus } from '../../app/event-bus';

/** Formats one SSE message (`event:` name and one `data:` line of JSON). */
export function formatEvent(name: string, payload: unknown): string {
  // JSON.stringify never emits a raw newline, so one data line always carries the whole payload.
  return `event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`;
}

/** Starts streaming events to `res`; returns a function that ends the stream. */
export function openEventStream(res: ServerResponse, bus: EventBus, heartbeatMs: number): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((name, payload) => {
    res.write(formatEvent(name, payload));
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  res.on('close', end);
  return end;
}
