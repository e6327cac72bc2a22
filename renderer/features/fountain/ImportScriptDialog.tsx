/**
 * File > Import Script, or a `.fountain` file dropped on the project: the split mode, what the
 * script makes (a first import) or the list of changes (a re-import, shown before anything is
 * applied), and Import. Main reads the script and names its problems; they show here.
 */
import { useEffect } from 'react';
import type { FountainSplit } from '../../../shared/fountain/script-to-draft';
import { useApp, useAppStore } from '../../state/store-context';

const SPLITS: Array<{ value: FountainSplit; label: string }> = [
  { value: 'paragraph', label: 'A shot per action paragraph' },
  { value: 'line', label: 'A shot per line of action' },
  { value: 'scene', label: 'One shot per scene' },
];

export function ImportScriptDialog() {
  const open = useApp((s) => s.scriptImport !== null);
  if (!open) return null;
  return <ScriptForm />;
}

function ScriptForm() {
  const store = useAppStore();
  const state = useApp((s) => s.scriptImport)!;
  const s = () => store.getState();
  const { preview } = state;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.getState().closeScriptImport();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

  return (
    <div className="modal-backdrop" role="presentation">
      <form
        className="modal import-script"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-script-title"
        data-testid="import-script"
        onSubmit={(e) => {
          e.preventDefault();
          void s().applyScriptImport();
        }}
      >
        <h2 id="import-script-title">Import a screenplay</h2>
        <p className="muted small">
          A Fountain script (.fountain): scene headings become scenes, action becomes shots, dialogue goes with its shot, and each speaker becomes a character.
        </p>
        <label>
          Script file
          <input
            type="file"
            accept=".fountain,.spmd,text/plain"
            data-testid="script-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void s().chooseScriptFile(file);
            }}
          />
        </label>
        {state.fileName && (
          <p className="small" data-testid="script-file-name">
            {state.fileName}
          </p>
        )}
        <fieldset className="script-split">
          <legend>Shots</legend>
          {SPLITS.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name="script-split"
                value={option.value}
                checked={state.split === option.value}
                data-testid={`script-split-${option.value}`}
                onChange={() => void s().setScriptSplit(option.value)}
              />{' '}
              {option.label}
            </label>
          ))}
        </fieldset>
        {preview && (
          <div data-testid="script-preview">
            <p>
              {preview.title ? <strong>{preview.title}: </strong> : null}
              {plural(preview.scenes, 'scene')}, {plural(preview.shots, 'shot')}
              {preview.characters.length > 0 && <>, characters {preview.characters.map((c) => `@${c}`).join(' ')}</>}
            </p>
            {!preview.fresh && (
              <>
                <p className="small">Changes to the open project (takes are never deleted):</p>
                <ul className="script-changes small" data-testid="script-changes">
                  {preview.lines.map((line, i) => (
                    <li key={i}>{line.trim()}</li>
                  ))}
                </ul>
              </>
            )}
            {preview.warnings.map((w, i) => (
              <p key={i} className="muted small">
                {w}
              </p>
            ))}
          </div>
        )}
        {state.error && (
          <p className="field-error" role="alert" data-testid="script-error">
            {state.error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => s().closeScriptImport()} data-testid="script-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.busy || !preview} data-testid="script-import-submit">
            {state.busy ? 'Reading…' : preview && !preview.fresh ? 'Apply changes' : 'Import'}
          </button>
        </div>
      </form>
    </div>
  );
}
