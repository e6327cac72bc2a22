/**
 * Errors meant for the user. A `UserError` carries a contract error code and a message that
 * says what happened and what to do; hosts pass it through as is. Any other error is a bug and
 * is reported as `internal`.
 */
import type { ContractErrorCode } from '../shared/contract/define';

export class UserError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Shorthand for the most common case: input that cannot be used as given. */
export function invalid(message: string): UserError {
  return new UserError('invalid_input', message);
}
