/**
 * Settings screen: a typed key goes to main through secrets.set and is gone from the page at
 * once (field, DOM, store); only "a key is set" comes back. Base URL, project defaults, house
 * format and budget reach their calls; a bad budget is refused on the spot; the ffmpeg
 * self-test result and a changed path are shown and checked again.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

const KEY = 'sk-test-THIS-KEY-MUST-NOT-SHOW-1234567890';

async function setup(configure: (c: ProductionFakeClient) => void = () => {}) {
  const client = new ProductionFakeClient().withProject(['One']);
  configure(client);
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

describe('settings screen', () => {
  it('sends a typed key to main and keeps nothing of it in the page', async () => {
    const { client, store, user } = await setup();
    const row = screen.getByTestId('provider-openai');
    expect(within(row).getByTestId('key-status-openai').textContent).toBe('No key set.');
    const input = within(row).getByTestId('api-key-openai') as HTMLInputElement;
    expect(input.type).toBe('password');
    await user.type(input, KEY);
    await user.click(within(row).getByTestId('save-key-openai'));
    expect(client.keysReceived.get('openai')).toBe(KEY);
    expect(client.callsOf('secrets.set')).toEqual([{ provider: 'openai', key: KEY }]);
    expect(input.value).toBe('');
    expect(within(row).getByTestId('key-status-openai').textContent).toMatch(/^A key is set/);
    expect(document.body.innerHTML).not.toContain(KEY);
    expect(JSON.stringify(Object.entries(store.getState()).filter(([, v]) => typeof v !== 'function'))).not.toContain(KEY);

    await user.click(within(row).getByTestId('clear-key-openai'));
    expect(client.keysReceived.has('openai')).toBe(false);
    expect(within(row).getByTestId('key-status-openai').textContent).toBe('No key set.');
  });

  it('saves a base URL and concurrency per provider', async () => {
    const { client, user } = await setup();
    const url = screen.getByTestId('base-url-openai');
    await user.type(url, 'http://127.0.0.1:4010/v1');
    await user.clear(screen.getByTestId('concurrency-openai'));
    await user.type(screen.getByTestId('concurrency-openai'), '3');
    await user.click(screen.getByTestId('save-connection-openai'));
    expect(client.callsOf('settings.update')).toEqual([{ providers: { openai: { baseUrl: 'http://127.0.0.1:4010/v1', concurrency: 3 } } }]);
    expect(client.settingsView.providers.openai!.baseUrl).toBe('http://127.0.0.1:4010/v1');
  });

  it('saves defaults, house format and budget through project.update, and refuses a bad budget on the spot', async () => {
    const { client, store, user } = await setup();
    await user.type(screen.getByTestId('budget'), 'ten dollars');
    await user.click(screen.getByTestId('save-project-settings'));
    expect(screen.getByText(/Budget must be an amount in dollars/)).toBeTruthy();
    expect(client.callsOf('project.update')).toHaveLength(0);

    await user.clear(screen.getByTestId('budget'));
    await user.type(screen.getByTestId('budget'), '25');
    await user.selectOptions(screen.getByTestId('default-provider'), 'openai');
    expect((screen.getByTestId('default-model') as HTMLSelectElement).value).toBe('sora-2');
    await user.selectOptions(screen.getByTestId('house-size'), '1920x1080');
    await user.selectOptions(screen.getByTestId('house-fps'), '25');
    await user.click(screen.getByTestId('save-project-settings'));
    expect(client.callsOf('project.update')).toEqual([
      { defaultProvider: 'openai', defaultModel: 'sora-2', size: '1920x1080', fps: { num: 25, den: 1 }, budgetUsd: 25 },
    ]);
    expect(store.getState().project!.budgetUsd).toBe(25);
    expect(store.getState().project!.format.width).toBe(1920);
  });

  it('shows the ffmpeg self-test and checks again after a new path', async () => {
    const { client, user } = await setup();
    expect(screen.getByTestId('selftest').dataset.ok).toBe('true');
    expect(screen.getByTestId('selftest').textContent).toContain('ffmpeg version 5.1.9');
    client.selfTestReport = {
      ...client.selfTestReport,
      ok: false,
      ffmpeg: '/opt/old/ffmpeg',
      missing: [{ name: 'xfade', kind: 'filter', usedFor: 'dissolves between shots' }],
      problems: ['This ffmpeg has no xfade filter, so dissolves cannot be exported. Install ffmpeg 4.3 or newer.'],
    };
    await user.type(screen.getByTestId('ffmpeg-path'), '/opt/old/ffmpeg');
    await user.click(screen.getByTestId('save-ffmpeg'));
    expect(client.callsOf('settings.update')).toEqual([{ ffmpegPath: '/opt/old/ffmpeg' }]);
    expect(client.callsOf('media.selfTest')).toHaveLength(2);
    expect(screen.getByTestId('selftest').dataset.ok).toBe('false');
    expect(screen.getByText(/no xfade filter/)).toBeTruthy();
  });
});
