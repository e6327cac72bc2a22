/** What a new project shows instead of an empty strip: how to start, in three steps. */
import { useApp } from '../state/store-context';

export function EmptyTimeline() {
  const addShot = useApp((s) => s.addShot);
  const editElement = useApp((s) => s.editElement);
  return (
    <div className="timeline-empty" data-testid="timeline-empty">
      <h3>Write your film shot by shot</h3>
      <ol className="timeline-empty-steps">
        <li>
          <strong>Add a shot</strong> and describe what happens. Press <kbd>N</kbd> any time for the next one.
        </li>
        <li>
          <strong>Create your characters and places</strong> in the library on the left, then mention them as <code>@Name</code>{' '}
          so they look the same in every shot.
        </li>
        <li>
          <strong>Drop reference images</strong> onto a shot, then generate a free local animatic or a video with a paid
          model.
        </li>
      </ol>
      <div className="timeline-empty-actions">
        <button type="button" className="primary" data-testid="add-first-shot" onClick={() => void addShot()}>
          + Add the first shot
        </button>
        <button type="button" onClick={() => editElement('new')}>
          Create a character
        </button>
      </div>
    </div>
  );
}
