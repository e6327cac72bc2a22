/**
 * The `@` autocomplete's text handling: what is being typed after an `@` at the caret, and
 * inserting the chosen name. Which element a mention means is decided by shared/prompt.
 */
import { ComposeError } from '../../shared/prompt/compose-prompt';
import { findMentions } from '../../shared/prompt/mentions';
import type { Element } from '../../shared/domain';

/** An `@` mention being typed: where its `@` is and the letters typed after it. */
export interface MentionQuery {
  start: number;
  query: string;
}

/** The mention the caret is in, or null. An `@` counts when it starts a word (not in an e-mail). */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const m = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!m) return null;
  const query = m[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Elements whose name starts with (then contains) the query, case-insensitively. */
export function mentionMatches(elements: readonly Element[], query: string, limit = 8): Element[] {
  const q = query.toLowerCase();
  const starts = elements.filter((e) => e.name.toLowerCase().startsWith(q));
  const contains = elements.filter((e) => !starts.includes(e) && e.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** The text with the mention at `query` replaced by `@Name `, and the caret after it. */
export function insertMention(text: string, query: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const rest = text.slice(caret).replace(/^[\p{L}\p{N}_-]*/u, '');
  const next = text.slice(0, query.start) + inserted + rest.replace(/^ /, '');
  return { text: next, caret: query.start + inserted.length };
}

/** Each `@word` in the text, resolved against the library (null when unknown), in order, once each. */
export function mentionChips(text: string, elements: readonly Element[]): Array<{ raw: string; element: Element | null }> {
  const seen = new Set<string>();
  const chips: Array<{ raw: string; element: Element | null }> = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_@])@([\p{L}\p{N}_-]+)/gu)) {
    const raw = m[1] ?? '';
    if (seen.has(raw)) continue;
    seen.add(raw);
    try {
      chips.push({ raw, element: findMentions([`@${raw}`], elements)[0] ?? null });
    } catch (error) {
      if (!(error instanceof ComposeError)) throw error;
      chips.push({ raw, element: null });
    }
  }
  return chips;
}
