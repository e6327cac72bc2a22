/**
 * "Avoid" and the sound switch appear only for a model that takes them (Veo on Vertex has both,
 * the animatic neither), save as shot fields, and "avoid" kept for a model without a negative
 * prompt is noted rather than dropped.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

describe('model options in the inspector', () => {
  it('shows avoid and sound for Veo, saves them, and hides them for the animatic', async () => {
    const client = new FakeClient().withProject(['Veo shot', 'Animatic shot']);
    Object.assign(client.shots[0]!, { provider: 'vertex', model: 'veo-3.1-generate-001', size: '1280x720', seconds: 8 });
    const { user } = renderApp(client);
    const avoid = await screen.findByTestId('shot-avoid');
    await user.type(avoid, 'crowds, rain');
    await user.tab();
    await waitFor(() => expect(client.shotPatches().some((p) => p.patch.avoid === 'crowds, rain')).toBe(true));
    await user.selectOptions(screen.getByTestId('shot-audio'), 'off');
    await waitFor(() => expect(client.shotPatches().at(-1)?.patch).toEqual({ audio: false }));

    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await waitFor(() => expect(screen.queryByTestId('shot-avoid')).toBeNull());
    expect(screen.queryByTestId('shot-audio')).toBeNull();
  });

  it('notes avoid text a model will not send', async () => {
    const client = new FakeClient().withProject(['One']);
    Object.assign(client.shots[0]!, { avoid: 'crowds' });
    renderApp(client);
    expect((await screen.findByTestId('shot-avoid-ignored')).textContent).toContain('Avoid (crowds) is kept but not sent');
  });
});
