/**
 * The shot inspector: every field of the selected shot, each saved as it changes (text after a
 * pause or on leaving the field), with the composed prompt exactly as it will be sent, the
 * price, the reference images and the takes. Every edit is a contract call and an undo step.
 */
import { useEffect, useMemo } from 'react';
import { MAX_NAME, MAX_SHOT_SECONDS, MAX_TRANSITION_SECONDS, MIN_TRANSITION_SECONDS } from '../../shared/contract/limits';
import type { ShotPatch } from '../../shared/contract/shots';
import { estimateShot } from '../../shared/cost';
import type { Shot, TransitionKind } from '../../shared/domain';
import { CAMERA_MOVES, SHOT_TYPES } from '../../shared/film-vocabulary';
import { AutosaveTextArea } from '../shots/AutosaveTextArea';
import { useAutosaveText } from '../shots/use-autosave-text';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';
import { findModel } from '../../shared/registry/registry';
import { EndFrameDrop } from './EndFrameDrop';
import { keylessProviders } from './keyless-providers';
import { ModelOptions } from './ModelOptions';
import { ModelPicker } from './ModelPicker';
import { referenceCapacity } from './reference-capacity';
import { PromptAsSent } from './PromptAsSent';
import { PromptField } from './PromptField';
import { ReferenceList } from './ReferenceList';
import { StillFrameAction } from './StillFrameAction';
import { TempVoiceAction } from '../features/sound/TempVoiceAction';
import { TakesList } from './TakesList';
import { VocabularySelect } from './VocabularySelect';
import './inspector.css';

export interface InspectorProps {
  shot: Shot;
  index: number;
  count: number;
}

/** Default length of a dissolve or dip when one is first chosen. */
const DEFAULT_TRANSITION_SECONDS = 0.5;

