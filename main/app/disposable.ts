/**
 * Resources that must be released, and a store of them released together, in reverse order
 * of registration (VS Code's `DisposableStore`). An open project's services live in one: when
 * the project closes, exports are cancelled, the queue stops, unused media is swept and the
 * database is closed, in that order, whatever happens to any one of them.
 */

/** Something to release; may be asynchronous (stopping a queue waits for its jobs to park). */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** A disposable from a function. */
export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  return { dispose };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Registers `item`; disposed at once when the store already is. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) void item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Releases everything, last registered first. One failure does not stop the others; the
   * first error is thrown once all have run.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    let first: { error: unknown } | null = null;
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        first ??= { error };
      }
    }
    if (first) throw first.error;
  }
}
