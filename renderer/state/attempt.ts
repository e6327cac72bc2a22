/** Runs a contract action, turning a failure into a visible message and `undefined`. */
import type { AppState } from './app-store';

export async function attempt<T>(get: () => AppState, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    get().pushError(error);
    return undefined;
  }
}

/** Like `attempt`, but hands the error back instead of showing it (for on-the-spot messages). */
export async function settle<T>(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error };
  }
}
