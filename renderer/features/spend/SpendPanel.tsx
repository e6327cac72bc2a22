/**
 * Where the money went: the budget, then totals per service and per shot from the project's
 * ledger. A figure the service reported (Runway credits, fal usage) is told apart from one that
 * is still Shotline's estimate, since only the first is what the invoice will say.
 */
import type { SpendTotal } from '../../../shared/contract/generation';
import { formatUsd, usdToMicros } from '../../../shared/cost';
import { useApp } from '../../state/store-context';
import '../generate/generate.css';
import './spend.css';

const usd = (value: number) => formatUsd(usdToMicros(value));

export function SpendPanel() {
  const open = useApp((s) => s.spendOpen);
  const close = useApp((s) => s.closeSpend);
  const report = useApp((s) => s.spendReport);
  const providers = useApp((s) => s.registry?.providers ?? null);
  const shots = useApp((s) => s.shots);
  if (!open) return null;

  const providerName = (id: string) => (providers && Object.prototype.hasOwnProperty.call(providers, id) ? providers[id]!.displayName : id);
  const shotName = (id: string) => {
    if (id === 'deleted') return 'Deleted shots';
    const at = shots.findIndex((s) => s.id === id);
    return at < 0 ? 'A deleted shot' : `${at + 1}. ${shots[at]!.title || 'Untitled'}`;
  };
  const spend = report?.spend ?? null;

  return (
    <div className="modal-backdrop" role="presentation">
      <section className="modal spend-panel" role="dialog" aria-modal="true" aria-labelledby="spend-title" data-testid="spend-panel">
        <header className="settings-head">
          <h2 id="spend-title">Spend</h2>
          <button type="button" onClick={close} data-testid="spend-close">
            Done
          </button>
        </header>
        {spend && (
          <dl className="spend-budget" data-testid="spend-budget">
            <dt>Spent</dt>
            <dd>{usd(spend.spentUsd)}</dd>
            <dt>Reserved by queued jobs</dt>
            <dd>{usd(spend.reservedUsd)}</dd>
            <dt>Budget</dt>
            <dd>{spend.budgetUsd === null ? 'No budget set (Settings → This project)' : usd(spend.budgetUsd)}</dd>
            {spend.remainingUsd !== null && (
              <>
                <dt>Left</dt>
                <dd className={spend.remainingUsd <= 0 ? 'is-over' : undefined}>{usd(spend.remainingUsd)}</dd>
              </>
            )}
          </dl>
        )}
        {report && report.ledger.length === 0 ? (
          <p className="muted" data-testid="spend-empty">
            Nothing paid yet: the local animatic is free, and a paid service is charged only once it accepts a job.
          </p>
        ) : (
          <>
            <SpendTable title="By service" testId="spend-by-provider" totals={report?.byProvider ?? []} name={providerName} />
            <SpendTable title="By shot" testId="spend-by-shot" totals={report?.byShot ?? []} name={shotName} />
            <p className="small muted">Billed: the figure the service reported. Estimated: from the model list’s price, until the service reports one (some never do).</p>
          </>
        )}
      </section>
    </div>
  );
}

function SpendTable({ title, testId, totals, name }: { title: string; testId: string; totals: SpendTotal[]; name: (key: string) => string }) {
  return (
    <section className="settings-section">
      <h3>{title}</h3>
      <table className="cost-table" data-testid={testId}>
        <thead>
          <tr>
            <th />
            <th className="num">Total</th>
            <th className="num">Billed</th>
            <th className="num">Estimated</th>
            <th className="num">Jobs</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => (
            <tr key={t.key} data-testid="spend-row" data-key={t.key}>
              <td>{name(t.key)}</td>
              <td className="num">{usd(t.usd)}</td>
              <td className="num">{usd(t.billedUsd)}</td>
              <td className="num">{usd(t.estimatedUsd)}</td>
              <td className="num">{t.lines}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
