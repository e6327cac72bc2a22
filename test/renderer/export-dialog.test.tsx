/**
 * Export dialog: one tab per format `export.formats` lists, its fields drawn from their
 * descriptions; the choices reach export.start as the contract wants them, progress events move
 * the bar and the time left, cancel calls export.cancel, the end offers "show in folder" (the dev
 * host answers with the path) and plays a video inside the project through the media route; the
 * contact sheet is a tab like any other. A format registered only in the fake (as the composition
 * root's overrides allow) gets a tab, its fields, its options sent, progress and cancel. Events
 * about another export are ignored.
 */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ProductionDialogs } from '../../renderer/features/settings/ProductionBar';
import { createAppStore } from '../../renderer/state/app-store';
import { connectEvents } from '../../renderer/state/event-bridge';
import { StoreProvider } from '../../renderer/state/store-context';
import { ProductionFakeClient } from './production-fake-client';

async function setup(configure: (c: ProductionFakeClient) => void = () => {}) {
  const client = new ProductionFakeClient().withProject(['One', 'Two']);
  configure(client);
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
  await screen.findByTestId('export-form');
  return { client, store, user: userEvent.setup() };
}

describe('export dialog', () => {
  it('starts with the chosen options, follows progress, and cancels', async () => {
    const { client, user } = await setup();
    const path = screen.getByTestId('export-path') as HTMLInputElement;
    expect(path.value.startsWith('/projects/Lighthouse.shotline/media/Lighthouse ')).toBe(true);
    expect(path.value.endsWith('.mp4')).toBe(true);
    // The first tab is the first format main lists, with its fields as main describes them.
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'Sequence (MP4)',
      'Contact sheet (PNG)',
      'Storyboard and shot list (PDF)',
      'Shot list (CSV)',
      'Edit decision list (CMX3600 EDL)',
      'Final Cut Pro / Resolve (FCPXML)',
      'Premiere Pro / Resolve (FCP7 XML)',
      'OpenTimelineIO (OTIO)',
      'Shotcut / Kdenlive (MLT XML)',
      'Screenplay (Fountain)',
    ]);
    expect(screen.getByTestId('export-description').textContent).toBe('The selected takes joined into one video with their sound, for playing and sharing.');
    // Seconds only while dissolves or dips are chosen; the checkboxes start from the suggestions.
    expect(screen.queryByTestId('export-field-transitionSeconds')).toBeNull();
    expect((screen.getByTestId('export-field-loudnorm') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('export-field-burnIn') as HTMLInputElement).checked).toBe(false);
    await user.selectOptions(screen.getByTestId('export-field-transition'), 'dissolve');
    const seconds = screen.getByTestId('export-field-transitionSeconds') as HTMLInputElement;
    expect([seconds.min, seconds.max, seconds.value]).toEqual(['0.04', '10', '0.5']);
    await user.clear(seconds);
    await user.type(seconds, '12');
    expect(screen.getByTestId('export-field-error').textContent).toBe('Seconds: from 0.04 to 10.');
    expect((screen.getByTestId('export-start') as HTMLButtonElement).disabled).toBe(true);
    await user.clear(seconds);
    await user.type(seconds, '0.75');
    await user.click(screen.getByTestId('export-field-burnIn'));
    await user.click(screen.getByTestId('export-start'));
    expect(client.callsOf('export.start')).toEqual([
      { format: 'mp4', outPath: path.value, options: {
          transition: 'dissolve', transitionSeconds: 0.75, burnIn: true, loudnorm: true, fillMissing: true,
          // The sound track's levels at their defaults.
          takesDb: 0, voiceDb: 0, musicDb: 0, tempDb: 0, duck: false, duckDb: -12,
        },
      },
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
    await user.click(screen.getByTestId('export-tab-contact-sheet'));
    const path = (screen.getByTestId('export-path') as HTMLInputElement).value;
    expect(path.endsWith('.png')).toBe(true);
    await user.click(screen.getByTestId('export-start'));
    expect(client.callsOf('export.start')).toEqual([{ format: 'contact-sheet', outPath: path }]);
    expect(screen.getByTestId('export-status').textContent).toContain('(2 shots, 1200x800)');
    // A picture: shown in its folder, not played.
    expect(screen.getByTestId('export-reveal')).toBeTruthy();
    expect(screen.queryByTestId('export-play')).toBeNull();
  });

  it('gives a format registered only in the fake a tab, its fields, its options sent, progress and cancel', async () => {
    const { client, user } = await setup((c) => {
      c.formats.push({
        id: 'shot-text',
        label: 'Shot list (text)',
        description: 'One line per shot.',
        extension: '.txt',
        fields: [
          { kind: 'boolean', key: 'shout', label: 'Capitals', default: false },
          { kind: 'choice', key: 'bullet', label: 'Bullet', choices: [{ value: 'dash', label: '-' }, { value: 'star', label: '*' }], default: 'dash' },
          { kind: 'number', key: 'indent', label: 'Indent', min: 0, max: 8, default: 2, shownWhen: { key: 'bullet', values: ['star'] } },
        ],
      });
    });
    await user.click(screen.getByTestId('export-tab-shot-text'));
    expect(screen.getByTestId('export-tab-shot-text').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('export-description').textContent).toBe('One line per shot.');
    const path = (screen.getByTestId('export-path') as HTMLInputElement).value;
    expect(path.startsWith('/projects/Lighthouse.shotline/media/Lighthouse ')).toBe(true);
    expect(path.endsWith('.txt')).toBe(true);
    expect(screen.queryByTestId('export-field-indent')).toBeNull();
    await user.click(screen.getByTestId('export-field-shout'));
    await user.selectOptions(screen.getByTestId('export-field-bullet'), 'star');
    await user.clear(screen.getByTestId('export-field-indent'));
    await user.type(screen.getByTestId('export-field-indent'), '4');
    await user.click(screen.getByTestId('export-start'));
    expect(client.callsOf('export.start')).toEqual([{ format: 'shot-text', outPath: path, options: { shout: true, bullet: 'star', indent: 4 } }]);

    const job = client.exportJob!;
    act(() => client.emit('export.progress', { ...job, progress: 0.6, etaSeconds: 3 }));
    expect(screen.getByTestId('export-status').textContent).toBe('60% · about 3 s left');
    await user.click(screen.getByTestId('export-cancel'));
    expect(client.callsOf('export.cancel')).toEqual([{ id: job.id }]);
    expect(screen.getByTestId('export-progress').dataset.status).toBe('cancelled');

    // The MP4 tab has its own state: nothing has run there.
    await user.click(screen.getByTestId('export-tab-mp4'));
    expect(screen.queryByTestId('export-progress')).toBeNull();
    await user.click(screen.getByTestId('export-tab-shot-text'));
    expect(screen.getByTestId('export-progress').dataset.status).toBe('cancelled');
    // Done: shown in its folder; not a video, so no Play.
    await user.click(screen.getByTestId('export-start'));
    const second = client.exportJob!;
    act(() => client.emit('export.progress', { ...second, status: 'done', progress: 1, message: 'Wrote 2 lines.' }));
    expect(screen.getByTestId('export-status').textContent).toBe('Wrote 2 lines.');
    expect(screen.getByTestId('export-reveal')).toBeTruthy();
    expect(screen.queryByTestId('export-play')).toBeNull();
  });

  it('opens on the tab a menu command names', async () => {
    const { store } = await setup();
    act(() => store.getState().closeExportDialog());
    act(() => store.getState().runMenuCommand({ command: 'export.sheet' }));
    expect((await screen.findByTestId('export-form')).dataset.format).toBe('contact-sheet');
    act(() => store.getState().runMenuCommand({ command: 'export.sequence' }));
    expect(screen.getByTestId('export-form').dataset.format).toBe('mp4');
  });
});
