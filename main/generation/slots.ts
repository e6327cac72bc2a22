/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export class Slots {
  private used = 0;
  private waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** Changes the limit; waiters start at once when it grows. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.drain();
  }

  get inUse(): number {
    return this.used;
  }

  /** Resolves with a release function when a slot is free. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (this.used < this.limit) {
      this.used++;
      return this.releaser();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.used++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== grant);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.used--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.used < this.limit && this.waiting.length > 0) this.waiting.shift()!();
  }
}
