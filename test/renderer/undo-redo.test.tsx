/**
 * Undo and redo as edit commands: add, delete, reorder, a typing burst (one step), a reference
 * upload and an element; a batch of selected shots is one call and one step (their takes come
 * back with them); each undo sends the step's command to edits.apply and puts main's records
 * back as they were (checked in the fake client, which applies commands the way main does, see
 * fake-edits.test.ts), each redo is main's inverse of the undo. A job's progress is never a step.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { FakeClient, fakeId, makeTake } from './fake-client';
import { ProductionFakeClient } from './production-fake-client';
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
    expect(client.commandsOf('shots.restore')).toHaveLength(1);
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
    expect(client.shotPatches().length).toBeGreaterThanOrEqual(2);
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
      id: fakeId(), kind: 'generate', shotId: client.shots[0]!.id, elementId: null, provider: 'animatic', model: 'animatic', status: 'running',
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

describe('undo steps are edit commands', () => {
  it('deletes three selected shots with their takes in one call; one undo brings all back in place with their takes', async () => {
    const client = new ProductionFakeClient().withProject(['A', 'B', 'C', 'D']);
    for (const shot of client.shots) {
      const take = makeTake(shot.id);
      client.takes.push(take);
      shot.selectedTakeId = take.id;
    }
    const { user, store } = await open(client);
    const cards = () => screen.getAllByTestId('shot-card');
    await user.click(cards()[0]!);
    fireEvent.click(cards()[1]!, { shiftKey: true });
    fireEvent.click(cards()[3]!, { ctrlKey: true });
    await user.keyboard('{Delete}');
    await waitFor(() => expect(titlesInMain(client)).toEqual(['C']));
    expect(client.callsOf('edits.apply')).toHaveLength(1);
    expect(client.takes.map((t) => t.shotId)).toEqual([client.shots[0]!.id]);
    expect(store.getState().past.map((s) => s.label)).toEqual(['Delete 3 shots']);

    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['A', 'B', 'C', 'D']));
    expect(client.callsOf('edits.apply')).toHaveLength(2);
    expect(client.commandsOf('shots.restore')).toHaveLength(1);
    // Every shot has its take again, still selected.
    for (const shot of client.snapshot()!.shots) expect(client.takes.find((t) => t.id === shot.selectedTakeId)?.shotId).toBe(shot.id);
    expect(titlesOnScreen()).toEqual(['A', 'B', 'C', 'D']);
    expect(screen.getAllByTestId('shot-card').filter((c) => c.dataset.selected === 'true')).toHaveLength(3);
    // Redo is main's inverse of the undo: the same three ids go again.
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['C']));
    expect(client.commandsOf('shots.delete').at(-1)!.ids).toEqual(client.commandsOf('shots.delete')[0]!.ids);
  });

  it('sets a model on the selection in one step and undoes each shot back to its own', async () => {
    const client = new ProductionFakeClient().withProject(['A', 'B', 'C']);
    Object.assign(client.shots[1]!, { seconds: 6 });
    Object.assign(client.shots[2]!, { provider: 'openai', model: 'sora-2', seconds: 8 });
    const { user, store } = await open(client);
    const cards = () => screen.getAllByTestId('shot-card');
    await user.click(cards()[1]!);
    fireEvent.click(cards()[2]!, { ctrlKey: true });
    fireEvent.click(cards()[0]!, { ctrlKey: true });
    // The inspector shows A (the last clicked): its model, size and length for all three.
    await user.click(await screen.findByTestId('apply-model-to-selection'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => `${s.model}:${s.seconds}`)).toEqual(['animatic:4', 'animatic:4', 'animatic:4']));
    const ids = client.snapshot()!.shots.map((s) => s.id);
    expect(client.commandsOf('shots.set')).toEqual([{ kind: 'shots.set', ids, patch: { provider: 'animatic', model: 'animatic', size: '1280x720', seconds: 4 } }]);
    expect(store.getState().past).toHaveLength(1);
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => `${s.model}:${s.seconds}`)).toEqual(['animatic:4', 'animatic:6', 'sora-2:8']));
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(client.snapshot()!.shots.map((s) => s.model)).toEqual(['animatic', 'animatic', 'animatic']));
  });

  it('moves a selection to the start from the card menu as one command, undone in one step', async () => {
    const client = new FakeClient().withProject(['A', 'B', 'C', 'D']);
    const { user } = await open(client);
    const cards = () => screen.getAllByTestId('shot-card');
    await user.click(cards()[1]!);
    fireEvent.click(cards()[3]!, { ctrlKey: true });
    fireEvent.contextMenu(cards()[3]!, { clientX: 200, clientY: 200 });
    expect(screen.getByTestId('menu-move-start').textContent).toContain('Move 2 selected to start');
    await user.click(screen.getByTestId('menu-move-start'));
    await waitFor(() => expect(titlesInMain(client)).toEqual(['B', 'D', 'A', 'C']));
    expect(client.commandsOf('shots.move')).toHaveLength(1);
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(titlesInMain(client)).toEqual(['A', 'B', 'C', 'D']));
    expect(client.commandsOf('shots.reorder')).toHaveLength(1);
    expect(titlesOnScreen()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps two fields as separate steps; a description typed in bursts is one', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    client.elements = [{ id: fakeId(), kind: 'character', name: 'Mara', description: '', images: [], realPerson: false, consent: null }];
    const { user, store } = await open(client);
    await user.type(screen.getByTestId('shot-title'), '!');
    await user.tab();
    await user.type(screen.getByTestId('shot-prompt'), ' more');
    await user.tab();
    await waitFor(() => expect(client.shotPatches()).toHaveLength(2));
    expect(store.getState().past.map((s) => s.label)).toEqual(['Edit title of shot 1', 'Edit prompt of shot 1']);

    await user.click(within(screen.getAllByTestId('element-row').find((r) => r.dataset.elementName === 'Mara')!).getAllByRole('button')[0]!);
    const description = await screen.findByTestId('element-description');
    await user.type(description, 'grey');
    await new Promise((r) => setTimeout(r, 400));
    await user.type(description, ' braid');
    await user.tab();
    await waitFor(() => expect(client.elements[0]!.description).toBe('grey braid'));
    expect(client.commandsOf('elements.update').length).toBeGreaterThanOrEqual(2);
    expect(store.getState().past).toHaveLength(3);
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.elements[0]!.description).toBe(''));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.shots[0]!.prompt).toBe('One prompt\nsecond line'));
    expect(client.shots[0]!.title).toBe('One!');
  });

  it('undoes an element deleted from the library, and a reference change by putting the whole record back', async () => {
    const client = new FakeClient().withProject(['One']);
    client.elements = [{ id: fakeId(), kind: 'character', name: 'Mara', description: 'grey braid', images: [], realPerson: false, consent: null }];
    const { user } = await open(client);
    await user.click(within(screen.getAllByTestId('element-row').find((r) => r.dataset.elementName === 'Mara')!).getAllByRole('button')[0]!);
    await user.click(await screen.findByTestId('element-delete'));
    await waitFor(() => expect(client.elements).toEqual([]));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.elements.map((e) => e.description)).toEqual(['grey braid']));
    expect(client.commandsOf('elements.restore')).toHaveLength(1);

    const png = new File([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], 'b.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.drop(screen.getByTestId('reference-drop'), { dataTransfer: { files: [png], types: ['Files'] } });
    });
    await waitFor(() => expect(client.shots[0]!.references).toHaveLength(1));
    await user.click(screen.getByTestId('undo'));
    await waitFor(() => expect(client.shots[0]!.references).toEqual([]));
    const [restore] = client.commandsOf('shots.restore');
    expect(restore!.records).toHaveLength(1);
    expect(restore!.records[0]!.shot.references).toEqual([]);
    await user.click(screen.getByTestId('redo'));
    await waitFor(() => expect(client.shots[0]!.references.map((r) => r.name)).toEqual(['b.png']));
  });

  it("drops a step main refuses to undo and shows main's words", async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    const { user, store } = await open(client);
    await user.click(screen.getByTestId('add-shot'));
    await waitFor(() => expect(client.shots).toHaveLength(3));
    client.failNext('edits.apply', { code: 'not_found', message: 'Shot x does not exist (it may have been deleted). Reload the project.' });
    await user.click(screen.getByTestId('undo'));
    expect((await screen.findByTestId('notice')).textContent).toContain('Reload the project.');
    expect(store.getState().past).toEqual([]);
    expect(client.shots).toHaveLength(3);
  });
});
