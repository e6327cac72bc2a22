/**
 * Export dialog: the choices reach export.start as the contract wants them, progress events
 * move the bar and the time left, cancel calls export.cancel, the end offers "show in folder"
 * (the dev host answers with the path) and plays a file inside the project through the media
 * route; the contact sheet tab writes the PNG. Events about another export are ignored.
 */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { connectEvents } from '../../renderer/state/event-bridge';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

async function setup() {
  const client = new ProductionFakeClient().withProject(['One', 'Two']);
  const store = createAppStore(client);
  connectEvents(client, store);
  await act(() => store.getState().loadCurrent());
  await act(() => store.getState().loadAppInfo());
  render(
    <StoreProvider store={store}>
      <ProductionDialogs />
    </StoreProvider>,
  );
  act(() => store.getState().openExportDialog());
  return { client, store, user: userEvent.setup() };
}

describe('export dialog', () => {
  it('starts with the chosen options, follows progress, and cancels', async () => {
    const { client, user } = await setup();
    const path = screen.getByTestId('export-path') as HTMLInputElement;
    expect(path.value.startsWith('/projects/Lighthouse.shotline/media/Lighthouse ')).toBe(true);
    expect(path.value.endsWith('.mp4')).toBe(true);
    await user.selectOptions(screen.getByTestId('export-transition'), 'dissolve');
    await user.clear(screen.getByTestId('export-transition-seconds'));
    await user.type(screen.getByTestId('export-transition-seconds'), '0.75');
    await user.click(screen.getByTestId('export-burnin'));
    await user.click(screen.getByTestId('export-start'));
    expect(client.callsOf('export.start')).toEqual([
      { format: 'mp4', outPath: path.value, options: { transition: 'dissolve', transitionSeconds: 0.75, burnIn: true, loudnorm: true, fillMissing: true } },
    ]);

    const job = client.exportJob!;
    act(() => client.emit('export.progress', { ...job, progress: 0.4, etaSeconds: 12 }));
    expect((screen.getByRole('progressbar', { name: 'Export progress' }) as HTMLProgressElement).value).toBe(0.4);
    expect(screen.getByTestId('export-status').textContent).toBe('40% · about 12 s left');
    // Someone else's export does not move our bar.
    act(() => client.emit('export.progress', { ...job, id: '00000000-0000-4000-8000-999999999999', progress: 0.9 }));
    expect(screen.getByTestId('export-status').textContent).toBe('40% · about 12 s left');

    await user.click(screen.getByTestId('export-cancel'));
    expect(client.callsOf('export.cancel')).toEqual([{ id: job.id }]);
    expect(screen.getByTestId('export-progress').dataset.status).toBe('cancelled');
    expect(screen.getByTestId('export-status').textContent).toBe('Export cancelled; nothing was written.');
  });

  it('offers show in folder and play at the end', async () => {
    const { client, user } = await setup();
    await user.click(screen.getByTestId('export-start'));
    const job = client.exportJob!;
    act(() => client.emit('export.progress', { ...job, status: 'done', progress: 1, message: 'Exported 8.00 s.' }));
    expect(screen.getByTestId('export-status').textContent).toBe('Exported 8.00 s.');
    await user.click(screen.getByTestId('export-reveal'));
    expect(client.callsOf('app.reveal')).toEqual([{ path: job.outputPath }]);
    expect(screen.getByTestId('desktop-result').textContent).toContain(job.outputPath);
    await user.click(screen.getByTestId('export-play'));
    const rel = job.outputPath.slice('/projects/Lighthouse.shotline/'.length);
    expect((screen.getByTestId('export-preview') as HTMLVideoElement).getAttribute('src')).toBe(`/media/${rel.split('/').map(encodeURIComponent).join('/')}`);
    // A late running snapshot does not take a finished export back.
    act(() => client.emit('export.progress', { ...job, progress: 0.5 }));
    expect(screen.getByTestId('export-status').textContent).toBe('Exported 8.00 s.');
  });

  it('writes a contact sheet from its tab', async () => {
    const { client, user } = await setup();
    await user.click(screen.getByTestId('export-tab-sheet'));
    const path = (screen.getByTestId('sheet-path') as HTMLInputElement).value;
    expect(path.endsWith('.png')).toBe(true);
    await user.click(screen.getByTestId('sheet-start'));
    expect(client.callsOf('export.start')).toEqual([{ format: 'contact-sheet', outPath: path }]);
    expect(screen.getByTestId('sheet-result').textContent).toContain('(2 shots, 1200x800)');
  });
});
