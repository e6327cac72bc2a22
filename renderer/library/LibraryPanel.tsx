/**
 * The element library: characters, places, props and the style, with their images. Click one
 * to edit it; drop images on it to add them; "+ New" creates one. Each shows how many shots
 * mention it, and can have a reference sheet made for it.
 */
import { useCallback, useMemo } from 'react';
import type { Element, ElementKind } from '../../shared/domain';
import { dropOnElement } from '../dnd/drop-actions';
import { useFileDrop } from '../dnd/use-file-drop';
import { mediaUrl } from '../features/player/media-url';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';
import { ElementEditor, NewElementForm } from './ElementEditor';
import { SheetButton } from './SheetButton';
import { shotsMentioning } from './element-usage';
import './library.css';

export const KIND_LABELS: Record<ElementKind, string> = { character: 'Characters', place: 'Places', prop: 'Props', style: 'Style' };
const KINDS: ElementKind[] = ['character', 'place', 'prop', 'style'];

export function LibraryPanel() {
  const elements = useAppShallow((s) => s.elements);
  const editing = useApp((s) => s.editingElementId);
  const editElement = useApp((s) => s.editElement);
  const current = elements.find((e) => e.id === editing) ?? null;

  return (
    <aside className="library" aria-label="Library" data-testid="library">
      <div className="panel-head">
        <h2>Library</h2>
        <button type="button" className="small" data-testid="element-new" onClick={() => editElement('new')}>
          + New
        </button>
      </div>
      {editing === 'new' && <NewElementForm />}
      {current && <ElementEditor key={current.id} element={current} />}
      {elements.length === 0 && editing !== 'new' ? (
        <p className="muted library-empty">
          Characters, places and props you mention as <code>@Name</code> look the same in every shot. Add the first one.
        </p>
      ) : (
        KINDS.map((kind) => {
          const ofKind = elements.filter((e) => e.kind === kind);
          if (ofKind.length === 0) return null;
          return (
            <section key={kind} className="library-group">
              <h3>{KIND_LABELS[kind]}</h3>
              <ul>
                {ofKind.map((e) => (
                  <ElementRow key={e.id} element={e} selected={e.id === editing} />
                ))}
              </ul>
            </section>
          );
        })
      )}
    </aside>
  );
}

function ElementRow({ element, selected }: { element: Element; selected: boolean }) {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const { shots, elements } = useAppShallow((s) => ({ shots: s.shots, elements: s.elements }));
  const usage = useMemo(() => shotsMentioning(element, shots, elements), [element, shots, elements]);
  const drop = useFileDrop(useCallback((files: File[]) => dropOnElement(store.getState(), element.id, files), [store, element.id]));
  const image = element.images[0];

  return (
    <li
      className={`element-row${selected ? ' is-selected' : ''}${drop.over ? ' is-drop-target' : ''}`}
      data-testid="element-row"
      data-element-name={element.name}
      {...drop.handlers}
    >
      <button type="button" className="element-row-main" onClick={() => store.getState().editElement(selected ? null : element.id)}>
        <span className="element-thumb">
          {image && mediaBase ? <img src={mediaUrl(mediaBase, image.path)} alt="" /> : <span className={`kind-dot kind-${element.kind}`} />}
        </span>
        <span className="element-text">
          <span className="element-name">
            @{element.name}
            {element.realPerson && (
              <span className={`badge${element.consent ? '' : ' is-warning'}`} title={element.consent ? 'Real person, consent recorded' : 'Real person: record consent before generating'}>
                {element.consent ? 'consent' : 'no consent'}
              </span>
            )}
          </span>
          <span className="muted small" data-testid="element-usage">
            {usage.length === 0 ? 'not in any shot' : `shot${usage.length > 1 ? 's' : ''} ${usage.join(', ')}`}
          </span>
        </span>
      </button>
      <SheetButton element={element} />
      {drop.error && (
        <p className="field-error small" role="alert" data-testid="element-drop-error">
          {drop.error}
        </p>
      )}
    </li>
  );
}
