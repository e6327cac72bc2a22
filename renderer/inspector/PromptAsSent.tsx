/**
 * "Prompt as sent": main's dry run of generating this shot (`generation.preview`), shown as is:
 * the composed prompt, the negative prompt, warnings, which image goes as the first frame and
 * which as references, and why the shot would be refused or must wait. Asked again a moment
 * after each edit (the shot, the library, the project style or the previous shot's take).
 */
import { useEffect } from 'react';
import type { Shot } from '../../shared/domain';
import { useApp, useAppStore } from '../state/store-context';

/** Quiet time after an edit before main is asked again (typing saves come in bursts). */
export const PREVIEW_DEBOUNCE_MS = 250;

export function PromptAsSent({ shot, index }: { shot: Shot; index: number }) {
  const store = useAppStore();
  const elements = useApp((s) => s.elements);
  const project = useApp((s) => s.project);
  const previousTake = useApp((s) => (index > 0 ? (s.shots[index - 1]?.selectedTakeId ?? null) : null));
  const preview = useApp((s) => (s.generationPreview?.shotId === shot.id ? s.generationPreview : null));
  const error = useApp((s) => (s.previewErrorShotId === shot.id ? s.previewError : null));

  // Another shot: ask at once. Same shot edited: ask once the edits settle.
  const shotId = shot.id;
  const shown = useApp((s) => s.generationPreview?.shotId ?? null);
  useEffect(() => {
    const wait = shown === shotId ? PREVIEW_DEBOUNCE_MS : 0;
    const timer = setTimeout(() => void store.getState().refreshPreview(shotId), wait);
    return () => clearTimeout(timer);
    // `shown` is left out on purpose: a preview arriving is not a reason to ask again.
  }, [store, shotId, shot, elements, project, previousTake]);

  if (error) {
    return (
      <p className="field-error" data-testid="composed-prompt-problem">
        {error}
      </p>
    );
  }
  if (!preview) return <pre className="composed-prompt muted" data-testid="composed-prompt-loading">…</pre>;
  const ff = preview.firstFrame;
  const refName = (path: string) => shot.references.find((r) => r.path === path)?.name ?? path.split('/').pop();
  return (
    <>
      {preview.problem && (
        <p className="field-error" data-testid="composed-prompt-problem">
          {preview.problem}
        </p>
      )}
      {preview.waiting && (
        <p className="muted small" data-testid="composed-prompt-waiting">
          {preview.waiting} It goes out once that take is ready.
        </p>
      )}
      <pre className="composed-prompt" data-testid="composed-prompt">
        {preview.prompt}
      </pre>
      {preview.negativePrompt && (
        <p className="muted small">
          Negative prompt: <span data-testid="negative-prompt">{preview.negativePrompt}</span>
        </p>
      )}
      <p className="muted small" data-testid="preview-images">
        {ff
          ? `First frame: ${ff.source === 'previous-take' ? `last frame of shot ${index}'s take` : refName(ff.path)} (${ff.fit}, fitted to ${ff.width}×${ff.height}).`
          : 'No first frame.'}
        {preview.references.length > 0 && ` References: ${preview.references.map((r) => r.name).join(', ')}.`}
        {` ${preview.provider} · ${preview.model} · ${preview.size} · ${preview.seconds} s · ${preview.priceText}`}
      </p>
      {preview.warnings.length > 0 && (
        <ul className="prompt-warnings" data-testid="prompt-warnings">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}
