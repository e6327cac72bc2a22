/** Opens a project by path, or from the recent list. */
import { useState, type FormEvent } from 'react';
import { useApp, useAppShallow } from '../state/store-context';

export function OpenProjectForm() {
  const openProject = useApp((s) => s.openProject);
  const recent = useAppShallow((s) => s.recent);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  async function open(target: string) {
    setBusy(true);
    await openProject(target);
    setBusy(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void open(path.trim());
  }

  return (
    <div className="start-panel">
      <form onSubmit={submit} className="start-open" data-testid="open-form">
        <h2>Open a project</h2>
        <label>
          Project folder
          <input
            data-testid="open-path"
            value={path}
            placeholder="/path/to/Lighthouse.shotline"
            required
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="open-submit" disabled={busy || path.trim() === ''}>
          Open
        </button>
      </form>
      <h3 className="start-recent-heading">Recent</h3>
      {recent.length === 0 ? (
        <p className="muted">No recent projects yet.</p>
      ) : (
        <ul className="start-recent" data-testid="recent-list">
          {recent.map((r) => (
            <li key={r.path}>
              <button
                type="button"
                className="start-recent-item"
                data-testid="recent-item"
                title={r.path}
                disabled={busy}
                onClick={() => void open(r.path)}
              >
                <span className="start-recent-name">{r.name}</span>
                <span className="start-recent-path muted">{r.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
