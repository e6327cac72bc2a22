/**
 * The first-run welcome on the start view: open a copy of the bundled example (Lighthouse),
 * find where provider keys go, and the plain fact that the animatic needs no key, no network
 * and no money. Once projects exist it shrinks to a one-line offer of the example.
 */
import { useState } from 'react';
import type { ContractClient } from '../../../shared/contract';
import { pickClient } from '../../api/pick-client';
import { useApp, useAppShallow } from '../../state/store-context';
import './welcome.css';

export interface WelcomeScreenProps {
  /** The contract client (default: the host's own, picked on first use). */
  client?: Pick<ContractClient, 'call'>;
}

export function WelcomeScreen({ client }: WelcomeScreenProps) {
  const firstRun = useAppShallow((s) => s.recent).length === 0;
  const applySnapshot = useApp((s) => s.applySnapshot);
  const openSettings = useApp((s) => s.openSettings);
  const pushError = useApp((s) => s.pushError);
  const [busy, setBusy] = useState(false);

  async function openExample() {
    setBusy(true);
    try {
      applySnapshot(await (client ?? pickClient()).call('projects.openExample', {}));
    } catch (error) {
      pushError(error);
    } finally {
      setBusy(false);
    }
  }

  const exampleButton = (
    <button type="button" className="welcome-primary" data-testid="welcome-open-example" disabled={busy} onClick={() => void openExample()}>
      {busy ? 'Opening the example…' : 'Open the example film'}
    </button>
  );

  if (!firstRun) {
    return (
      <section className="welcome welcome-compact" data-testid="welcome" aria-label="Example project">
        <p className="muted">Want a worked example? Lighthouse is a short film written shot by shot, with its characters and reference images.</p>
        {exampleButton}
      </section>
    );
  }

  return (
    <section className="welcome" data-testid="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome to Shotline</h2>
      <ol className="welcome-steps">
        <li>
          <strong>Start from the example.</strong> Lighthouse is a short film already written shot by shot, with its
          characters and reference images. Shotline opens a copy in your projects folder, so change anything.
          <div className="welcome-actions">{exampleButton}</div>
        </li>
        <li data-testid="welcome-animatic">
          <strong>The animatic works offline, for free.</strong> It renders every shot on this computer from its reference
          image or a title card, with the camera move: no account, no key, no internet, no cost.
        </li>
        <li>
          <strong>Video services are optional.</strong> To generate shots with OpenAI or Google, add your API key in
          Settings. Keys stay in your system&rsquo;s key store, and Shotline shows the cost before anything is sent.
          <div className="welcome-actions">
            <button type="button" data-testid="welcome-open-settings" onClick={openSettings}>
              Open Settings
            </button>
          </div>
        </li>
      </ol>
    </section>
  );
}
