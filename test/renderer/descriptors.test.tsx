/**
 * Screens derive from the registry's provider descriptors, never from provider ids: the
 * descriptors below are deliberately swapped around (openai runs on a user's own server without a
 * key, a made-up service takes a key; google remixes and openai does not), so a screen that tested
 * an id would show the wrong fields and buttons.
 */
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { FakeClient, makeTake } from './fake-client';
import { ProductionFakeClient } from './production-fake-client';
import { renderApp } from './render-app';

describe('provider descriptors', () => {
  it('Settings lists each provider that takes a key or an address, with a key field only for apiKey', async () => {
    const client = new ProductionFakeClient().withProject(['One']);
    const openai = client.registry.providers.openai!;
    client.registry.providers.openai = { ...openai, auth: { kind: 'baseUrl', keyEnv: [], baseUrlEnv: [], fields: [] } };
    client.registry.providers.keyed = { ...openai, displayName: 'Keyed service', auth: { kind: 'apiKey', keyEnv: ['KEYED_KEY'], baseUrlEnv: [], fields: [] } };
    client.settingsView.providers.keyed = { baseUrl: null, effectiveBaseUrl: null, concurrency: 1, fields: {}, effectiveFields: {} };
    const store = createAppStore(client);
    await act(() => store.getState().loadCurrent());
    render(
      <StoreProvider store={store}>
        <ProductionDialogs />
      </StoreProvider>,
    );
    await act(async () => store.getState().openSettings());
    await screen.findByTestId('selftest');

    expect(screen.queryByTestId('provider-animatic')).toBeNull();
    const own = screen.getByTestId('provider-openai');
    expect(within(own).getByTestId('base-url-openai')).toBeTruthy();
    expect(within(own).getByTestId('concurrency-openai')).toBeTruthy();
    expect(within(own).queryByTestId('api-key-openai')).toBeNull();
    expect(within(own).queryByTestId('key-status-openai')).toBeNull();
    const keyed = screen.getByTestId('provider-keyed');
    expect(within(keyed).getByRole('heading').textContent).toBe('Keyed service');
    expect(within(keyed).getByTestId('api-key-keyed')).toBeTruthy();
    expect(within(keyed).getByTestId('key-status-keyed').textContent).toBe('No key set.');
    expect((within(keyed).getByTestId('concurrency-keyed') as HTMLInputElement).value).toBe('1');
  });

  it("offers remix on a take only when its provider's capabilities say so; an imported clip says what it is", async () => {
    const client = new FakeClient().withProject(['One']);
    const { openai, google } = client.registry.providers;
    client.registry.providers.openai = { ...openai!, capabilities: { ...openai!.capabilities, remix: false } };
    client.registry.providers.google = { ...google!, capabilities: { ...google!.capabilities, remix: true, extend: false } };
    const shotId = client.shots[0]!.id;
    const fromOpenai = makeTake(shotId, { provider: 'openai', model: 'sora-2', remoteId: 'video_1' });
    const fromGoogle = makeTake(shotId, { provider: 'google', model: 'veo-3.1-generate-001', remoteId: 'op/2' });
    const imported = makeTake(shotId, { provider: 'import', model: 'clip', request: { ...fromOpenai.request, provider: 'import', model: 'clip', importedFrom: 'harbour.mov' } });
    client.takes = [fromOpenai, fromGoogle, imported];
    renderApp(client);
    const takes = await screen.findAllByTestId('take');
    const take = (id: string) => takes.find((t) => t.dataset.takeId === id)!;
    expect((within(take(fromOpenai.id)).getByTestId('take-remix') as HTMLButtonElement).disabled).toBe(true);
    expect(within(take(fromOpenai.id)).getByTestId('take-remix').getAttribute('title')).toContain('cannot remix');
    expect((within(take(fromGoogle.id)).getByTestId('take-remix') as HTMLButtonElement).disabled).toBe(false);
    expect(take(fromGoogle.id).textContent).toContain('Google Gemini API · veo-3.1-generate-001');
    expect(take(imported.id).textContent).toContain('Imported clip (harbour.mov)');
    // Extend is offered only where the capabilities say so: here neither service extends.
    expect(screen.queryAllByTestId('take-extend')).toEqual([]);
  });

  it("offers extend only for a take whose provider's capabilities say extend, and sends what was asked", async () => {
    const client = new FakeClient().withProject(['One']);
    const { openai, google } = client.registry.providers;
    client.registry.providers.google = { ...google!, capabilities: { ...google!.capabilities, extend: true } };
    const shotId = client.shots[0]!.id;
    const fromOpenai = makeTake(shotId, { provider: 'openai', model: 'sora-2', remoteId: 'video_1' });
    const fromGoogle = makeTake(shotId, { provider: 'google', model: 'veo-3.1-generate-001', remoteId: 'op/2' });
    expect(openai!.capabilities.extend).toBe(false);
    client.takes = [fromOpenai, fromGoogle];
    const { user } = renderApp(client);
    const takes = await screen.findAllByTestId('take');
    const take = (id: string) => takes.find((t) => t.dataset.takeId === id)!;
    expect(within(take(fromOpenai.id)).queryByTestId('take-extend')).toBeNull();
    await user.click(within(take(fromGoogle.id)).getByTestId('take-extend'));
    await user.type(within(take(fromGoogle.id)).getByTestId('take-extend-prompt'), 'The gull lands.');
    await user.clear(within(take(fromGoogle.id)).getByTestId('take-extend-seconds'));
    await user.type(within(take(fromGoogle.id)).getByTestId('take-extend-seconds'), '8');
    // The price comes first; the button goes once it is on screen.
    await within(take(fromGoogle.id)).findByTestId('take-extend-price');
    await user.click(within(take(fromGoogle.id)).getByTestId('take-extend-start'));
    expect(client.callsOf('takes.extend')).toEqual([{ takeId: fromGoogle.id, seconds: 8, prompt: 'The gull lands.' }]);
  });
});
