/**
 * The door every call comes through, whatever the host (Electron IPC, dev host HTTP, tests):
 * the name must be a contract call, the input must pass the call's schema, and the handler's
 * outcome becomes an envelope. A handler never sees unvalidated input; a bug never crashes the
 * host, it becomes an `internal` error with the message kept for the log.
 */
import { z } from 'zod';
import { calls, isCallName, type CallName, type CallParsed, type CallResult } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import { UserError } from '../errors';

/** The implementation of every call; the compiler reports a missing one. */
export type Handlers = { [N in CallName]: (input: CallParsed<N>) => Promise<CallResult<N>> | CallResult<N> };

/** A dispatcher: what hosts call with whatever arrived from the page. */
export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>;

/** Words a person can act on, e.g. `patch.seconds: expected number, received string`. */
export function describeZodError(error: z.ZodError): string {
  // A wrong or unknown field is what the sender must fix; fields merely missing around it come last.
  const missing = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  return [...error.issues]
    .sort((a, b) => Number(missing(a)) - Number(missing(b)))
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'input';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export function createDispatch(handlers: Handlers, log: (line: string) => void = () => {}): Dispatch {
  return async (name, input) => {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'invalid_input', message: `Unknown call "${String(name).slice(0, 100)}".` } };
    }
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: `${name}: ${describeZodError(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value: value === undefined ? null : value };
    } catch (error) {
      if (error instanceof UserError) return { ok: false, error: { code: error.code, message: error.message } };
      const message = error instanceof Error ? error.message : String(error);
      log(`[${name}] internal error: ${error instanceof Error && error.stack ? error.stack : message}`);
      return { ok: false, error: { code: 'internal', message: `${name} failed: ${message}` } };
    }
  };
}
