/**
 * Live progress from ComfyUI's `/ws` socket. ComfyUI sends a prompt's messages (execution_start,
 * executing, progress, executed, execution_success / execution_error / execution_interrupted)
 * only to the socket of the `client_id` the prompt was queued with, so each prompt gets its own
 * client id derived from its prompt id: after a Shotline restart the same socket is opened
 * again and the prompt's progress keeps coming (ComfyUI even re-sends the executing node to a
 * reconnecting client). The socket is opened before the prompt is queued, so no message is lost.
 *
 * This is an optimisation, not the source of truth: when a socket cannot be had (a proxy
 * without WebSocket support, a server with it turned off) the adapter polls /history and
 * /queue instead. Sockets are unref'd, so an open one never keeps the process alive, and are
 * closed when their prompt ends or nobody asked about it for a while.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { ComfyHost } from './host-pool';

/** What the socket has told about one prompt. */
export interface PromptProgress {
  /** The socket is open now. */
  connected: boolean;
  /** execution_start (or an executing node) was seen. */
  started: boolean;
  /** How it ended, once it has. */
  finished: 'success' | 'error' | 'interrupted' | null;
  /** The node executing now. */
  node: string | null;
  /** Its progress (sampler steps), when it reports any. */
  value: number;
  max: number;
  /** Nodes executed or taken from the cache. */
  done: Set<string>;
  /** Nodes in the prompt, when known. */
  total: number | null;
  /** When the socket saw execution start and end, by this machine's clock (the host's may differ). */
  startedAt: number | null;
  finishedAt: number | null;
  /** When the socket last said anything (ms). */
  lastMessageAt: number;
}

/** The client id a prompt is queued with, and its socket opened with. */
export const clientIdOf = (promptId: string) => `shotline-${promptId}`;

/** 0..1 from what the socket saw: finished nodes plus the running node's own steps. */
export function progressOf(p: PromptProgress): number {
  const partial = p.max > 0 ? Math.min(1, p.value / p.max) : 0;
  if (!p.total) return Math.min(0.99, partial * 0.99);
  return Math.min(0.99, Math.max(0, (p.done.size + partial) / p.total));
}

interface Entry {
  socket: WebSocket;
  progress: PromptProgress;
  opened: Promise<boolean>;
  lastUsed: number;
}

export interface ProgressWatcherOptions {
  log: (line: string) => void;
  /** How long `watch` waits for the socket to open (default 2 s). */
  connectTimeoutMs?: number;
  /** A socket nobody asked about for this long is closed (default 2 min). */
  idleMs?: number;
  /** After a host refused a socket, how long before trying that host again (default 30 s). */
  retryAfterMs?: number;
}

const keyOf = (host: ComfyHost, promptId: string) => `${host.base}#${promptId}`;

