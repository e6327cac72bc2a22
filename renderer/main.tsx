/** Renderer entry: pick the host's client, build the store, wire events, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { pickClient } from './api/pick-client';
import { App } from './app/App';
import { createAppStore } from './state/app-store';
import { connectEvents } from './state/event-bridge';
import { StoreProvider } from './state/store-context';

// The CSP has no 'unsafe-eval': tell zod not to probe `new Function` (the probe is reported as a violation).
z.config({ jitless: true });

const client = pickClient();
const store = createAppStore(client);
connectEvents(client, store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
