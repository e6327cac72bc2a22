/**
 * Provider, model, size and duration of a shot, limited to what the registry allows for the
 * chosen model (durations narrowed by its constraints for the chosen size and images). A
 * retired model is shown as such, with its replacement one click away.
 */
import { MAX_SHOT_SECONDS, Seconds } from '../../shared/contract/limits';
import type { ShotPatch } from '../../shared/contract/shots';
import type { Shot } from '../../shared/domain';
import { allowedFor, findModel, retirementFor, type Registry } from '../../shared/registry/registry';
import type { ModelEntry } from '../../shared/registry/registry-schema';
import { useAutosaveText } from '../shots/use-autosave-text';

export interface ModelPickerProps {
  shot: Shot;
  registry: Registry;
  /** Base URL set per provider in Settings (a gateway may still serve a retired model). */
  baseUrls: Record<string, string | undefined>;
  /** Providers that take a key and have none set (never the keys themselves). */
  keyless: ReadonlySet<string>;
  onPatch(patch: ShotPatch): Promise<unknown>;
  /** Opens Settings, where the key goes. */
  onOpenSettings(): void;
}

/** A shot's clip comes from a video model; image models make stills and sheets, not clips. */
export function clipModels(models: readonly ModelEntry[], provider: string): ModelEntry[] {
  return models.filter((m) => m.provider === provider && m.output === 'video');
}

/** Lists with more durations than this become a number field (the animatic's 0.5 s steps). */
const MAX_SECONDS_CHOICES = 12;

function nearest(values: number[], target: number): number {
  return values.reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best), values[0] ?? target);
}

/** The size and duration to switch to with a new model: the current ones when allowed. */
export function fitToModel(model: ModelEntry, shot: Pick<Shot, 'size' | 'seconds' | 'references' | 'continuePrevious'>): ShotPatch {
  const size = model.sizes.includes(shot.size) ? shot.size : model.sizes[0]!;
  const allowed = allowedFor(model, { size, firstFrame: shot.continuePrevious || shot.references.length > 0 });
  const seconds = allowed.seconds.length ? nearest(allowed.seconds, shot.seconds) : shot.seconds;
  return { provider: model.provider, model: model.model, size, seconds };
}

