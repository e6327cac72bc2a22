/**
 * The shape of `window.shotline`, the API the Electron preload exposes, derived from the
 * contract so it cannot drift: call `shots.add` is `shotline.shots.add(input)`, resolving to an
 * envelope; events are `shotline.events.on(name, listener)`, returning the unsubscribe.
 */
import type { CallInput, CallName, CallResult, Envelope, EventName, EventPayload } from '../../shared/contract';

/** `shots` for `shots.add`. */
type AreaOf<N extends string> = N extends `${infer A}.${string}` ? A : never;

/** The functions of one area, e.g. `{ add, update, ... }` for `shots`. */
export type PreloadArea<A extends string> = {
  [N in CallName as N extends `${A}.${infer F}` ? F : never]: (input: CallInput<N>) => Promise<Envelope<CallResult<N>>>;
};

/** Event subscription as the preload exposes it. */
export interface PreloadEvents {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Everything on `window.shotline`. */
export type PreloadApi = { [A in AreaOf<CallName>]: PreloadArea<A> } & { events: PreloadEvents };

declare global {
  interface Window {
    /** Present only inside the Electron app (set by main/preload.ts). */
    shotline?: PreloadApi;
  }
}