export function Inspector({ shot, index, count }: InspectorProps) {
  const store = useAppStore();
  const { elements, registry, registryProblem } = useAppShallow((s) => ({
    elements: s.elements,
    registry: s.registry,
    registryProblem: s.registryProblem,
  }));
  const baseUrls = useAppShallow((s) =>
    Object.fromEntries(Object.entries(s.appSettings?.providers ?? {}).map(([id, p]) => [id, p.baseUrl ?? undefined])),
  );
  const secrets = useApp((s) => s.secretsStatus);
  const keyless = useMemo(() => keylessProviders(registry, secrets), [registry, secrets]);
  useEffect(() => {
    if (!secrets) void store.getState().loadKeyStatus();
  }, [secrets, store]);
  // Several shots selected: this shot's model or transition can be set on all of them at once.
  const others = useApp((s) => (s.selectedShotIds.length > 1 && s.selectedShotIds.includes(shot.id) ? s.selectedShotIds.length : 0));
  const takeSeconds = useApp((s) => (shot.selectedTakeId ? (s.takesById[shot.selectedTakeId]?.durationSeconds ?? null) : null));
  const id = shot.id;
  const patch = (p: ShotPatch) => store.getState().updateShot(id, p);
  const text = (field: 'title' | 'prompt' | 'dialogue' | 'soundNotes' | 'notes') => ({
    stored: shot[field],
    save: async (value: string) => (await patch({ [field]: value })) !== null,
  });
  const title = useAutosaveText(text('title'));
  const prompt = useAutosaveText(text('prompt'));
  const dialogue = useAutosaveText(text('dialogue'));
  const sound = useAutosaveText(text('soundNotes'));
  const notes = useAutosaveText(text('notes'));
  const trimIn = useAutosaveText({
    stored: String(shot.trimIn),
    validate: (v) => {
      const n = Number(v);
      if (v.trim() === '' || !(n >= 0) || n > MAX_SHOT_SECONDS) return 'Enter seconds from the start of the take (0 or more).';
      if (shot.trimOut !== null && n >= shot.trimOut) return `Trim in must be before trim out (${shot.trimOut} s).`;
      return null;
    },
    save: async (v) => (await patch({ trimIn: Number(v) })) !== null,
  });
  const trimOut = useAutosaveText({
    stored: shot.trimOut === null ? '' : String(shot.trimOut),
    validate: (v) => {
      if (v.trim() === '') return null;
      const n = Number(v);
      if (!(n > shot.trimIn)) return `Trim out must be after trim in (${shot.trimIn} s), or empty for the take's end.`;
      if (n > MAX_SHOT_SECONDS) return `Trim out can be at most ${MAX_SHOT_SECONDS} s.`;
      if (takeSeconds !== null && n > takeSeconds + 1e-6) return `The take is only ${takeSeconds} s long.`;
      return null;
    },
    save: async (v) => (await patch({ trimOut: v.trim() === '' ? null : Number(v) })) !== null,
  });
  const transitionSeconds = useAutosaveText({
    stored: String(shot.transition.seconds),
    validate: (v) => {
      const n = Number(v);
      return v.trim() !== '' && n >= MIN_TRANSITION_SECONDS && n <= MAX_TRANSITION_SECONDS
        ? null
        : `Enter a length from ${MIN_TRANSITION_SECONDS} to ${MAX_TRANSITION_SECONDS} seconds.`;
    },
    save: async (v) => (await patch({ transition: { kind: shot.transition.kind, seconds: Number(v) } })) !== null,
  });

  const price = registry ? estimateShot(registry, shot) : null;
  // What the model takes decides which image inputs are offered (never the provider's id).
  const clipModel = registry ? findModel(registry, shot.provider, shot.model) : undefined;

  function setTransition(kind: TransitionKind) {
    const seconds = kind === 'cut' ? 0 : shot.transition.seconds || DEFAULT_TRANSITION_SECONDS;
    void patch({ transition: { kind, seconds } });
  }

  const s = () => store.getState();
  const applyToSelection = (p: ShotPatch) => void s().setShots(s().selectionInOrder(), p);
  return (
    <section className="inspector shot-editor" data-testid="shot-editor" aria-label={`Shot ${index + 1}`}>
      <header className="inspector-head">
        <h2>Shot {index + 1}</h2>
        {shot.number && (
          <span className="inspector-shot-number" data-testid="inspector-shot-number" title="The shot's number in its scene (stable; Renumber rewrites it)">
            {shot.number}
          </span>
        )}
        <span className="inspector-price" data-testid="shot-price" title="Price of generating this shot">
          {price ? price.text : ''}
        </span>
        <div className="inspector-actions">
          <button type="button" className="primary" data-testid="generate-shot" onClick={() => void s().generateShots([id])}>
            Generate
          </button>
          <StillFrameAction shotId={id} />
          <button type="button" data-testid="move-left" aria-label="Move left" title="Move left (Alt+←)" disabled={index === 0} onClick={() => void s().moveShotBy(id, -1)}>
            ←
          </button>
          <button
            type="button"
            data-testid="move-right"
            aria-label="Move right"
            title="Move right (Alt+→)"
            disabled={index >= count - 1}
            onClick={() => void s().moveShotBy(id, 1)}
          >
            →
          </button>
          <button type="button" data-testid="duplicate-shot" title="Duplicate (D)" onClick={() => void s().duplicateShot(id)}>
            Duplicate
          </button>
          <button type="button" className="danger" data-testid="delete-shot" title="Delete (Del)" onClick={() => void s().deleteShot(id)}>
            Delete
          </button>
        </div>
      </header>

      <div className="inspector-body">
        <label>
          Title
          <input
            data-testid="shot-title"
            value={title.draft}
            maxLength={MAX_NAME}
            placeholder="Untitled"
            onChange={(e) => title.change(e.target.value)}
            onBlur={title.flush}
          />
        </label>

        <PromptField field={prompt} elements={elements} />

        <div className="field-row">
          <VocabularySelect label="Shot type" testId="shot-type" items={SHOT_TYPES} value={shot.shotType} onChange={(id) => void patch({ shotType: id })} />
          <VocabularySelect label="Camera move" testId="camera-move" items={CAMERA_MOVES} value={shot.cameraMove} onChange={(id) => void patch({ cameraMove: id })} />
        </div>

        <AutosaveTextArea label="Dialogue" testId="shot-dialogue" field={dialogue} placeholder="Mara: It's still turning." />
        <TempVoiceAction shotId={id} hasDialogue={shot.dialogue.trim() !== ''} />
        <AutosaveTextArea label="Sound" testId="shot-sound" field={sound} placeholder="Waves on rocks, gulls; no music" />
        <AutosaveTextArea label="Notes for the crew" testId="shot-notes" field={notes} placeholder="Never sent to a model: lenses, props, pickups…" />

        <h3 className="inspector-section">Model</h3>
        {registry ? (
          <>
            <ModelPicker shot={shot} registry={registry} baseUrls={baseUrls} keyless={keyless} onPatch={patch} onOpenSettings={() => store.getState().openSettings()} />
            {clipModel && <ModelOptions shot={shot} model={clipModel} onPatch={patch} />}
          </>
        ) : registryProblem ? (
          <p className="field-error" data-testid="registry-problem">
            {registryProblem} Fix or remove models.json in the settings folder, then reopen the project.
          </p>
        ) : (
          <p className="muted">Loading the model list…</p>
        )}
        {others > 0 && (
          <button
            type="button"
            className="small-button"
            data-testid="apply-model-to-selection"
            onClick={() => applyToSelection({ provider: shot.provider, model: shot.model, size: shot.size, seconds: shot.seconds })}
          >
            Use this model, size and length for the {others} selected shots
          </button>
        )}

        <h3 className="inspector-section">Reference images</h3>
        {clipModel && (
          <p className="muted small" data-testid="reference-capacity">
            {referenceCapacity(clipModel)}
          </p>
        )}
        <ReferenceList target={{ kind: 'shot', id }} references={shot.references} size={shot.size} />

        {clipModel?.imageInputs.lastFrame ? (
          <>
            <h3 className="inspector-section">End frame</h3>
            <EndFrameDrop shot={shot} />
          </>
        ) : (
          shot.endFrame && (
            <p className="muted small" data-testid="end-frame-ignored">
              {clipModel?.displayName ?? shot.model} takes no end frame, so this shot's end frame ({shot.endFrame.name}) is not sent.{' '}
              <button type="button" className="link" data-testid="end-frame-remove" onClick={() => void s().removeReference({ kind: 'endFrame', id }, shot.endFrame!.id)}>
                Remove it
              </button>
            </p>
          )
        )}

        <h3 className="inspector-section">Continuity</h3>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="shot-continue"
            checked={shot.continuePrevious}
            disabled={index === 0 && !shot.continuePrevious}
            onChange={(e) => void patch({ continuePrevious: e.target.checked })}
          />
          Continue from the previous shot (its last frame becomes this shot's first)
        </label>
        {index < count - 1 && (
          <div className="field-row">
            <label>
              Transition to the next shot
              <select data-testid="shot-transition" value={shot.transition.kind} onChange={(e) => setTransition(e.target.value as TransitionKind)}>
                <option value="cut">Cut</option>
                <option value="dissolve">Dissolve</option>
                <option value="dip">Dip to black</option>
              </select>
            </label>
            <label>
              Length (seconds)
              <input
                data-testid="shot-transition-seconds"
                type="number"
                min={MIN_TRANSITION_SECONDS}
                max={MAX_TRANSITION_SECONDS}
                step="any"
                disabled={shot.transition.kind === 'cut'}
                value={shot.transition.kind === 'cut' ? '0' : transitionSeconds.draft}
                aria-invalid={transitionSeconds.error ? 'true' : undefined}
                onChange={(e) => transitionSeconds.change(e.target.value)}
                onBlur={transitionSeconds.flush}
              />
              {transitionSeconds.error && <span className="field-error">{transitionSeconds.error}</span>}
            </label>
          </div>
        )}
        {others > 0 && (
          <button type="button" className="small-button" data-testid="apply-transition-to-selection" onClick={() => applyToSelection({ transition: shot.transition })}>
            Use this transition for the {others} selected shots
          </button>
        )}

        {shot.selectedTakeId && (
          <div className="field-row">
            <label>
              Trim in (s)
              <input
                data-testid="shot-trim-in"
                type="number"
                min={0}
                max={MAX_SHOT_SECONDS}
                step="any"
                value={trimIn.draft}
                aria-invalid={trimIn.error ? 'true' : undefined}
                onChange={(e) => trimIn.change(e.target.value)}
                onBlur={trimIn.flush}
              />
              {trimIn.error && <span className="field-error">{trimIn.error}</span>}
            </label>
            <label>
              Trim out (s)
              <input
                data-testid="shot-trim-out"
                type="number"
                min={0}
                max={MAX_SHOT_SECONDS}
                step="any"
                placeholder={takeSeconds !== null ? `${takeSeconds} (end)` : 'end'}
                value={trimOut.draft}
                aria-invalid={trimOut.error ? 'true' : undefined}
                onChange={(e) => trimOut.change(e.target.value)}
                onBlur={trimOut.flush}
              />
              {trimOut.error && <span className="field-error">{trimOut.error}</span>}
            </label>
          </div>
        )}

        <h3 className="inspector-section">Prompt as sent</h3>
        <PromptAsSent shot={shot} index={index} />

        <h3 className="inspector-section">Takes</h3>
        <TakesList shot={shot} />
      </div>
    </section>
  );
}
