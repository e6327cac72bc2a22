/** Renders the whole app over a fake client with a fresh store (so nothing leaks between tests). */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/app/App';
import { createAppStore } from '../../renderer/state/app-store';
import { connectEvents } from '../../renderer/state/event-bridge';
import { StoreProvider } from '../../renderer/state/store-context';
import { FakeClient } from './fake-client';

export function renderApp(client: FakeClient = new FakeClient()) {
  const store = createAppStore(client);
  const disconnect = connectEvents(client, store);
  const user = userEvent.setup();
  const view = render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  view.unmount = ((unmount) => () => {
    unmount();
    disconnect();
  })(view.unmount);
  return { client, store, user, ...view };
}
