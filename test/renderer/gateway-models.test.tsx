/**
 * Settings: a model a gateway serves is added from the provider's row (a copy of a known model
 * under a new id) through registry.addModel, shows in the row and in the editor's registry at
 * once, and is removed again through registry.removeModel; main's refusal is shown in the form.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

async function setup() {
  const client = new ProductionFakeClient().withProject(['One']);
  const store = createAppStore(client);
  await act(() => store.getState().loadCurrent());
  render(
    <StoreProvider store={store}>
      <ProductionDialogs />
    </StoreProvider>,
  );
  await act(async () => store.getState().openSettings());
  await screen.findByTestId('selftest');
  return { client, store, user: userEvent.setup() };
}

describe('settings: gateway models', () => {
  it('adds a model based on a known one, shows it at once (Settings and pick lists), and removes it', async () => {
    const { client, store, user } = await setup();
    const row = screen.getByTestId('provider-openai');
    await user.click(within(row).getByTestId('open-add-model-openai'));
    await user.type(within(row).getByTestId('add-model-id-openai'), 'sora-2-gw');
    await user.type(within(row).getByTestId('add-model-name-openai'), 'Sora 2 (gateway)');
    expect((within(row).getByTestId('add-model-based-on-openai') as HTMLSelectElement).value).toBe('sora-2');
    await user.click(within(row).getByTestId('add-model-save-openai'));
    expect(client.callsOf('registry.addModel')).toEqual([{ provider: 'openai', model: 'sora-2-gw', displayName: 'Sora 2 (gateway)', basedOn: 'sora-2' }]);
    const listed = within(row).getByTestId('user-model-openai');
    expect(listed.textContent).toContain('Sora 2 (gateway)');
    expect(store.getState().registry!.models.some((m) => m.provider === 'openai' && m.model === 'sora-2-gw')).toBe(true);

    // Main refuses a duplicate; the form says why.
    await user.type(within(row).getByTestId('add-model-id-openai'), 'sora-2-gw');
    await user.click(within(row).getByTestId('add-model-save-openai'));
    expect(within(row).getByTestId('add-model-problem-openai').textContent).toMatch(/already in the model list/);

    await user.click(within(row).getByTestId('remove-user-model-openai'));
    expect(client.callsOf('registry.removeModel')).toEqual([{ provider: 'openai', model: 'sora-2-gw' }]);
    expect(within(row).queryByTestId('user-model-openai')).toBeNull();
    expect(store.getState().registry!.models.some((m) => m.model === 'sora-2-gw')).toBe(false);
  });

  it('sends the sizes, durations and price the gateway has, blank ones left to the copied model', async () => {
    const { client, user } = await setup();
    const row = screen.getByTestId('provider-openai');
    await user.click(within(row).getByTestId('open-add-model-openai'));
    await user.type(within(row).getByTestId('add-model-id-openai'), 'wan-2.7-gw');
    await user.type(within(row).getByTestId('add-model-sizes-openai'), '1280x720, 720x1280');
    await user.type(within(row).getByTestId('add-model-seconds-openai'), '5 10');
    await user.type(within(row).getByTestId('add-model-price-openai'), '0.05');
    await user.click(within(row).getByTestId('add-model-save-openai'));
    expect(client.callsOf('registry.addModel')).toEqual([
      { provider: 'openai', model: 'wan-2.7-gw', displayName: 'wan-2.7-gw', basedOn: 'sora-2', sizes: ['1280x720', '720x1280'], seconds: [5, 10], usd: 0.05 },
    ]);
  });
});
