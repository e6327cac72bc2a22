/**
 * Settings derives every provider's connection form from its descriptor: `auth.fields` become
 * labelled inputs (required mark, default as placeholder, help, env var), saved through
 * settings.update `providers[id].fields`; a key-taking provider without a key says what to do;
 * a credentials provider shows its fields and no key box.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

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

describe('settings: descriptor fields', () => {
  it('shows a made-up credentials provider’s fields with label, required mark, default, help and env var, and no key box', async () => {
    const { client, user } = await setup((c) => {
      const vertex = c.registry.providers.vertex!;
      c.registry.providers.cloudy = {
        ...vertex,
        displayName: 'Cloudy',
        auth: {
          kind: 'credentials',
          keyEnv: [],
          baseUrlEnv: [],
          fields: [
            { key: 'account', label: 'Account', kind: 'text', required: true, env: ['CLOUDY_ACCOUNT'], help: 'Your account name.' },
            { key: 'zone', label: 'Zone', kind: 'text', required: false, env: [], default: 'north-1' },
            { key: 'keyFile', label: 'Key file', kind: 'path', required: false, env: [] },
          ],
        },
      };
    });
    const row = screen.getByTestId('provider-cloudy');
    expect(within(row).queryByTestId('api-key-cloudy')).toBeNull();
    expect(within(row).queryByTestId('key-advice-cloudy')).toBeNull();
    expect(within(row).queryByTestId('base-url-cloudy')).toBeNull();
    expect(within(row).getByTestId('credentials-note-cloudy').textContent).toMatch(/not an API key/);
    const account = within(row).getByTestId('field-row-cloudy-account');
    expect(account.textContent).toContain('Account');
    expect(within(account).getByLabelText('required')).toBeTruthy();
    expect(account.textContent).toContain('Your account name.');
    expect(account.textContent).toContain('CLOUDY_ACCOUNT');
    expect((within(row).getByTestId('field-cloudy-zone') as HTMLInputElement).placeholder).toBe('north-1');
    expect(within(within(row).getByTestId('field-row-cloudy-zone')).queryByLabelText('required')).toBeNull();

    await user.type(within(row).getByTestId('field-cloudy-account'), 'previs-team');
    await user.type(within(row).getByTestId('field-cloudy-keyFile'), '/home/me/cloudy.json');
    await user.click(within(row).getByTestId('save-connection-cloudy'));
    expect(client.callsOf('settings.update')).toEqual([
      { providers: { cloudy: { concurrency: 2, fields: { account: 'previs-team', zone: null, keyFile: '/home/me/cloudy.json' } } } },
    ]);
    expect(client.settingsView.providers.cloudy!.fields).toEqual({ account: 'previs-team', keyFile: '/home/me/cloudy.json' });
    // The saved value comes back into the field.
    expect((within(row).getByTestId('field-cloudy-account') as HTMLInputElement).value).toBe('previs-team');
  });

  it('explains what to do when a key is needed and none is set, from the descriptor (key page, nothing sent, env var)', async () => {
    const { user } = await setup((c) => {
      const runway = c.registry.providers.runway!;
      c.registry.providers.keyed = { ...runway, displayName: 'Keyed', auth: { ...runway.auth, keyEnv: ['KEYED_SECRET'], keyUrl: 'https://keys.example.com/new' } };
    });
    const row = screen.getByTestId('provider-keyed');
    const advice = within(row).getByTestId('key-advice-keyed');
    expect(advice.textContent).toContain('Keyed needs an API key');
    expect(within(advice).getByRole('link').getAttribute('href')).toBe('https://keys.example.com/new');
    expect(advice.textContent).toContain('Nothing is sent to Keyed until a key is set');
    expect(advice.textContent).toContain('KEYED_SECRET');
    expect(within(row).getByTestId('base-url-keyed')).toBeTruthy();

    await user.type(within(row).getByTestId('api-key-keyed'), 'secret-123');
    await user.click(within(row).getByTestId('save-key-keyed'));
    expect(within(row).queryByTestId('key-advice-keyed')).toBeNull();
  });

  it('shows the shipped Vertex descriptor as project, location (default us-central1) and key file with ADC explained', async () => {
    await setup();
    const row = screen.getByTestId('provider-vertex');
    expect(within(row).queryByTestId('api-key-vertex')).toBeNull();
    expect(within(row).getByTestId('field-row-vertex-project').textContent).toContain('GOOGLE_CLOUD_PROJECT');
    expect((within(row).getByTestId('field-vertex-location') as HTMLInputElement).placeholder).toBe('us-central1');
    expect(within(row).getByTestId('field-row-vertex-keyFile').textContent).toMatch(/Application Default Credentials/);
  });
});
