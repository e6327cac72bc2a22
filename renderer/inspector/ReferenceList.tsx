/**
 * Reference images of a shot or an element: a drop area (several files at once, or "Add
 * images…"), thumbnails in order with move, remove and cover/contain, and for shots a preview
 * of the first frame fitted to the model's size, exactly as it would be sent.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FittedPreview, ReferenceTarget } from '../../shared/contract/references';
import type { ReferenceImage } from '../../shared/domain';
import { dropOnElement, dropOnShot } from '../dnd/drop-actions';
import { useFileDrop } from '../dnd/use-file-drop';
import { mediaUrl } from '../features/player/media-url';
import { useApp, useAppStore } from '../state/store-context';

export interface ReferenceListProps {
  target: ReferenceTarget;
  references: ReferenceImage[];
  /** The model's frame size, for the fitted preview (shots only). */
  size?: string;
}

export function ReferenceList({ target, references, size }: ReferenceListProps) {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const input = useRef<HTMLInputElement>(null);
  const onFiles = useCallback(
    (files: File[]) => (target.kind === 'shot' ? dropOnShot(store.getState(), target.id, files) : dropOnElement(store.getState(), target.id, files)),
    [store, target.kind, target.id],
  );
  const drop = useFileDrop(onFiles);
  const s = () => store.getState();

  return (
    <div className="reference-list">
      <div
        className={`drop-area${drop.over ? ' is-over' : ''}${drop.error ? ' is-error' : ''}`}
        {...drop.handlers}
        data-testid="reference-drop"
      >
        {references.length > 0 && (
          <ol className="reference-thumbs" data-testid="reference-thumbs">
            {references.map((ref, i) => (
              <li key={ref.id} className="reference-thumb" data-testid="reference-thumb" data-reference-id={ref.id}>
                {mediaBase ? <img src={mediaUrl(mediaBase, ref.path)} alt={ref.name} draggable={false} /> : <span>{ref.name}</span>}
                <div className="reference-thumb-bar">
                  <span className="reference-name" title={`${ref.name} · ${ref.width} × ${ref.height}`}>
                    {i === 0 && target.kind === 'shot' ? '1st frame · ' : ''}
                    {ref.name}
                  </span>
                  <div className="reference-actions">
                    <button type="button" aria-label={`Move ${ref.name} earlier`} disabled={i === 0} onClick={() => void s().moveReference(target, ref.id, -1)}>
                      ←
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${ref.name} later`}
                      disabled={i === references.length - 1}
                      onClick={() => void s().moveReference(target, ref.id, 1)}
                    >
                      →
                    </button>
                    <button type="button" aria-label={`Remove ${ref.name}`} data-testid="reference-remove" onClick={() => void s().removeReference(target, ref.id)}>
                      ×
                    </button>
                  </div>
                </div>
                {size && <FitControl target={target} reference={ref} size={size} />}
              </li>
            ))}
          </ol>
        )}
        <p className="drop-hint muted">
          {drop.busy ? 'Adding…' : 'Drop images here (PNG, JPEG, WebP), or '}
          {!drop.busy && (
            <button type="button" className="link" onClick={() => input.current?.click()}>
              choose files…
            </button>
          )}
        </p>
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          multiple
          hidden
          data-testid="reference-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) void onFiles(files).then((problem) => problem && s().pushError(problem));
          }}
        />
        {drop.error && (
          <p className="field-error" role="alert" data-testid="reference-drop-error">
            {drop.error}
          </p>
        )}
      </div>
    </div>
  );
}

/** Cover or contain, and the frame fitted at the model size. */
function FitControl({ target, reference, size }: { target: ReferenceTarget; reference: ReferenceImage; size: string }) {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const [preview, setPreview] = useState<FittedPreview | null>(null);
  const [shown, setShown] = useState(false);
  const { kind, id } = target;

  useEffect(() => {
    if (!shown) return;
    let live = true;
    void store
      .getState()
      .previewReference({ kind, id }, reference.id, size, reference.fit)
      .then((p) => live && setPreview(p));
    return () => {
      live = false;
    };
  }, [shown, store, kind, id, reference.id, reference.fit, size]);

  return (
    <div className="fit-control">
      <div className="segmented small" role="group" aria-label={`Fit of ${reference.name}`}>
        {(['cover', 'contain'] as const).map((fit) => (
          <button
            key={fit}
            type="button"
            aria-pressed={reference.fit === fit}
            data-testid={`fit-${fit}`}
            title={fit === 'cover' ? 'Fill the frame, cropping the overflow' : 'Show the whole image, with bars'}
            onClick={() => void store.getState().setReferenceFit(target, reference.id, fit)}
          >
            {fit}
          </button>
        ))}
      </div>
      <button type="button" className="link small" aria-pressed={shown} data-testid="fit-preview-toggle" onClick={() => setShown((v) => !v)}>
        {shown ? 'Hide' : 'Show'} the frame at {size.replace('x', ' × ')}
      </button>
      {shown && preview && mediaBase && (
        <img className="fit-preview" data-testid="fit-preview" src={mediaUrl(mediaBase, preview.path)} alt={`${reference.name} fitted to ${size} (${preview.fit})`} />
      )}
    </div>
  );
}
