/**
 * The Spend panel, opened from the production bar: the budget, then totals per service (named
 * from the descriptors) and per shot (named by position and title), billed vs estimated, as
 * generation.spend answered them; an empty ledger says nothing was paid.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionBar, ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

async function setup(configure: (c: ProductionFakeClient) => void) {
  const client = new ProductionFakeClient().withProject(['Harbour', 'Lighthouse']);
  configure(client);
  const store = createAppStore(client);
  await act(() => store.getState().loadCurrent());
  await act(() => store.getState().loadCatalog());
  render(
    <StoreProvider store={store}>
      <ProductionBar />
      <ProductionDialogs />
    </StoreProvider>,
  );
  return { client, store, user: userEvent.setup() };
}

describe('spend panel', () => {
  it('shows the budget and totals per service and per shot, billed vs estimated', async () => {
    const { client, user } = await setup((c) => {
      c.project!.budgetUsd = 10;
      const [a, b] = c.shots;
      c.spendAnswer = {
        spend: { budgetUsd: 10, spentUsd: 1.8, reservedUsd: 0.4, remainingUsd: 7.8 },
        ledger: [{ id: 'l1', jobId: null, shotId: a!.id, provider: 'runway', model: 'gen4.5', size: '1280x720', seconds: 5, costUsd: 0.5, billedBy: 'service', billed: { amount: 50, unit: 'credits' }, createdAt: '2026-01-01T00:00:00.000Z' }],
        byProvider: [
          { key: 'openai', usd: 1.3, billedUsd: 0, estimatedUsd: 1.3, lines: 3, estimatedLines: 3 },
          { key: 'runway', usd: 0.5, billedUsd: 0.5, estimatedUsd: 0, lines: 1, estimatedLines: 0 },
        ],
        byShot: [
          { key: b!.id, usd: 1.2, billedUsd: 0, estimatedUsd: 1.2, lines: 2, estimatedLines: 2 },
          { key: a!.id, usd: 0.5, billedUsd: 0.5, estimatedUsd: 0, lines: 1, estimatedLines: 0 },
          { key: 'deleted', usd: 0.1, billedUsd: 0, estimatedUsd: 0.1, lines: 1, estimatedLines: 1 },
        ],
      };
    });
    await user.click(screen.getByTestId('open-spend'));
    const panel = await screen.findByTestId('spend-panel');
    expect(client.callsOf('generation.spend').length).toBeGreaterThan(0);
    const budget = within(panel).getByTestId('spend-budget').textContent!;
    expect(budget).toContain('$1.80');
    expect(budget).toContain('$10.00');
    expect(budget).toContain('$7.80');
    expect(budget).toContain('$0.40');

    const byProvider = within(within(panel).getByTestId('spend-by-provider')).getAllByTestId('spend-row');
    expect(byProvider.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent))).toEqual([
      [client.registry.providers.openai!.displayName, '$1.30', '$0.00', '$1.30', '3'],
      [client.registry.providers.runway!.displayName, '$0.50', '$0.50', '$0.00', '1'],
    ]);
    const byShot = within(within(panel).getByTestId('spend-by-shot')).getAllByTestId('spend-row');
    expect(byShot.map((r) => r.querySelector('td')!.textContent)).toEqual(['2. Lighthouse', '1. Harbour', 'Deleted shots']);

    await user.click(within(panel).getByTestId('spend-close'));
    expect(screen.queryByTestId('spend-panel')).toBeNull();
  });

  it('says nothing was paid when the ledger is empty', async () => {
    const { user } = await setup(() => {});
    await user.click(screen.getByTestId('open-spend'));
    expect((await screen.findByTestId('spend-empty')).textContent).toMatch(/Nothing paid yet/);
    expect(screen.getByTestId('spend-budget').textContent).toContain('No budget set');
  });
});
