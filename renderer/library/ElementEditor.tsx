/**
 * Creating and editing an element: kind, name (one word, used as @Name), description (written
 * verbatim into every prompt that mentions it), images, and for a real person the consent
 * record (who, when, scope) that must exist before their likeness goes to any provider.
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/contract-call-error';
import { MAX_NAME } from '../../shared/contract/limits';
import type { Element, ElementKind } from '../../shared/domain';
import { ReferenceList } from '../inspector/ReferenceList';
import { AutosaveTextArea } from '../shots/AutosaveTextArea';
import { useAutosaveText } from '../shots/use-autosave-text';
import { useApp, useAppStore } from '../state/store-context';

const KIND_OPTIONS: Array<[ElementKind, string]> = [
  ['character', 'Character'],
  ['place', 'Place'],
  ['prop', 'Prop'],
  ['style', 'Style'],
];

export function NewElementForm() {
  const store = useAppStore();
  const [kind, setKind] = useState<ElementKind>('character');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await store.getState().addElement(kind, name.trim());
    setBusy(false);
    if ('error' in result) setError(errorMessage(result.error));
  }

  return (
    <form className="element-editor" onSubmit={(e) => void submit(e)} data-testid="element-new-form">
      <div className="field-row">
        <KindSelect testId="element-new-kind" value={kind} onChange={setKind} />
        <label>
          Name
          <input
            data-testid="element-new-name"
            value={name}
            maxLength={MAX_NAME}
            placeholder="Mara"
            autoFocus
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="element-new-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => store.getState().editElement(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="element-new-submit" disabled={busy || !name.trim()}>
          Create
        </button>
      </div>
    </form>
  );
}

export function ElementEditor({ element }: { element: Element }) {
  const store = useAppStore();
  const update = useApp((s) => s.updateElement);
  const id = element.id;
  const name = useAutosaveText({
    stored: element.name,
    validate: (v) => (/^[\p{L}\p{N}_-]+$/u.test(v.trim()) ? null : 'One word (letters, digits, _ or -), so it can be written as @Name.'),
    save: async (v) => (await update(id, { name: v.trim() })) !== null,
  });
  const description = useAutosaveText({ stored: element.description, save: async (v) => (await update(id, { description: v })) !== null });
  const consent = element.consent ?? { consentedBy: '', date: new Date().toISOString().slice(0, 10), scope: '' };
  const [draftConsent, setDraftConsent] = useState(consent);
  const consentComplete = draftConsent.consentedBy.trim() !== '' && /^\d{4}-\d{2}-\d{2}/.test(draftConsent.date) && draftConsent.scope.trim() !== '';

  return (
    <div className="element-editor" data-testid="element-editor">
      <div className="field-row">
        <KindSelect testId="element-kind" value={element.kind} onChange={(k) => void update(id, { kind: k })} />
        <label>
          Name
          <input
            data-testid="element-name"
            value={name.draft}
            maxLength={MAX_NAME}
            aria-invalid={name.error ? 'true' : undefined}
            onChange={(e) => name.change(e.target.value)}
            onBlur={name.flush}
          />
        </label>
      </div>
      {name.error && <p className="field-error">{name.error}</p>}
      <AutosaveTextArea label={<>Description (written into every prompt that mentions @{element.name})</>} testId="element-description" field={description} rows={3} placeholder="A lighthouse keeper in her sixties, grey braid, yellow oilskin coat" />
      <ReferenceList target={{ kind: 'element', id }} references={element.images} />
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="element-real-person"
          checked={element.realPerson}
          onChange={(e) => void update(id, { realPerson: e.target.checked, ...(e.target.checked ? {} : { consent: null }) })}
        />
        This is a real, identifiable person
      </label>
      {element.realPerson && (
        <fieldset className="consent" data-testid="element-consent">
          <legend>Consent {element.consent ? <span className="badge">recorded</span> : <span className="badge is-warning">required</span>}</legend>
          <label>
            Given by
            <input
              data-testid="consent-by"
              value={draftConsent.consentedBy}
              onChange={(e) => setDraftConsent({ ...draftConsent, consentedBy: e.target.value })}
            />
          </label>
          <label>
            Date
            <input data-testid="consent-date" type="date" value={draftConsent.date.slice(0, 10)} onChange={(e) => setDraftConsent({ ...draftConsent, date: e.target.value })} />
          </label>
          <label>
            Scope
            <input
              data-testid="consent-scope"
              value={draftConsent.scope}
              placeholder="Previs for the Lighthouse spot, internal use"
              onChange={(e) => setDraftConsent({ ...draftConsent, scope: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="primary"
            data-testid="consent-save"
            disabled={!consentComplete}
            onClick={() => void update(id, { consent: { ...draftConsent, consentedBy: draftConsent.consentedBy.trim(), scope: draftConsent.scope.trim() } })}
          >
            Record consent
          </button>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="button" className="danger" data-testid="element-delete" onClick={() => void store.getState().deleteElement(id)}>
          Delete @{element.name}
        </button>
        <button type="button" onClick={() => store.getState().editElement(null)}>
          Done
        </button>
      </div>
    </div>
  );
}

/** Character, place, prop or style. */
function KindSelect(props: { testId: string; value: ElementKind; onChange: (kind: ElementKind) => void }) {
  return (
    <label>
      Kind
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value as ElementKind)}>
        {KIND_OPTIONS.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
