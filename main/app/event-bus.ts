/**
 * Events from main to whoever listens (the Electron window, the dev host's SSE clients,
 * the CLI's progress line). Typed by the contract's event list.
 */
import type { EventName, EventPayload } from '../../shared/contract';

export type AnyListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private listeners = new Set<AnyListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  /** Listens to every event; returns the unsubscribe function. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Wraps an emitter so that at most one event per key goes out every `intervalMs`; the latest
 * payload always goes out last (progress bars end at their true value).
 */
export function throttleByKey<P>(intervalMs: number, send: (payload: P) => void, keyOf: (payload: P) => string) {
  const last = new Map<string, number>();
  const pending = new Map<string, { payload: P; timer: ReturnType<typeof setTimeout> }>();
  return (payload: P, force = false) => {
    const key = keyOf(payload);
    const now = Date.now();
    const waiting = pending.get(key);
    if (force || now - (last.get(key) ?? 0) >= intervalMs) {
      if (waiting) clearTimeout(waiting.timer);
      pending.delete(key);
      last.set(key, now);
      send(payload);
      return;
    }
    if (waiting) {
      waiting.payload = payload;
      return;
    }
    const timer = setTimeout(() => {
      const entry = pending.get(key);
      pending.delete(key);
      last.set(key, Date.now());
      if (entry) send(entry.payload);
    }, intervalMs - (now - (last.get(key) ?? 0)));
    timer.unref?.();
    pending.set(key, { payload, timer });
  };
}