export class ProgressWatcher {
  private readonly entries = new Map<string, Entry>();
  /** Hosts whose socket failed, with when to try again. */
  private readonly refused = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly connectTimeoutMs: number;
  private readonly idleMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly options: ProgressWatcherOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    this.idleMs = options.idleMs ?? 120_000;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
  }

  /**
   * Opens (or reuses) the prompt's socket. Resolves true once it is open, false when it could
   * not be opened in time; never throws (the caller then relies on polling).
   */
  watch(host: ComfyHost, promptId: string, total?: number): Promise<boolean> {
    const key = keyOf(host, promptId);
    const existing = this.entries.get(key);
    if (existing && existing.socket.readyState <= WebSocket.OPEN) {
      existing.lastUsed = Date.now();
      if (total) existing.progress.total = total;
      return existing.opened;
    }
    if ((this.refused.get(host.base) ?? 0) > Date.now()) return Promise.resolve(false);
    const progress: PromptProgress = existing?.progress ?? {
      connected: false, started: false, finished: null, node: null, value: 0, max: 0, done: new Set(), total: total ?? null, startedAt: null, finishedAt: null, lastMessageAt: Date.now(),
    };
    if (total) progress.total = total;
    const url = `${host.base.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(clientIdOf(promptId))}`;
    const socket = new WebSocket(url, { headers: host.authorization ? { authorization: host.authorization } : {}, handshakeTimeout: this.connectTimeoutMs });
    // A progress socket must never keep Shotline (or the CLI) running.
    socket.on('upgrade', (response: IncomingMessage) => response.socket.unref());
    let wasOpen = false;
    const opened = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.connectTimeoutMs);
      timer.unref();
      socket.once('open', () => {
        clearTimeout(timer);
        wasOpen = true;
        progress.connected = true;
        resolve(true);
      });
      // 'error' may come more than once (and after open); it must never go unhandled.
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (!wasOpen) {
          this.refused.set(host.base, Date.now() + this.retryAfterMs);
          this.options.log(`[comfyui] no progress socket at ${host.label} (${error.message}); polling /history instead`);
        }
        resolve(false);
      });
    });
    socket.on('close', () => {
      progress.connected = false;
    });
    socket.on('message', (data, isBinary) => {
      // Binary frames are previews.
      if (isBinary) return;
      progress.lastMessageAt = Date.now();
      this.onMessage(promptId, progress, String(data), key);
    });
    const entry: Entry = { socket, progress, opened, lastUsed: Date.now() };
    this.entries.set(key, entry);
    this.startSweeper();
    return opened;
  }

  /** What the socket has seen of the prompt, if it has one. */
  get(host: ComfyHost, promptId: string): PromptProgress | undefined {
    const entry = this.entries.get(keyOf(host, promptId));
    if (!entry) return undefined;
    entry.lastUsed = Date.now();
    return entry.progress;
  }

  /** Closes the prompt's socket (its job ended, or was cancelled). */
  stop(host: ComfyHost, promptId: string): void {
    const key = keyOf(host, promptId);
    this.entries.get(key)?.socket.terminate();
    this.entries.delete(key);
  }

  /** Closes every socket. */
  dispose(): void {
    for (const entry of this.entries.values()) entry.socket.terminate();
    this.entries.clear();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private onMessage(promptId: string, p: PromptProgress, text: string, key: string): void {
    let message: { type?: string; data?: Record<string, unknown> };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    const data = message.data ?? {};
    // `status` (queue length) concerns every client; the rest must be this prompt's.
    if (message.type === 'status' || data.prompt_id !== promptId) return;
    const now = Date.now();
    switch (message.type) {
      case 'execution_start':
        p.started = true;
        p.startedAt = now;
        break;
      case 'execution_cached':
        for (const id of Array.isArray(data.nodes) ? data.nodes : []) p.done.add(String(id));
        break;
      case 'executing': {
        p.started = true;
        p.startedAt ??= now;
        if (p.node !== null) p.done.add(p.node);
        p.node = typeof data.node === 'string' ? data.node : null;
        p.value = 0;
        p.max = 0;
        break;
      }
      case 'progress':
        if (typeof data.value === 'number' && typeof data.max === 'number') {
          p.value = data.value;
          p.max = data.max;
        }
        break;
      case 'executed':
        if (typeof data.node === 'string') p.done.add(data.node);
        break;
      case 'execution_success':
      case 'execution_error':
      case 'execution_interrupted':
        p.finished = message.type === 'execution_success' ? 'success' : message.type === 'execution_error' ? 'error' : 'interrupted';
        p.finishedAt = now;
        // Nothing more will come for this prompt; the history has the rest.
        this.entries.get(key)?.socket.close();
        break;
      default:
        break;
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, entry] of this.entries) {
        if (now - entry.lastUsed > this.idleMs || entry.socket.readyState === WebSocket.CLOSED) {
          entry.socket.terminate();
          this.entries.delete(key);
        }
      }
      if (this.entries.size === 0 && this.sweeper) {
        clearInterval(this.sweeper);
        this.sweeper = null;
      }
    }, Math.min(30_000, this.idleMs));
    this.sweeper.unref();
  }
}
