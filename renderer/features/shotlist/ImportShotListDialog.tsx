/**
 * File > Import Shot List: an absolute path to a shot-list JSON (typed, or chosen in the
 * desktop app's native dialog), imported by main into the open project. Main checks the file
 * and names its problems; they are shown here, on the spot, and the dialog stays open.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApp, useAppStore } from '../../state/store-context';

export function ImportShotListDialog() {
  const open = useApp((s) => s.importDialogOpen);
  if (!open) return null;
  return <ImportForm />;
}

function ImportForm() {
  const store = useAppStore();
  const busy = useApp((s) => s.importBusy);
  const error = useApp((s) => s.importError);
  const desktop = useApp((s) => s.appInfo?.host === 'electron');
  const hasProject = useApp((s) => s.project !== null);
  const [path, setPath] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const s = () => store.getState();

  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.getState().closeImportDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await s().importShotList(path.trim());
  }

  async function choose() {
    const picked = await s().pickShotListFile();
    if (picked) setPath(picked);
  }

  return (
    <div className="modal-backdrop" role="presentation">
      <form className="modal import-shotlist" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-shotlist" onSubmit={submit}>
        <h2 id="import-title">Import a shot list</h2>
        <p className="muted small">
          A shot-list JSON file: elements, shots and style are added to {hasProject ? 'the open project' : 'a project (open or create one first)'} in one step.
        </p>
        <label>
          File (absolute path)
          <div className="import-path-row">
            <input
              ref={input}
              data-testid="import-path"
              value={path}
              placeholder="/home/me/films/lighthouse/shotlist.json"
              aria-invalid={error ? 'true' : undefined}
              onChange={(e) => setPath(e.target.value)}
            />
            {desktop && (
              <button type="button" onClick={() => void choose()} data-testid="import-choose">
                Choose…
              </button>
            )}
          </div>
        </label>
        {error && (
          <p className="field-error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => s().closeImportDialog()} data-testid="import-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || path.trim() === ''} data-testid="import-submit">
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </div>
  );
}
