/**
 * "Still frame": a storyboard frame of the shot from an image model. The estimate comes first
 * (which model, at which size, for how much, or why not), and nothing is sent until the user
 * confirms; the model confirmed is the one estimated, so the price shown is the price asked.
 * Any active image model can be picked instead of main's default; the price follows.
 */
import { useState } from 'react';
import type { StillEstimate } from '../../shared/contract/stills';
import { imageModels } from '../../shared/still-choice';
import { useApp, useAppStore } from '../state/store-context';

export function StillFrameAction({ shotId }: { shotId: string }) {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const [estimate, setEstimate] = useState<StillEstimate | null>(null);
  const [busy, setBusy] = useState(false);
  const registry = useApp((s) => s.registry);
  const offered = registry ? imageModels(registry.models) : [];

  async function pick(value: string) {
    const [provider, model] = JSON.parse(value) as [string, string];
    setEstimate(null);
    const answer = await store.getState().estimateStill(shotId, { provider, model });
    if (answer) setEstimate(answer);
  }

  async function show() {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    setEstimate(null);
    const answer = await store.getState().estimateStill(shotId);
    if (answer) setEstimate(answer);
    else setOpen(false);
  }

  async function confirm() {
    if (!estimate?.provider || !estimate.model) return;
    setBusy(true);
    const job = await store.getState().makeStill(shotId, { provider: estimate.provider, model: estimate.model });
    setBusy(false);
    if (job) setOpen(false);
  }

  return (
    <div className="still-action">
      <button type="button" data-testid="still-frame" aria-expanded={open} title="A storyboard frame of this shot from an image model" onClick={() => void show()}>
        Still frame
      </button>
      {open && (
        <div className="still-confirm" role="dialog" aria-label="Still frame" data-testid="still-confirm">
          {offered.length > 1 && (
            <label>
              Image model
              <select
                data-testid="still-model"
                value={estimate?.provider && estimate.model ? JSON.stringify([estimate.provider, estimate.model]) : ''}
                onChange={(e) => void pick(e.target.value)}
              >
                {!estimate?.model && <option value="">…</option>}
                {offered.map((m) => (
                  <option key={`${m.provider}/${m.model}`} value={JSON.stringify([m.provider, m.model])}>
                    {registry?.providers[m.provider]?.displayName ?? m.provider}: {m.displayName}
                  </option>
                ))}
              </select>
            </label>
          )}
          {!estimate ? (
            <p className="muted">Pricing the still…</p>
          ) : estimate.problem ? (
            <p className="field-error" data-testid="still-problem">
              {estimate.problem}
            </p>
          ) : (
            <p data-testid="still-estimate">
              {estimate.displayName ?? estimate.model} · {estimate.size?.replace('x', ' × ')} · <strong>{estimate.text}</strong>
            </p>
          )}
          <div className="still-confirm-actions">
            <button
              type="button"
              className="primary"
              data-testid="still-confirm-start"
              disabled={!estimate || estimate.problem !== null || !estimate.provider || busy}
              onClick={() => void confirm()}
            >
              {estimate && estimate.usd ? `Make still (${estimate.text})` : 'Make still'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
