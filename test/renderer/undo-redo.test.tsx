/**
 * Undo and redo through the contract: add, delete, reorder, a typing burst (one step), a
 * reference upload and an element; each undo puts main's records back as they were (checked
 * in the fake client, which keeps them the way main does), each redo makes the edit again.
 * A job's progress is never an undo step.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { FakeClient, fakeId } from './fake-client';
import { renderApp } from './render-app';

async function open(client: FakeClient) {
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  return result;
}
const titlesInMain = (client: FakeClient) => client.snapshot()!.shots.map((s) => s.title);
const titlesOnScreen = () => screen.getAllByTestId('shot-card-title').map((t) => t.textContent);

describe('undo and redo', () => {
  it('undoes and redoes adding a shot (redo brings back the same shot)', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    const { user } = await open(client);
    await user.click(screen.getByTestId('add-shot'));
    await waitFor(() => expect(client.shots).toHaveLength(3));
    const added = client.snapshot()!.shots[1]!.id;

    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['One', 'Two']));
    expect(titlesOnScreen()).toEqual(['One', 'Two']);

    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => s.id)).toContain(added));
    expect(client.snapshot()!.shots[1]!.id).toBe(added);
    expect(screen.getAllByTestId('shot-card')).toHaveLength(3);
  });

  it('undoes a delete: the shot comes back in its place with its text', async () => {
    const client = new FakeClient().withProject(['One', 'Two', 'Three']);
    const { user } = await open(client);
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await user.click(screen.getByTestId('delete-shot'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['One', 'Three']));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(titlesInMain(client)).toEqual(['One', 'Two', 'Three']));
    expect(titlesOnScreen()).toEqual(['One', 'Two', 'Three']);
    expect(client.snapshot()!.shots[1]!.prompt).toBe('Two prompt\nsecond line');
    expect(client.callsOf('shots.restore')).toHaveLength(1);
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(titlesInMain(client)).toEqual(['One', 'Three']));
  });

  it('undoes a reorder', async () => {
    const client = new FakeClient().withProject(['One', 'Two', 'Three']);
    const { user } = await open(client);
    await user.click(screen.getByTestId('move-right'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['Two', 'One', 'Three']));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['One', 'Two', 'Three']));
    expect(titlesOnScreen()).toEqual(['One', 'Two', 'Three']);
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['Two', 'One', 'Three']));
  });

  it('groups a typing burst into one step and puts the text back', async () => {
    const client = new FakeClient().withProject(['One']);
    const { user, store } = await open(client);
    const title = screen.getByTestId('shot-title');
    await user.clear(title);
    await user.type(title, 'Storm');
    await new Promise((r) => setTimeout(r, 400)); // a pause: the first save goes out
    await user.type(title, ' at sea');
    await user.tab();
    await waitFor(() => expect(client.shots[0]!.title).toBe('Storm at sea'));
    expect(client.callsOf('shots.update').length).toBeGreaterThanOrEqual(2);
    expect(store.getState().past).toHaveLength(1);

    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.shots[0]!.title).toBe('One'));
    await waitFor(() => expect(screen.getByTestId('shot-title')).toHaveProperty('value', 'One'));
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(client.shots[0]!.title).toBe('Storm at sea'));
  });

  it('undoes a reference upload and an element added to the library', async () => {
    const client = new FakeClient().withProject(['One']);
    const { user } = await open(client);
    const png = new File([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], 'a.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.drop(screen.getByTestId('reference-drop'), { dataTransfer: { files: [png], types: ['Files'] } });
    });
    await waitFor(() => expect(client.shots[0]!.references).toHaveLength(1));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.shots[0]!.references).toEqual([]));
    expect(screen.queryAllByTestId('reference-thumb')).toHaveLength(0);

    await user.click(screen.getByTestId('element-new'));
    await user.type(screen.getByTestId('element-new-name'), 'Mara');
    await user.click(screen.getByTestId('element-new-submit'));
    await waitFor(() => expect(client.elements.map((e) => e.name)).toEqual(['Mara']));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.elements).toEqual([]));
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(client.elements.map((e) => e.name)).toEqual(['Mara']));
  });

  it('never records a job update as a step', async () => {
    const client = new FakeClient().withProject(['One']);
    const { store } = await open(client);
    const job: Job = {
      id: fakeId(), kind: 'generate', shotId: client.shots[0]!.id, provider: 'animatic', model: 'animatic', status: 'running',
      progress: 0, remoteId: null, takeId: null, parentTakeId: null, estimateUsd: 0, attempts: 1, message: '', waitingFor: null,
      createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    };
    act(() => {
      for (let p = 0; p < 10; p++) client.emit('job.updated', { ...job, progress: p / 10 });
    });
    expect(store.getState().past).toEqual([]);
    expect(screen.getByTestId('shot-card-status').textContent).toBe('Rendering 90%');
  });
});
