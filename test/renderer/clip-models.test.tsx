/**
 * The model picker offers a shot's clip only video models: image models (stills, reference
 * sheets) never appear in its list, and switching provider lands on a video model.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

const values = (select: HTMLElement) => Array.from((select as HTMLSelectElement).options).map((o) => o.value);

describe('clip models', () => {
  it('lists only video models for the shot, and a provider switch picks a video model', async () => {
    const client = new FakeClient().withProject(['One']);
    const { user } = renderApp(client);
    const model = await screen.findByTestId('shot-model');
    // The animatic provider has a still model too; it is not a clip model.
    expect(values(model)).toContain('animatic');
    expect(values(model)).not.toContain('animatic-still');
    for (const value of values(model)) expect(client.registry.models.find((m) => m.provider === 'animatic' && m.model === value)?.output).toBe('video');

    await user.selectOptions(screen.getByTestId('shot-provider'), 'google');
    await waitFor(() => expect(client.shotPatches().at(-1)?.patch.provider).toBe('google'));
    const picked = client.shotPatches().at(-1)!.patch.model as string;
    expect(client.registry.models.find((m) => m.provider === 'google' && m.model === picked)?.output).toBe('video');
    await waitFor(() => expect(values(screen.getByTestId('shot-model'))).not.toContain('imagen-4.0-generate-001'));
  });
});

describe('a provider without a key', () => {
  it('is marked in the pick list and explained where it is picked, with the way to Settings', async () => {
    const client = new FakeClient().withProject(['One']);
    client.keysSet.add('google');
    const { user, store } = renderApp(client);
    const provider = await screen.findByTestId('shot-provider');
    await waitFor(() => expect(Array.from((provider as HTMLSelectElement).options).find((o) => o.value === 'openai')?.textContent).toContain('(no key yet)'));
    expect(Array.from((provider as HTMLSelectElement).options).find((o) => o.value === 'google')?.textContent).not.toContain('no key');
    // The local animatic takes no key: nothing to explain.
    expect(screen.queryByTestId('provider-no-key')).toBeNull();

    await user.selectOptions(provider, 'openai');
    const note = await screen.findByTestId('provider-no-key');
    expect(note.textContent).toContain('has no API key yet, so nothing can be generated with it');
    expect(note.textContent).toContain('OPENAI_API_KEY');
    await user.click(screen.getByTestId('provider-no-key-settings'));
    expect(store.getState().settingsOpen).toBe(true);
  });
});