export function ModelPicker({ shot, registry, baseUrls, keyless, onPatch, onOpenSettings }: ModelPickerProps) {
  const model = findModel(registry, shot.provider, shot.model);
  const retired = model ? retirementFor(registry, model, baseUrls[model.provider]) : null;
  const allowed = model ? allowedFor(model, { size: shot.size, firstFrame: shot.continuePrevious || shot.references.length > 0 }) : null;
  // A provider that makes only stills has nothing to offer a clip.
  const providerIds = Object.keys(registry.providers).filter((id) => id === shot.provider || clipModels(registry.models, id).length > 0);
  const models = clipModels(registry.models, shot.provider);
  const choices = allowed && allowed.seconds.length <= MAX_SECONDS_CHOICES ? allowed.seconds : null;
  const replacement = retired?.replacement ? findModel(registry, retired.replacement.provider, retired.replacement.model) : undefined;

  const seconds = useAutosaveText({
    stored: String(shot.seconds),
    validate: (text) => {
      const n = Number(text);
      if (text.trim() === '' || !Seconds.safeParse(n).success) return `Enter a length in seconds, more than 0 and at most ${MAX_SHOT_SECONDS}.`;
      if (allowed && !allowed.seconds.some((v) => Math.abs(v - n) < 1e-6)) return `${shot.model} makes ${allowed.secondsText} clips.`;
      return null;
    },
    save: async (text) => (await onPatch({ seconds: Number(text) })) !== null,
  });

  function pickProvider(provider: string) {
    const offered = clipModels(registry.models, provider);
    const next = offered.find((m) => !retirementFor(registry, m, baseUrls[provider])) ?? offered[0];
    if (next) void onPatch(fitToModel(next, shot));
  }
  function pickModel(id: string) {
    const next = findModel(registry, shot.provider, id);
    if (next && next.output === 'video') void onPatch(fitToModel(next, shot));
  }

  return (
    <div className="model-picker" data-testid="model-picker">
      <label>
        Provider
        <select data-testid="shot-provider" value={shot.provider} onChange={(e) => pickProvider(e.target.value)}>
          {!registry.providers[shot.provider] && <option value={shot.provider}>{shot.provider} (unknown)</option>}
          {providerIds.map((id) => (
            <option key={id} value={id}>
              {registry.providers[id]!.displayName}
              {keyless.has(id) ? ' (no key yet)' : ''}
            </option>
          ))}
        </select>
      </label>
      {keyless.has(shot.provider) && <NoKeyNote provider={shot.provider} registry={registry} onOpenSettings={onOpenSettings} />}
      <label>
        Model
        <select data-testid="shot-model" value={shot.model} onChange={(e) => pickModel(e.target.value)}>
          {!model && <option value={shot.model}>{shot.model} (not in the registry)</option>}
          {models.map((m) => {
            const gone = retirementFor(registry, m, baseUrls[m.provider]);
            return (
              <option key={m.model} value={m.model} disabled={!!gone && m.model !== shot.model} data-retired={gone ? 'true' : undefined}>
                {m.displayName}
                {gone ? ` (retired ${gone.date})` : ''}
              </option>
            );
          })}
        </select>
      </label>
      {retired && (
        <p className="field-warning" role="status" data-testid="model-retired">
          {shot.model} was retired on {retired.date}.{' '}
          {replacement ? (
            <button type="button" className="link" data-testid="use-replacement" onClick={() => void onPatch(fitToModel(replacement, shot))}>
              Switch to {replacement.displayName}
            </button>
          ) : (
            'Pick another model.'
          )}
        </p>
      )}
      <label>
        Size
        <select data-testid="shot-size" value={shot.size} onChange={(e) => void onPatch({ size: e.target.value })}>
          {allowed && !allowed.sizes.includes(shot.size) && <option value={shot.size}>{shot.size} (not offered)</option>}
          {(allowed?.sizes ?? [shot.size]).map((size) => (
            <option key={size} value={size}>
              {size.replace('x', ' × ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Duration (seconds)
        {choices ? (
          <select data-testid="shot-seconds" value={String(shot.seconds)} onChange={(e) => void onPatch({ seconds: Number(e.target.value) })}>
            {!choices.some((v) => Math.abs(v - shot.seconds) < 1e-6) && <option value={String(shot.seconds)}>{shot.seconds} (not offered)</option>}
            {choices.map((v) => (
              <option key={v} value={String(v)}>
                {v} s
              </option>
            ))}
          </select>
        ) : (
          <input
            data-testid="shot-seconds"
            type="number"
            inputMode="decimal"
            min={allowed?.seconds[0]}
            max={allowed?.seconds.at(-1) ?? MAX_SHOT_SECONDS}
            step={allowed && allowed.seconds.length > 1 ? allowed.seconds[1]! - allowed.seconds[0]! : 'any'}
            value={seconds.draft}
            aria-invalid={seconds.error ? 'true' : undefined}
            onChange={(e) => seconds.change(e.target.value)}
            onBlur={seconds.flush}
          />
        )}
        {seconds.error && !choices && (
          <span className="field-error" data-testid="shot-seconds-error">
            {seconds.error}
          </span>
        )}
        {allowed && allowed.narrowedBy.length > 0 && <span className="muted small">Limited by {allowed.narrowedBy.join(', ')}.</span>}
      </label>
    </div>
  );
}

/** Why a provider without a key cannot generate yet, and where the key goes. */
function NoKeyNote({ provider, registry, onOpenSettings }: { provider: string; registry: Registry; onOpenSettings(): void }) {
  const descriptor = registry.providers[provider]!;
  const env = descriptor.auth.keyEnv[0];
  return (
    <p className="field-warning" role="status" data-testid="provider-no-key">
      {descriptor.displayName} has no API key yet, so nothing can be generated with it.{' '}
      <button type="button" className="link" data-testid="provider-no-key-settings" onClick={onOpenSettings}>
        Add the key in Settings
      </button>
      {env ? <> (or start Shotline with {env} set).</> : '.'}
    </p>
  );
}
