/**
 * Before anything is paid: the cost of each shot, the total, and what is left of the budget now
 * and after this batch. Main computed every figure (generation.estimate); this only shows them.
 */
import { formatUsd, usdToMicros } from '../../../shared/cost';
import { useApp } from '../../state/store-context';
import './generate.css';

const usd = (value: number) => formatUsd(usdToMicros(value));

export function CostConfirmDialog() {
  const pending = useApp((s) => s.confirmation);
  const confirm = useApp((s) => s.confirmGeneration);
  const dismiss = useApp((s) => s.dismissConfirmation);
  if (!pending) return null;
  const { estimate } = pending;
  const { spend } = estimate;
  const problems = estimate.shots.filter((l) => l.problem);
  const after = spend.remainingUsd === null ? null : spend.remainingUsd - estimate.totalUsd;
  const overBudget = after !== null && after < 0;
  const canRun = problems.length === 0 && !overBudget;

  return (
    <div className="modal-backdrop" role="presentation">
      <section className="modal cost-confirm" role="dialog" aria-modal="true" aria-labelledby="cost-title" data-testid="cost-confirm">
        <h2 id="cost-title">
          Generate {estimate.shots.length} {estimate.shots.length === 1 ? 'shot' : 'shots'} for {estimate.totalText}?
        </h2>
        <table className="cost-table">
          <thead>
            <tr>
              <th>Shot</th>
              <th>Model</th>
              <th className="num">Length</th>
              <th className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {estimate.shots.map((line) => (
              <tr key={line.shotId} data-testid="cost-line" data-shot-id={line.shotId}>
                <td>
                  {line.title || 'Untitled shot'}
                  {line.problem && (
                    <div className="field-error" data-testid="cost-problem">
                      {line.problem}
                    </div>
                  )}
                </td>
                <td className="muted">
                  {line.provider} · {line.model} · {line.size}
                </td>
                <td className="num">{line.seconds} s</td>
                <td className="num" data-testid="cost-line-usd">
                  {line.text}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={3}>Total</th>
              <td className="num" data-testid="cost-total">
                {estimate.totalText}
              </td>
            </tr>
          </tfoot>
        </table>
        <dl className="cost-budget" data-testid="cost-budget">
          {spend.budgetUsd === null ? (
            <div>
              <dt>Budget</dt>
              <dd data-testid="budget-none">No budget set (spent so far {usd(spend.spentUsd)})</dd>
            </div>
          ) : (
            <>
              <div>
                <dt>Left of the {usd(spend.budgetUsd)} budget now</dt>
                <dd data-testid="budget-left">{usd(spend.remainingUsd ?? 0)}</dd>
              </div>
              <div>
                <dt>Left after this batch</dt>
                <dd data-testid="budget-after" className={overBudget ? 'field-error' : undefined}>
                  {usd(after ?? 0)}
                </dd>
              </div>
            </>
          )}
        </dl>
        {estimate.includesThirdPartyPrices && (
          <p className="muted small">Some prices come from third-party listings, not the provider; the bill may differ.</p>
        )}
        {overBudget && (
          <p className="field-error" role="alert">
            This batch costs more than what is left of the budget. Raise the budget in Settings or generate fewer shots.
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={dismiss} data-testid="cost-cancel">
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void confirm()} disabled={!canRun} data-testid="cost-confirm-button">
            Generate for {estimate.totalText}
          </button>
        </div>
      </section>
    </div>
  );
}
