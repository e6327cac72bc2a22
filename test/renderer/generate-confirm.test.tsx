/**
 * Cost confirmation: a paid batch shows each shot's cost, the total and what is left of the
 * budget before anything starts; confirm starts it (capped at the total), cancel starts nothing;
 * an animatic batch starts at once with no dialog; an over-budget batch cannot be confirmed.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatUsd, usdToMicros } from '../../shared/cost';
import { GenerateButtons } from '../../renderer/features/generate/GenerateButtons';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

const usd = (n: number) => formatUsd(usdToMicros(n));

async function setup(configure: (c: ProductionFakeClient) => void) {
  const client = new ProductionFakeClient().withProject(['Harbour at dawn', 'Mara at the door', 'The lamp']);
  configure(client);
  const store = createAppStore(client);
  await act(() => store.getState().loadCurrent());
  render(
    <StoreProvider store={store}>
      <GenerateButtons />
      <ProductionDialogs />
    </StoreProvider>,
  );
  return { client, store, user: userEvent.setup() };
}

describe('cost confirmation', () => {
  it('shows per-shot costs, the total and the budget left now and after, then starts with a cap', async () => {
    const { client, user } = await setup((c) => {
      c.project!.budgetUsd = 10;
      c.spentUsd = 2.5;
      c.shots.forEach((s, i) => Object.assign(s, { provider: 'openai', model: 'sora-2', seconds: [4, 8, 12][i] }));
    });
    await user.click(screen.getByTestId('generate-missing'));
    const dialog = await screen.findByTestId('cost-confirm');
    const lines = within(dialog).getAllByTestId('cost-line');
    expect(lines).toHaveLength(3);
    // 0.10 $/s: 4 s, 8 s, 12 s.
    expect(within(dialog).getAllByTestId('cost-line-usd').map((e) => e.textContent)).toEqual([usd(0.4), usd(0.8), usd(1.2)]);
    expect(within(dialog).getByTestId('cost-total').textContent).toBe(usd(2.4));
    expect(within(dialog).getByTestId('budget-left').textContent).toBe(usd(7.5));
    expect(within(dialog).getByTestId('budget-after').textContent).toBe(usd(5.1));
    expect(client.callsOf('generation.start')).toHaveLength(0);

    await user.click(within(dialog).getByTestId('cost-confirm-button'));
    expect(screen.queryByTestId('cost-confirm')).toBeNull();
    const starts = client.callsOf('generation.start') as Array<{ shotIds: string[]; maxUsd?: number; onlyMissing?: boolean }>;
    expect(starts).toHaveLength(1);
    expect(starts[0]!.shotIds).toEqual(client.shots.map((s) => s.id));
    expect(starts[0]!.onlyMissing).toBe(true);
    expect(starts[0]!.maxUsd).toBeGreaterThanOrEqual(2.4);
    expect(starts[0]!.maxUsd).toBeLessThan(2.5);
  });

  it('starts an animatic batch at once: free, no dialog', async () => {
    const { client, user, store } = await setup(() => {});
    await user.click(screen.getByTestId('generate-missing'));
    expect(screen.queryByTestId('cost-confirm')).toBeNull();
    expect(client.callsOf('generation.estimate')).toHaveLength(1);
    expect(client.callsOf('generation.start')).toHaveLength(1);
    expect(store.getState().jobOrder).toHaveLength(3);
  });

  it('generates only the selected shot from "Generate shot", and cancel starts nothing', async () => {
    const { client, user, store } = await setup((c) => c.shots.forEach((s) => (s.provider = 'google')));
    act(() => store.getState().selectShot(client.shots[1]!.id));
    await user.click(screen.getByTestId('generate-selected'));
    const dialog = await screen.findByTestId('cost-confirm');
    expect(within(dialog).getAllByTestId('cost-line')).toHaveLength(1);
    // 0.40 $/s x 4 s, no budget.
    expect(within(dialog).getByTestId('cost-total').textContent).toBe(usd(1.6));
    expect(within(dialog).getByTestId('budget-none')).toBeTruthy();
    await user.click(within(dialog).getByTestId('cost-cancel'));
    expect(screen.queryByTestId('cost-confirm')).toBeNull();
    expect(client.callsOf('generation.start')).toHaveLength(0);
  });

  it('will not confirm a batch that costs more than the budget has left', async () => {
    const { client, user } = await setup((c) => {
      c.project!.budgetUsd = 1;
      c.shots.forEach((s) => (s.provider = 'openai'));
    });
    await user.click(screen.getByTestId('generate-missing'));
    const dialog = await screen.findByTestId('cost-confirm');
    expect(within(dialog).getByTestId('budget-after').textContent).toBe(`-${usd(0.2)}`);
    expect((within(dialog).getByTestId('cost-confirm-button') as HTMLButtonElement).disabled).toBe(true);
    expect(within(dialog).getByRole('alert').textContent).toMatch(/more than what is left of the budget/);
    expect(client.callsOf('generation.start')).toHaveLength(0);
  });
});
