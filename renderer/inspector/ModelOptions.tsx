/**
 * The shot options only some models have: what the frame must not show (sent as the negative
 * prompt) and sound on or off. Each appears only where the chosen model takes it; text kept
 * for a model that ignores it is noted, never silently dropped.
 */
import type { ShotPatch } from '../../shared/contract/shots';
import type { Shot } from '../../shared/domain';
import type { ModelEntry } from '../../shared/registry/registry-schema';
import { useAutosaveText } from '../shots/use-autosave-text';

export function ModelOptions({ shot, model, onPatch }: { shot: Shot; model: ModelEntry; onPatch(patch: ShotPatch): Promise<unknown> }) {
  const avoid = useAutosaveText({ stored: shot.avoid, save: async (value) => (await onPatch({ avoid: value })) !== null });
  const soundValue = shot.audio === null ? 'default' : shot.audio ? 'on' : 'off';
  return (
    <>
      {model.negativePrompt ? (
        <label>
          Avoid
          <input
            data-testid="shot-avoid"
            value={avoid.draft}
            maxLength={2000}
            placeholder="text on screen, crowds, lens flare"
            onChange={(e) => avoid.change(e.target.value)}
            onBlur={avoid.flush}
          />
          <span className="muted small">Sent as {model.displayName}’s negative prompt, with “no …” from the sound notes.</span>
        </label>
      ) : (
        shot.avoid.trim() && (
          <p className="muted small" data-testid="shot-avoid-ignored">
            Avoid ({shot.avoid}) is kept but not sent: {model.displayName} has no negative prompt.
          </p>
        )
      )}
      {model.audio && (
        <label>
          Sound from the model
          <select
            data-testid="shot-audio"
            value={soundValue}
            onChange={(e) => void onPatch({ audio: e.target.value === 'default' ? null : e.target.value === 'on' })}
          >
            <option value="default">Model default</option>
            <option value="on">On</option>
            <option value="off">Off (silent clip)</option>
          </select>
        </label>
      )}
    </>
  );
}
