/**
 * The per-project budget. Spend is recorded in the ledger when a paid job is accepted by the
 * service (submit returned a job id): services bill for accepted jobs, whether or not the
 * result is later downloaded, so the ledger errs on the side of counting. Jobs waiting in the
 * queue reserve their estimate, so a burst of requests cannot overshoot the budget together.
 */
import type { SpendStatus } from '../../shared/contract/generation';
import { UserError } from '../errors';
import type { LedgerRepository } from '../store/ledger-repository';

/** Where the money is read from. */
type Books = { ledger: Pick<LedgerRepository, 'spentUsd' | 'reservedUsd'> };

export const usd = (value: number) => `$${value.toFixed(2)}`;

export function budgetStatus(books: Books, budgetUsd: number | null): SpendStatus {
  const spentUsd = books.ledger.spentUsd();
  const reservedUsd = books.ledger.reservedUsd();
  const remainingUsd = budgetUsd === null ? null : Math.max(0, budgetUsd - spentUsd - reservedUsd);
  return { budgetUsd, spentUsd, reservedUsd, remainingUsd };
}

/**
 * Refuses (before anything is sent) when `estimateUsd` more would exceed the budget.
 * `what` names the work, e.g. `3 shots with sora-2`.
 */
export function assertWithinBudget(
  books: Books,
  budgetUsd: number | null,
  estimateUsd: number,
  what: string,
  excludeReservedUsd = 0,
): void {
  if (estimateUsd <= 0 || budgetUsd === null) return;
  const status = budgetStatus(books, budgetUsd);
  // A job re-checked just before it is sent already holds its own reservation.
  const left = Math.max(0, budgetUsd - status.spentUsd - (status.reservedUsd - excludeReservedUsd));
  // A cent of slack absorbs floating-point sums of per-second prices.
  if (estimateUsd > left + 0.005) {
    throw new UserError(
      'refused',
      `${what} would cost about ${usd(estimateUsd)}, but only ${usd(left)} of the project's ${usd(budgetUsd)} budget is left ` +
        `(${usd(status.spentUsd)} spent${status.reservedUsd - excludeReservedUsd > 0 ? `, ${usd(status.reservedUsd - excludeReservedUsd)} reserved by queued jobs` : ''}). ` +
        'Nothing was sent. Raise the budget in project settings, pick a cheaper model or shorter shots, or generate fewer shots.',
    );
  }
}
