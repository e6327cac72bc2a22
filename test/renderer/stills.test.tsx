/**
 * Stills in the inspector over the fake client: "Still frame" shows main's estimate (model,
 * size, price, or the problem) before anything is sent; a still frame take is marked as such,
 * offers "Use as first frame" and none of a clip's actions; the queue names still and sheet
 * jobs sensibly and retries them through their own calls.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Element } from '../../shared/domain';
import { FakeClient, fakeId, makeTake } from './fake-client';
import { fakeJob, makeStillTake } from './fake-stills';
import { renderApp } from './render-app';

async function open(client: FakeClient) {
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  await screen.findByTestId('model-picker');
  return result;
}

describe('still frame of a shot', () => {
  it('shows the estimate first and queues the still with the estimated model only on confirm', async () => {
    const client = new FakeClient().withProject(['Harbour']);
    const shotId = client.shots[0]!.id;
    const { user } = await open(client);

    await user.click(screen.getByTestId('still-frame'));
    const estimate = await screen.findByTestId('still-estimate');
    expect(estimate.textContent).toBe('Animatic still (ffmpeg, local) · 1280 × 720 · $0.00');
    expect(client.callsOf('generation.estimateStill')).toEqual([{ shotId }]);
    expect(client.callsOf('generation.still')).toEqual([]);

    await user.click(screen.getByTestId('still-confirm-start'));
    expect(client.callsOf('generation.still')).toEqual([{ shotId, provider: 'animatic', model: 'animatic-still' }]);
    await waitFor(() => expect(screen.queryByTestId('still-confirm')).toBeNull());
    // The queue says what the job makes; the card's clip status is not the still's.
    const row = await screen.findByTestId('queue-row');
    expect(row.textContent).toContain('1. Harbour');
    expect(row.textContent).toContain('Still frame · animatic · animatic-still');
    expect(within(screen.getAllByTestId('shot-card')[0]!).queryByText(/Queued/)).toBeNull();
  });

  it('takes another image model from the list, priced again, and sends that one', async () => {
    const client = new FakeClient().withProject(['Harbour']);
    const shotId = client.shots[0]!.id;
    const { user } = await open(client);
    await user.click(screen.getByTestId('still-frame'));
    await screen.findByTestId('still-estimate');
    const image = client.registry.models.find((m) => m.output === 'image' && m.provider !== 'animatic' && m.status.state === 'active')!;
    await user.selectOptions(screen.getByTestId('still-model'), JSON.stringify([image.provider, image.model]));
    await waitFor(() => expect(screen.getByTestId('still-estimate').textContent).toContain('$0.05'));
    expect(client.callsOf('generation.estimateStill').at(-1)).toEqual({ shotId, provider: image.provider, model: image.model });
    await user.click(screen.getByTestId('still-confirm-start'));
    expect(client.callsOf('generation.still')).toEqual([{ shotId, provider: image.provider, model: image.model }]);
  });

  it("shows main's problem instead of a price, and cannot be confirmed", async () => {
    const client = new FakeClient().withProject(['Harbour']);
    client.stillEstimate = { provider: null, model: null, displayName: null, size: null, usd: null, text: 'price unknown', problem: 'No image model is in the model registry, so no still can be made.' };
    const { user } = await open(client);
    await user.click(screen.getByTestId('still-frame'));
    expect((await screen.findByTestId('still-problem')).textContent).toBe('No image model is in the model registry, so no still can be made.');
    expect((screen.getByTestId('still-confirm-start') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('still frame takes', () => {
  it('are marked as stills with their image, offer no clip actions, and become the first frame', async () => {
    const client = new FakeClient().withProject(['Harbour', 'Door']);
    const shot = client.shots[1]!;
    shot.continuePrevious = true;
    const clip = makeTake(shot.id, { remoteId: 'r1' });
    client.takes = [clip];
    const { user, store } = await open(client);
    await user.click(screen.getAllByTestId('shot-card')[1]!);
    await screen.findByTestId('takes-list');

    // A still frame lands as an event, like any take.
    const still = makeStillTake(makeTake(shot.id));
    client.takes.push(still);
    await act(async () => client.emit('take.created', still));
    const row = (await screen.findAllByTestId('take')).find((t) => t.dataset.takeId === still.id)!;
    expect(row.dataset.takeOutput).toBe('image');
    expect(within(row).getByTestId('take-still').textContent).toBe('Still frame');
    expect(within(row).getByTestId('take-poster').getAttribute('src')).toContain(`${still.id}/still.png`);
    for (const id of ['take-select', 'take-remix', 'take-extend', 'take-edit', 'take-play']) expect(within(row).queryByTestId(id)).toBeNull();
    // The clip keeps its own actions.
    const clipRow = screen.getAllByTestId('take').find((t) => t.dataset.takeId === clip.id)!;
    expect(within(clipRow).getByTestId('take-select')).toBeTruthy();
    expect(within(clipRow).queryByTestId('take-use-first-frame')).toBeNull();

    await user.click(within(row).getByTestId('take-use-first-frame'));
    expect(client.callsOf('takes.useAsFirstFrame')).toEqual([{ takeId: still.id }]);
    await waitFor(() => expect(store.getState().shots.find((s) => s.id === shot.id)!.references[0]?.path).toBe(`media/refs/${still.id}.png`));
    expect(store.getState().shots.find((s) => s.id === shot.id)!.continuePrevious).toBe(false);
    expect((screen.getByTestId('shot-continue') as HTMLInputElement).checked).toBe(false);
    expect(screen.getAllByTestId('reference-thumb')[0]!.textContent).toContain('1st frame · still');
    // One undo step puts the shot back as it was.
    expect(store.getState().past.at(-1)?.label).toBe('Use still as first frame (shot 2)');
  });
});

describe('still and sheet jobs in the queue', () => {
  it('read sensibly and retry through generation.still and elements.generateSheet', async () => {
    const client = new FakeClient().withProject(['Harbour']);
    const mara: Element = { id: fakeId(), kind: 'character', name: 'Mara', description: 'A keeper.', images: [], realPerson: false, consent: null };
    client.elements = [mara];
    const shotId = client.shots[0]!.id;
    const { user } = await open(client);
    const still = fakeJob({ kind: 'still', shotId, model: 'animatic-still', status: 'failed', message: 'ffmpeg failed.' });
    const sheet = fakeJob({ kind: 'sheet', elementId: mara.id, provider: 'google', model: 'imagen-4.0-generate-001', status: 'failed', message: 'The service failed.' });
    act(() => {
      client.emit('job.updated', still);
      client.emit('job.updated', sheet);
    });
    const rows = await screen.findAllByTestId('queue-row');
    const rowOf = (id: string) => rows.find((r) => r.dataset.jobId === id)!;
    expect(rowOf(sheet.id).textContent).toContain('@Mara');
    expect(rowOf(sheet.id).textContent).toContain('Reference sheet · google · imagen-4.0-generate-001');
    expect(rowOf(still.id).textContent).toContain('1. Harbour');

    await user.click(within(rowOf(still.id)).getByTestId('queue-retry'));
    await user.click(within(rowOf(sheet.id)).getByTestId('queue-retry'));
    expect(client.callsOf('generation.still')).toEqual([{ shotId, provider: 'animatic', model: 'animatic-still' }]);
    expect(client.callsOf('elements.generateSheet')).toEqual([{ elementId: mara.id, provider: 'google', model: 'imagen-4.0-generate-001' }]);
    expect(client.callsOf('generation.estimate')).toEqual([]);
  });

  it('retries a failed extension as it was asked, through jobs.retryFollowUp, not by generating the shot', async () => {
    const client = new FakeClient().withProject(['Harbour']);
    const shotId = client.shots[0]!.id;
    const { user } = await open(client);
    const extend = fakeJob({ kind: 'extend', shotId, parentTakeId: fakeId(), status: 'failed', message: 'The service failed.' });
    client.queued.push(extend);
    act(() => client.emit('job.updated', extend));
    const row = (await screen.findAllByTestId('queue-row')).find((r) => r.dataset.jobId === extend.id)!;
    await user.click(within(row).getByTestId('queue-retry'));
    expect(client.callsOf('jobs.retryFollowUp')).toEqual([{ jobId: extend.id }]);
    expect(client.callsOf('generation.start')).toEqual([]);
    expect(client.callsOf('generation.estimate')).toEqual([]);
  });
});
