/** Edits the selected shot: title, prompt, duration; move and delete. Every edit is a contract call. */
import { MAX_NAME, MAX_SHOT_SECONDS, MAX_TEXT, Seconds } from '../../shared/contract/limits';
import type { Shot } from '../../shared/domain';
import { useAppShallow } from '../state/store-context';
import { useAutosaveText } from './use-autosave-text';

export interface ShotEditorProps {
  shot: Shot;
  index: number;
  count: number;
}

/** Checks a typed duration against the contract's own limit, so the message comes before the call. */
function secondsProblem(text: string): string | null {
  const ok = text.trim() !== '' && Seconds.safeParse(Number(text)).success;
  return ok ? null : `Enter a length in seconds, more than 0 and at most ${MAX_SHOT_SECONDS}.`;
}

export function ShotEditor({ shot, index, count }: ShotEditorProps) {
  const { updateShot, deleteShot, moveShotBy } = useAppShallow((s) => ({
    updateShot: s.updateShot,
    deleteShot: s.deleteShot,
    moveShotBy: s.moveShotBy,
  }));
  const id = shot.id;
  const title = useAutosaveText({
    stored: shot.title,
    save: async (text) => (await updateShot(id, { title: text })) !== null,
  });
  const prompt = useAutosaveText({
    stored: shot.prompt,
    save: async (text) => (await updateShot(id, { prompt: text })) !== null,
  });
  const seconds = useAutosaveText({
    stored: String(shot.seconds),
    validate: secondsProblem,
    save: async (text) => (await updateShot(id, { seconds: Number(text) })) !== null,
  });

  return (
    <section className="shot-editor" data-testid="shot-editor" aria-label={`Shot ${index + 1}`}>
      <div className="shot-editor-head">
        <h2>Shot {index + 1}</h2>
        <div className="shot-editor-actions">
          <button type="button" data-testid="move-left" disabled={index === 0} onClick={() => void moveShotBy(id, -1)}>
            ← Move left
          </button>
          <button
            type="button"
            data-testid="move-right"
            disabled={index >= count - 1}
            onClick={() => void moveShotBy(id, 1)}
          >
            Move right →
          </button>
          <button type="button" className="danger" data-testid="delete-shot" onClick={() => void deleteShot(id)}>
            Delete
          </button>
        </div>
      </div>
      <div className="shot-editor-fields">
        <label className="shot-editor-title">
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
        <label className="shot-editor-seconds">
          Duration (seconds)
          <input
            data-testid="shot-seconds"
            type="number"
            inputMode="decimal"
            min={0.1}
            max={MAX_SHOT_SECONDS}
            step={0.5}
            value={seconds.draft}
            aria-invalid={seconds.error ? 'true' : undefined}
            onChange={(e) => seconds.change(e.target.value)}
            onBlur={seconds.flush}
          />
          {seconds.error && (
            <span className="field-error" data-testid="shot-seconds-error">
              {seconds.error}
            </span>
          )}
        </label>
        <label className="shot-editor-prompt">
          Prompt
          <textarea
            data-testid="shot-prompt"
            rows={5}
            value={prompt.draft}
            maxLength={MAX_TEXT}
            placeholder="What happens in this shot? Mention elements as @Name."
            onChange={(e) => prompt.change(e.target.value)}
            onBlur={prompt.flush}
          />
        </label>
      </div>
    </section>
  );
}
