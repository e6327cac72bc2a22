/**
 * Building blocks of the IPC contract. A call is a name, a zod schema for its input and a
 * (phantom) result type; an event is a name and a payload type. Main validates every input
 * against the schema before a handler sees it; the renderer gets types from the same place.
 */
import type { z } from 'zod';

/** One request/response call of the contract. */
export interface CallSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  /** Schema every input is checked against in main, before the handler runs. */
  readonly input: I;
  /** What the call does (shown in docs and error messages). */
  readonly doc: string;
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: R;
}

/** One event pushed from main to the renderer. */
export interface EventSpec<P = unknown> {
  readonly doc: string;
  /** Phantom field carrying the payload type; never set at run time. */
  readonly __payload?: P;
}

/**
 * Declares a call: `call<Result>()(inputSchema, 'what it does')`. The double call lets the
 * result type be given explicitly while the input type is inferred from the schema.
 */
export function call<R>() {
  return <I extends z.ZodType>(input: I, doc: string): CallSpec<I, R> => ({ input, doc });
}

/** Declares an event with its payload type. */
export function event<P>(doc: string): EventSpec<P> {
  return { doc };
}

/** Error codes a call can fail with. The message always says what to do. */
export type ContractErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'no_project'
  | 'conflict'
  | 'refused'
  | 'unavailable'
  | 'internal';

/** The failure half of a call's envelope. */
export interface ContractError {
  code: ContractErrorCode;
  message: string;
}

/** What crosses the wire for every call: the result, or an error with a clear message. */
export type Envelope<R> = { ok: true; value: R } | { ok: false; error: ContractError };
