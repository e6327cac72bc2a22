/** The error every contract client throws when a call fails, whatever the host. */
import type { ContractError, ContractErrorCode, Envelope } from '../../shared/contract';

/** A failed contract call: the code main gave and its message, which says what to do. */
export class ContractCallError extends Error {
  readonly code: ContractErrorCode;
  /** The call that failed, e.g. `shots.update`. */
  readonly callName: string;

  constructor(callName: string, error: ContractError) {
    super(error.message);
    this.name = 'ContractCallError';
    this.code = error.code;
    this.callName = callName;
  }
}

/** Returns the value of a successful envelope, or throws its error as a `ContractCallError`. */
export function unwrapEnvelope<R>(callName: string, envelope: Envelope<R>): R {
  if (envelope.ok) return envelope.value;
  throw new ContractCallError(callName, envelope.error);
}

/** True when `value` has the shape of an envelope (used on anything that arrived over a wire). */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; value?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

/** Words for any thrown value, for showing to the user. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
