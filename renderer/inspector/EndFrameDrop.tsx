/**
 * The shot's end frame, for models that take a last frame: one image, dropped or chosen like a
 * reference (adding replaces it), with a remove button. For a model that takes none, a note
 * says the stored end frame is ignored, so the director is not surprised by the clip.
 */
import { useCallback, useRef } from 'react';
import type { ReferenceTarget } from '../../shared/contract/references';
import type { Shot } from '../../shared/domain';
import { dropOnEndFrame } from '../dnd/drop-actions';
import { useFileDrop } from '../dnd/use-file-drop';
import { mediaUrl } from '../features/player/media-url';
import { useApp, useAppStore } from '../state/store-context';

export function EndFrameDrop({ shot }: { shot: Shot }) {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const input = useRef<HTMLInputElement>(null);
  const shotId = shot.id;
  const onFiles = useCallback((files: File[]) => dropOnEndFrame(store.getState(), shotId, files), [store, shotId]);
  const drop = useFileDrop(onFiles);
  const target: ReferenceTarget = { kind: 'endFrame', id: shotId };
  const end = shot.endFrame;

  return (
    <div className={`drop-area end-frame-drop${drop.over ? ' is-over' : ''}${drop.error ? ' is-error' : ''}`} {...drop.handlers} data-testid="end-frame-drop">
      {end ? (
        <div className="end-frame" data-testid="end-frame">
          {mediaBase ? <img src={mediaUrl(mediaBase, end.path)} alt={end.name} draggable={false} /> : null}
          <span className="reference-name" title={`${end.name} · ${end.width} × ${end.height}`}>
            {end.name}
          </span>
          <button type="button" aria-label={`Remove end frame ${end.name}`} data-testid="end-frame-remove" onClick={() => void store.getState().removeReference(target, end.id)}>
            ×
          </button>
        </div>
      ) : null}
      <p className="drop-hint muted">
        {drop.busy ? 'Adding…' : end ? 'Drop another image to replace it, or ' : 'Drop the image the shot should end on, or '}
        {!drop.busy && (
          <button type="button" className="link" onClick={() => input.current?.click()}>
            choose a file…
          </button>
        )}
      </p>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        hidden
        data-testid="end-frame-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void onFiles(files).then((problem) => problem && store.getState().pushError(problem));
        }}
      />
      {drop.error && (
        <p className="field-error" role="alert" data-testid="end-frame-drop-error">
          {drop.error}
        </p>
      )}
    </div>
  );
}
