/**
 * A shot with a still frame but no clip shows the still on its timeline card, marked "Still";
 * once a clip is selected the card shows the clip's poster instead.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient, makeTake } from './fake-client';
import { renderApp } from './render-app';

describe('the card of a shot with a still frame', () => {
  it('shows the still until a clip is chosen', async () => {
    const client = new FakeClient().withProject(['Harbour', 'Gulls']);
    const [harbour, gulls] = client.shots;
    const still = makeTake(harbour!.id, {
      request: { provider: 'animatic', model: 'animatic-still', prompt: 'x', seconds: 1, size: '1280x720', fps: { num: 24, den: 1 }, output: 'image' },
      files: { original: 'media/takes/s/original.png', normalised: null, poster: 'media/takes/s/poster.jpg', filmstrip: null },
    });
    client.takes.push(still);
    const { store } = renderApp(client);
    const cards = await screen.findAllByTestId('shot-card');
    await waitFor(() => expect(within(cards[0]!).getByTestId('shot-card-poster').querySelector('img')?.getAttribute('src')).toContain('media/takes/s/poster.jpg'));
    expect(within(cards[0]!).getByTestId('shot-card-still').textContent).toBe('Still');
    // The other shot has no still: no badge, no picture.
    expect(within(cards[1]!).queryByTestId('shot-card-still')).toBeNull();
    expect(gulls!.selectedTakeId).toBeNull();

    const clip = makeTake(harbour!.id, { files: { original: 'media/takes/c/take.mp4', normalised: 'media/takes/c/take.mp4', poster: 'media/takes/c/poster.jpg', filmstrip: null } });
    client.takes.push(clip);
    store.getState().putTake(clip);
    // As main reports the shot once a clip is selected.
    act(() => store.getState().putShot({ ...store.getState().shots[0]!, selectedTakeId: clip.id }));
    await waitFor(() => expect(within(screen.getAllByTestId('shot-card')[0]!).getByTestId('shot-card-poster').querySelector('img')?.getAttribute('src')).toContain('media/takes/c/poster.jpg'));
    expect(within(screen.getAllByTestId('shot-card')[0]!).queryByTestId('shot-card-still')).toBeNull();
  });
});
