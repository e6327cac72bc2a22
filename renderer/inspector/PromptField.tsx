/**
 * The shot's prompt: a text area that saves itself, with `@` autocomplete of the library's
 * elements (arrows to choose, Enter or Tab to insert, Escape to close) and the mentions shown
 * as chips underneath (an unknown name is flagged before anything is sent).
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_TEXT } from '../../shared/contract/limits';
import type { Element } from '../../shared/domain';
import type { AutosaveField } from '../shots/use-autosave-text';
import { insertMention, mentionAt, mentionChips, mentionMatches, type MentionQuery } from './mention-query';

export interface PromptFieldProps {
  field: AutosaveField;
  elements: readonly Element[];
}

export function PromptField({ field, elements }: PromptFieldProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  const matches = useMemo(() => (query ? mentionMatches(elements, query.query) : []), [query, elements]);
  const chips = useMemo(() => mentionChips(field.draft, elements), [field.draft, elements]);
  const open = query !== null && matches.length > 0;

  useLayoutEffect(() => {
    if (pendingCaret.current !== null && area.current) {
      area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  function update(text: string, caret: number) {
    field.change(text);
    setQuery(mentionAt(text, caret));
    setActive(0);
  }

  function choose(element: Element) {
    if (!query || !area.current) return;
    const caret = area.current.selectionStart;
    const next = insertMention(field.draft, query, caret, element.name);
    pendingCaret.current = next.caret;
    field.change(next.text);
    setQuery(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(matches[active] ?? matches[0]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
    }
  }

  return (
    <div className="prompt-field">
      <label htmlFor="shot-prompt-input">Prompt</label>
      <div className="prompt-field-box">
        <textarea
          id="shot-prompt-input"
          ref={area}
          data-testid="shot-prompt"
          rows={5}
          value={field.draft}
          maxLength={MAX_TEXT}
          placeholder="What happens in this shot? Type @ to mention a character, place or prop."
          role="combobox"
          aria-expanded={open}
          aria-controls="mention-list"
          aria-autocomplete="list"
          onChange={(e) => update(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setQuery(null);
            field.flush();
          }}
        />
        {open && (
          <ul className="mention-list" id="mention-list" role="listbox" data-testid="mention-list">
            {matches.map((element, i) => (
              <li
                key={element.id}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'is-active' : undefined}
                data-testid="mention-option"
                // mousedown, not click: the text area must not lose its caret first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(element);
                }}
              >
                <span className={`kind-dot kind-${element.kind}`} aria-hidden="true" />@{element.name}
                <span className="muted"> {element.kind}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {chips.length > 0 && (
        <ul className="mention-chips" aria-label="Mentioned elements" data-testid="mention-chips">
          {chips.map((chip) => (
            <li
              key={chip.raw}
              className={`chip${chip.element ? ` kind-${chip.element.kind}` : ' is-unknown'}`}
              data-testid="mention-chip"
              title={chip.element ? chip.element.description || chip.element.kind : 'Not in the library: add it, or fix the spelling'}
            >
              @{chip.element?.name ?? chip.raw}
              {!chip.element && ' ?'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
