import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

describe('start view', () => {
  it('asks main for the open project first and shows it (what makes F5 come back to the same state)', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    renderApp(client);
    await screen.findByTestId('project-view');
    expect(client.calls[0]?.name).toBe('projects.current');
    expect(screen.getAllByTestId('shot-card-title').map((el) => el.textContent)).toEqual(['One', 'Two']);
    expect(screen.getByTestId('project-duration').textContent).toBe('2 shots · 8 s');
    expect(screen.getAllByTestId('shot-card-prompt')[0]?.textContent).toBe('One prompt');
  });

  it('creates a project with the chosen name, size and frame rate', async () => {
    const { client, user } = renderApp();
    await screen.findByTestId('start-view');
    await user.type(screen.getByTestId('create-name'), 'Night Ferry');
    await user.selectOptions(screen.getByTestId('create-size'), '1920x1080');
    await user.selectOptions(screen.getByTestId('create-fps'), '25');
    await user.click(screen.getByTestId('create-submit'));
    expect(client.callsOf('projects.create')).toEqual([{ name: 'Night Ferry', size: '1920x1080', fps: { num: 25, den: 1 } }]);
    await screen.findByTestId('project-view');
    expect(screen.getByTestId('project-name').textContent).toBe('Night Ferry');
    expect(screen.getByTestId('project-format').textContent).toBe('1920×1080 · 25 fps');
    expect(screen.getByTestId('no-shot-selected').textContent).toContain('No shots yet');
  });

  it('stays on the start view with main\u2019s message when creating fails', async () => {
    const { client, user } = renderApp();
    await screen.findByTestId('start-view');
    client.failNext('projects.create', { code: 'conflict', message: 'A project named "X" already exists there. Pick another name.' });
    await user.type(screen.getByTestId('create-name'), 'X');
    await user.click(screen.getByTestId('create-submit'));
    expect((await screen.findByTestId('notice')).textContent).toContain('already exists there. Pick another name.');
    expect(screen.getByTestId('start-view')).toBeTruthy();
  });

  it('lists recent projects and opens one by click, or by a typed path', async () => {
    const client = new FakeClient();
    client.recent = [{ path: '/films/Ferry.shotline', name: 'Ferry', openedAt: '2026-01-02T00:00:00Z' }];
    const { user } = renderApp(client);
    const item = await screen.findByTestId('recent-item');
    expect(item.textContent).toContain('Ferry');
    await user.click(item);
    expect(client.callsOf('projects.open')).toEqual([{ path: '/films/Ferry.shotline' }]);
    await screen.findByTestId('project-view');

    await user.click(screen.getByTestId('close-project'));
    expect(client.callsOf('projects.close')).toEqual([{}]);
    await screen.findByTestId('start-view');
    await user.type(screen.getByTestId('open-path'), '/films/Other.shotline');
    await user.click(screen.getByTestId('open-submit'));
    expect(client.callsOf('projects.open').at(-1)).toEqual({ path: '/films/Other.shotline' });
    await screen.findByTestId('project-view');
  });

  it('follows project.changed events pushed by main', async () => {
    const client = new FakeClient();
    renderApp(client);
    await screen.findByTestId('start-view');
    client.withProject(['Pushed']);
    client.emit('project.changed', client.snapshot());
    await screen.findByTestId('project-view');
    expect(screen.getByTestId('shot-card-title').textContent).toBe('Pushed');
    client.emit('project.changed', null);
    await waitFor(() => expect(screen.getByTestId('start-view')).toBeTruthy());
  });
});
