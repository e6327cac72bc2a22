/**
 * Desktop menu commands as the page receives them (`menu.command` events): Edit > Undo/Redo run
 * the page's history; File > New shows the create form focused; File > Import Shot List opens
 * the in-page dialog that imports through `shotlist.import` and shows main's refusal on the spot
 * ("Choose…" only on the desktop host); Help > About does nothing in the page (main shows the
 * native window), and Settings shows the About text on the browser host.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MenuCommandName } from '../../shared/contract/menu';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

async function open(titles: string[]) {
  const client = new FakeClient().withProject(titles);
  const result = renderApp(client);
  await screen.findByTestId('shot-editor');
  return result;
}
const menu = (client: FakeClient, command: MenuCommandName) => act(() => client.emit('menu.command', { command }));
const cardTitles = () => screen.getAllByTestId('shot-card-title').map((t) => t.textContent);

describe('menu commands', () => {
  it('Edit > Undo and Redo run the page history', async () => {
    const { client, user } = await open(['One']);
    await user.click(screen.getByTestId('add-shot'));
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(2));
    await menu(client, 'edit.undo');
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(1));
    expect(client.snapshot()!.shots).toHaveLength(1);
    await menu(client, 'edit.redo');
    await waitFor(() => expect(screen.getAllByTestId('shot-card')).toHaveLength(2));
    expect(client.snapshot()!.shots).toHaveLength(2);
  });

  it('File > New closes the project and focuses the create form', async () => {
    const { client } = await open(['One']);
    await menu(client, 'project.new');
    const name = await screen.findByTestId('create-name');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(client.callsOf('projects.close')).toHaveLength(1);
  });

  it("File > Import Shot List imports a typed path, and shows main's refusal on the spot", async () => {
    const { client, user } = await open(['One']);
    const refusal = 'bad.json: shots[0].seconds must be a number of seconds (got "four"). Fix the file and import it again.';
    client.shotLists['/films/bad.json'] = { error: refusal };
    client.shotLists['/films/good.json'] = { titles: ['Cliff', 'Door'] };
    await menu(client, 'shotlist.import');
    const dialog = await screen.findByTestId('import-shotlist');
    expect(screen.queryByTestId('import-choose')).toBeNull(); // browser host: no native picker
    const path = screen.getByTestId('import-path');
    expect(document.activeElement).toBe(path);

    await user.type(path, '/films/bad.json');
    await user.click(screen.getByTestId('import-submit'));
    expect((await screen.findByTestId('import-error')).textContent).toBe(refusal);
    expect(dialog.isConnected).toBe(true);
    expect(cardTitles()).toEqual(['One']);

    await user.clear(path);
    await user.type(path, '/films/good.json');
    await user.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(screen.queryByTestId('import-shotlist')).toBeNull());
    expect(cardTitles()).toEqual(['One', 'Cliff', 'Door']);
    expect(client.callsOf('shotlist.import')).toEqual([{ path: '/films/bad.json' }, { path: '/films/good.json' }]);
  });

  it('offers Choose… on the desktop host, filling the path from the native picker', async () => {
    const client = new FakeClient().withProject(['One']);
    const call = client.call.bind(client);
    // The desktop host: app.info says electron.
    client.call = (async (name: string, input: unknown) =>
      name === 'app.info' ? { version: 'test', host: 'electron', mediaBase: 'shotline-media://p/' } : call(name as never, input as never)) as typeof client.call;
    client.pickedShotList = '/films/picked.json';
    const { user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    await menu(client, 'shotlist.import');
    await user.click(await screen.findByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-path')).toHaveProperty('value', '/films/picked.json'));
  });

  it('Help > About leaves the page alone; Settings shows the About text on the browser host', async () => {
    const { client, user } = await open(['One']);
    await menu(client, 'help.about');
    expect(screen.queryByTestId('settings')).toBeNull();
    await user.click(screen.getByTestId('open-settings'));
    const text = await screen.findByTestId('about-text');
    expect(text.textContent).toContain('MIT licence');
    expect(text.textContent).toContain('ffmpeg');
    expect(client.callsOf('app.about')).toHaveLength(1);
  });
});
