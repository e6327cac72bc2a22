/**
 * "Reference sheet" per element in the library: it queues elements.generateSheet, says it is
 * queued (a notice and the button), and the element main sends back in element.updated
 * replaces the one in the store, so its new image shows.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Element } from '../../shared/domain';
import { FakeClient, fakeId } from './fake-client';
import { renderApp } from './render-app';

describe('reference sheet', () => {
  it('queues a sheet for the element, shows it queued, and shows the image element.updated brings', async () => {
    const client = new FakeClient().withProject(['Harbour']);
    const mara: Element = { id: fakeId(), kind: 'character', name: 'Mara', description: 'A keeper.', images: [], realPerson: false, consent: null };
    client.elements = [mara];
    const { user, store } = renderApp(client);
    const row = await screen.findByTestId('element-row');
    const button = within(row).getByTestId('element-sheet');
    expect(button.textContent).toBe('Reference sheet');

    await user.click(button);
    expect(client.callsOf('elements.generateSheet')).toEqual([{ elementId: mara.id }]);
    await waitFor(() => expect(within(row).getByTestId('element-sheet').textContent).toBe('Sheet queued…'));
    expect((within(row).getByTestId('element-sheet') as HTMLButtonElement).disabled).toBe(true);
    expect(store.getState().notices.at(-1)?.message).toContain('Reference sheet for @Mara queued');
    const job = client.queued[0]!;
    expect(job).toMatchObject({ kind: 'sheet', elementId: mara.id, shotId: null });

    const image = { id: fakeId(), path: 'media/refs/mara-sheet.png', name: 'Mara reference sheet.png', fit: 'cover' as const, width: 1280, height: 720 };
    act(() => {
      client.emit('element.updated', { ...mara, images: [image] });
      client.emit('job.updated', { ...job, status: 'done', progress: 1 });
    });
    await waitFor(() => expect(store.getState().elements[0]!.images).toEqual([image]));
    await waitFor(() => expect(row.querySelector('img')?.getAttribute('src')).toContain('media/refs/mara-sheet.png'));
    expect(within(row).getByTestId('element-sheet').textContent).toBe('Sheet added');
  });
});
