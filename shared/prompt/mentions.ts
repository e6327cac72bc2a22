/** `@Name` mentions: finding them, resolving them against the library, writing plain names. */
import type { Element } from '../domain';

/** Thrown when a shot mentions an element the library does not have. */
export class ComposeError extends Error {
  constructor(
    message: string,
    /** The unknown names, without the `@`, in order of appearance. */
    readonly unknownNames: string[],
  ) {
    super(message);
    this.name = 'ComposeError';
  }
}

// An `@` that starts a word (so e-mail addresses are not mentions), then the name characters
// allowed by the element schema: letters, digits, `_` and `-`.
const MENTION = /(?<![\p{L}\p{N}_@])@([\p{L}\p{N}_-]+)/gu;

function resolve(raw: string, elements: readonly Element[]): Element | undefined {
  // A trailing `-`/`_` is punctuation more often than part of a name ("@Mara-").
  for (const name of [raw, raw.replace(/[-_]+$/u, '')]) {
    const exact = elements.find((e) => e.name === name);
    if (exact) return exact;
    const folded = elements.filter((e) => e.name.toLowerCase() === name.toLowerCase());
    if (folded.length === 1) return folded[0];
  }
  return undefined;
}

/**
 * The elements mentioned across `texts`, in order of first mention. Throws ComposeError naming
 * every unknown mention.
 */
export function findMentions(texts: readonly string[], elements: readonly Element[]): Element[] {
  const found: Element[] = [];
  const unknown: string[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(MENTION)) {
      const raw = m[1] ?? '';
      const el = resolve(raw, elements);
      if (!el) {
        if (!unknown.includes(raw)) unknown.push(raw);
      } else if (!found.includes(el)) {
        found.push(el);
      }
    }
  }
  if (unknown.length) {
    const names = unknown.map((n) => `@${n}`).join(', ');
    const known = elements.length ? ` Known elements: ${elements.map((e) => `@${e.name}`).join(', ')}.` : ' The library is empty.';
    throw new ComposeError(
      `The shot mentions ${names}, which ${unknown.length > 1 ? 'are' : 'is'} not in the element library; add ${unknown.length > 1 ? 'them' : 'it'} or fix the spelling.${known}`,
      unknown,
    );
  }
  return found;
}

/** The text with every known `@Name` written as the element's plain name. */
export function plainNames(text: string, elements: readonly Element[]): string {
  return text.replace(MENTION, (whole, raw: string) => {
    const el = resolve(raw, elements);
    if (!el) return whole;
    // Keep punctuation that was matched as part of the name ("@Mara-" -> "Mara-").
    return el.name.length < raw.length ? el.name + raw.slice(el.name.length) : el.name;
  });
}
