/**
 * The first-run welcome: what it says, that it opens the example through the contract and
 * shows the project main returns, that it leads to Settings for keys, and that a failure is
 * shown in main's words.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../../shared/contract';
import { ContractCallError } from '../../../renderer/api/contract-call-error';
import { WelcomeScreen } from '../../../renderer/features/welcome/WelcomeScreen';
import { createAppStore } from '../../../renderer/state/app-store';
import { StoreProvider } from '../../../renderer/state/store-context';
import { FakeClient, makeProject } from '../fake-client';
import { renderApp } from '../render-app';

/** Answers projects.openExample (the one call the welcome makes itself) and records it. */
class ExampleClient {
  calls: unknown[] = [];
  release: () => void = () => {};
  constructor(private readonly outcome: 'ok' | 'missing' = 'ok') {}
  async call(name: string, input: unknown): Promise<never> {
    this.calls.push([name, input]);
    await new Promise<void>((r) => (this.release = r));
    if (this.outcome === 'missing') {
      throw new ContractCallError(name, { code: 'not_found', message: 'The bundled example project is missing or incomplete. Reinstall Shotline.' });
    }
    const snapshot: ProjectSnapshot = { path: '/home/me/Shotline/Lighthouse.shotline', project: makeProject('Lighthouse'), shots: [], elements: [], scenes: [] };
    return snapshot as never;
  }
}

function renderWelcome(client: ExampleClient, recent: FakeClient['recent'] = []) {
  const store = createAppStore(new FakeClient());
  store.setState({ recent });
  const user = userEvent.setup();
  render(
    <StoreProvider store={store}>
      <WelcomeScreen client={client as never} />
    </StoreProvider>,
  );
  return { store, user };
}

describe('WelcomeScreen', () => {
  it('on first run says the animatic is free and offline, and points to Settings for keys', () => {
    renderWelcome(new ExampleClient());
    expect(screen.getByRole('heading', { name: 'Welcome to Shotline' })).toBeTruthy();
    expect(screen.getByTestId('welcome-animatic').textContent).toMatch(/animatic works offline, for free.*no key, no internet, no cost/s);
    expect(screen.getByTestId('welcome').textContent).toContain('add your API key in Settings');
  });

  it('opens a copy of the example and shows the project main returns', async () => {
    const client = new ExampleClient();
    const { store, user } = renderWelcome(client);
    const button = screen.getByTestId('welcome-open-example') as HTMLButtonElement;
    await user.click(button);
    expect(client.calls).toEqual([['projects.openExample', {}]]);
    // Busy while main copies the example: a second click cannot start a second copy.
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Opening the example…');
    client.release();
    await waitFor(() => expect(store.getState().projectPath).toBe('/home/me/Shotline/Lighthouse.shotline'));
    expect(store.getState().project?.name).toBe('Lighthouse');
  });

  it("shows main's message when the example cannot be opened", async () => {
    const client = new ExampleClient('missing');
    const { store, user } = renderWelcome(client);
    await user.click(screen.getByTestId('welcome-open-example'));
    client.release();
    await waitFor(() => expect(store.getState().notices.map((n) => n.message).join(' ')).toContain('The bundled example project is missing'));
    expect(store.getState().projectPath).toBeNull();
    expect((screen.getByTestId('welcome-open-example') as HTMLButtonElement).disabled).toBe(false);
  });

  it('the Settings button opens Settings', async () => {
    const { store, user } = renderWelcome(new ExampleClient());
    await user.click(screen.getByTestId('welcome-open-settings'));
    expect(store.getState().settingsOpen).toBe(true);
  });

  it('once there are projects it is a one-line offer of the example', () => {
    renderWelcome(new ExampleClient(), [{ path: '/films/Ferry.shotline', name: 'Ferry', openedAt: '2026-01-02T00:00:00Z' }]);
    expect(screen.queryByRole('heading', { name: 'Welcome to Shotline' })).toBeNull();
    expect(screen.getByTestId('welcome-open-example')).toBeTruthy();
  });

  it('is on the start view', async () => {
    renderApp();
    await screen.findByTestId('start-view');
    expect(screen.getByTestId('welcome')).toBeTruthy();
  });
});
