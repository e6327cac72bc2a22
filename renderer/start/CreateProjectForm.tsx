/** Creates a project: name, frame size and frame rate (the house format), optional folder. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_NAME } from '../../shared/contract/limits';
import { DEFAULT_FRAME_RATE, type FrameRate } from '../../shared/frame-rate';
import { useApp } from '../state/store-context';
import { HouseFormatSelects } from './HouseFormatSelects';
import { FPS_PRESETS, SIZE_PRESETS } from './size-presets';

export function CreateProjectForm() {
  const createProject = useApp((s) => s.createProject);
  const [name, setName] = useState('');
  const [size, setSize] = useState<string>(SIZE_PRESETS[0]!.size);
  const [fps, setFps] = useState<FrameRate>(DEFAULT_FRAME_RATE);
  const [parentDir, setParentDir] = useState('');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const focusRequested = useApp((s) => s.focusCreateForm);
  const setFocusCreateForm = useApp((s) => s.setFocusCreateForm);

  // File > New: put the cursor in the name field (once per request).
  useEffect(() => {
    if (!focusRequested) return;
    nameInput.current?.focus();
    nameInput.current?.scrollIntoView?.({ block: 'nearest' });
    setFocusCreateForm(false);
  }, [focusRequested, setFocusCreateForm]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    // Main validates the name (it becomes a folder name) and answers with a message if it is not usable.
    await createProject({ name: name.trim(), size, fps, ...(parentDir.trim() ? { parentDir: parentDir.trim() } : {}) });
    setBusy(false);
  }

  return (
    <form className="start-panel" onSubmit={submit} data-testid="create-form">
      <h2>New project</h2>
      <label>
        Name
        <input
          ref={nameInput}
          data-testid="create-name"
          value={name}
          maxLength={MAX_NAME}
          placeholder="Lighthouse"
          required
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <div className="start-row">
        <HouseFormatSelects
          sizeLabel="Frame size"
          sizes={SIZE_PRESETS}
          size={size}
          onSize={setSize}
          rates={FPS_PRESETS}
          fps={fps}
          onFps={setFps}
          testId="create"
        />
      </div>
      <label>
        Folder (optional)
        <input
          data-testid="create-folder"
          value={parentDir}
          placeholder="The default projects folder"
          onChange={(e) => setParentDir(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" data-testid="create-submit" disabled={busy || name.trim() === ''}>
        Create project
      </button>
    </form>
  );
}
