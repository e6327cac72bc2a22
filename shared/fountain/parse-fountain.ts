/**
 * Reads a Fountain screenplay (https://fountain.io/syntax) into a typed list of script elements.
 *
 * The tokenizing is fountain-js's (pure JavaScript, no Node built-ins, so it runs in main and in
 * the page). This module owns what fountain-js leaves to its callers: refusing text that is not a
 * screenplay (with the line that shows it), splitting a cue into name and extensions, pairing
 * parentheticals with their lines, telling a forced heading from a plain one, and taking notes
 * (`[[...]]`) out of action and dialogue, where fountain-js leaves them inline (it only makes a
 * note of a single-line paragraph that is nothing but a note).
 */
import { Fountain, Lexer } from 'fountain-js';

/** Largest script read, in bytes (a feature film is about 200 KB). */
export const MAX_FOUNTAIN_BYTES = 5 * 1024 * 1024;

/** A script that cannot be read, with the 1-based line that shows it where there is one. */
export class FountainError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'FountainError';
  }
}

/** One spoken line: an optional parenthetical (`(quietly)`) and what is said ('' for a lone parenthetical). */
export interface SpokenLine {
  parenthetical: string | null;
  text: string;
}

/** One element of the script body, in reading order. */
export type ScriptElement =
  | { kind: 'heading'; text: string; number: string | null; forced: boolean }
  | { kind: 'action'; text: string; notes: string[] }
  | { kind: 'centered'; text: string }
  | {
      kind: 'dialogue';
      /** The cue without its extensions, as written (`DR. JONES`). */
      speaker: string;
      /** `V.O.`, `O.S.`, `CONT'D`..., without parentheses, in order. */
      extensions: string[];
      /** True for the second speaker of dual dialogue (the cue written with `^`). */
      dual: boolean;
      lines: SpokenLine[];
      notes: string[];
    }
  | { kind: 'lyrics'; text: string }
  | { kind: 'transition'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'section'; text: string; depth: number }
  | { kind: 'synopsis'; text: string }
  | { kind: 'pageBreak' };

export interface ParsedScript {
  /** The title page's Title, as plain text (markup and line breaks removed), or null. */
  title: string | null;
  /** Every title-page key (lower case, `draft_date`) with its value. */
  titlePage: Record<string, string>;
  elements: ScriptElement[];
}

const NOTE = /\[\[([\s\S]*?)\]\]/g;
const PLAIN_HEADING = /^(?:\*{0,3}_?)?(?:(?:int|i)\.?\/(?:ext|e)|int|ext|est)[. ]/i;

/** `text` without its `[[notes]]`, and the notes. */
export function takeNotes(text: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  const rest = text.replace(NOTE, (_, note: string) => {
    const n = note.replace(/\s+/g, ' ').trim();
    if (n) notes.push(n);
    return '';
  });
  if (!notes.length) return { text: text.trim(), notes };
  // Where a note sat mid-line, the spaces on both sides of it close up into one.
  return {
    text: rest
      .split('\n')
      .map((l) => l.replace(/(\S)[ \t]{2,}/g, '$1 ').trimEnd())
      .join('\n')
      .trim(),
    notes,
  };
}

/** Refuses what is not a screenplay: empty, too big, binary, or not UTF-8 text. */
function checkText(text: string): string {
  if (text.length > MAX_FOUNTAIN_BYTES) {
    throw new FountainError(`the script is larger than ${MAX_FOUNTAIN_BYTES / 1024 / 1024} MB; a screenplay is plain text of a few hundred KB`);
  }
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // eslint-disable-next-line no-control-regex
    if (/[\0-\x08\x0b\x0e-\x1f\x7f]/.test(line)) {
      throw new FountainError('this is not a screenplay: the file holds binary data (control characters); a Fountain script is plain text', i + 1);
    }
    if (line.includes('\uFFFD')) {
      throw new FountainError('this is not UTF-8 text (a character could not be decoded); save the script as UTF-8', i + 1);
    }
  }
  if (!source.trim()) throw new FountainError('the script is empty');
  return stripBoneyard(source);
}

/**
 * Removes the boneyard (`/* ... *\/`) before fountain-js sees it, as fountain-js would (a
 * boneyard that ends at the start of a line leaves a paragraph break), except that one cut out of
 * the middle of a line leaves one space, not two.
 */
function stripBoneyard(source: string): string {
  return source.replace(/([^\S\n]*)\/\*[\s\S]*?\*\/([^\S\n]*)/g, (match: string, before: string, after: string) => {
    if (/^[^\S\n]*\*\//m.test(match.slice(before.length))) return '\n\n';
    return before && after ? ' ' : before + after;
  });
}

/** Splits `MARA (V.O.) (CONT'D)` into the name and its extensions. */
function splitCue(cue: string): { speaker: string; extensions: string[] } {
  const clean = cue.replace(/[*_]+/g, ' ').trim();
  const open = clean.indexOf('(');
  const speaker = (open < 0 ? clean : clean.slice(0, open)).trim();
  const extensions = [...clean.slice(open < 0 ? clean.length : open).matchAll(/\(([^)]*)\)/g)]
    .map((m) => m[1]!.trim())
    .filter(Boolean);
  return { speaker, extensions };
}

/** Parses a Fountain script. Throws FountainError for text that is not one. */
export function parseFountain(text: string): ParsedScript {
  const source = checkText(text);
  // fountain-js keeps the dual-dialogue state of its last parse in a static field; a script
  // that ended on dual dialogue would otherwise mark the next script's last cue as dual.
  (Lexer as unknown as { lastLineWasDualDialogue: boolean }).lastLineWasDualDialogue = false;
  let script: ReturnType<Fountain['parse']>;
  try {
    script = new Fountain().parse(source, true);
  } catch (error) {
    // fountain-js 1.2.4 fails on a few shapes (a dialogue block whose first line is a `~` lyric).
    throw new FountainError(
      `the script could not be read (${String((error as Error).message).split('\n')[0]}); a dialogue block that starts with a ~lyric line is one known cause: put the lyric in its own paragraph`,
    );
  }
  const titlePage: Record<string, string> = {};
  const elements: ScriptElement[] = [];
  let dialogue: Extract<ScriptElement, { kind: 'dialogue' }> | null = null;
  let pendingParenthetical: string | null = null;

  for (const token of script.tokens) {
    const raw = token.text ?? '';
    if (token.is_title) {
      titlePage[token.type] = raw;
      continue;
    }
    switch (token.type) {
      case 'scene_heading':
        elements.push({
          kind: 'heading',
          text: raw.trim(),
          number: token.scene_number ?? null,
          forced: !PLAIN_HEADING.test(raw.trim()),
        });
        break;
      case 'action': {
        const { text: action, notes } = takeNotes(raw);
        if (action) elements.push({ kind: 'action', text: action, notes });
        else for (const note of notes) elements.push({ kind: 'note', text: note });
        break;
      }
      case 'centered':
        elements.push({ kind: 'centered', text: raw.trim() });
        break;
      case 'transition':
        // fountain-js reads a forced action that ends in "TO:" (`!CUT TO:`) as a transition.
        if (raw.trim().startsWith('!')) elements.push({ kind: 'action', text: raw.trim().slice(1), notes: [] });
        else elements.push({ kind: 'transition', text: raw.trim() });
        break;
      case 'note':
        elements.push({ kind: 'note', text: raw.replace(/\s+/g, ' ').trim() });
        break;
      case 'section':
        elements.push({ kind: 'section', text: raw.trim(), depth: token.depth ?? 1 });
        break;
      case 'synopsis':
        elements.push({ kind: 'synopsis', text: raw.trim() });
        break;
      case 'page_break':
        elements.push({ kind: 'pageBreak' });
        break;
      case 'lyrics':
        if (dialogue) dialogue.lines.push({ parenthetical: null, text: raw.split('\n').map((l) => `~${l.trim()}`).join('\n') });
        else elements.push({ kind: 'lyrics', text: raw.trim() });
        break;
      case 'dialogue_begin':
        dialogue = { kind: 'dialogue', speaker: '', extensions: [], dual: token.dual === 'right', lines: [], notes: [] };
        pendingParenthetical = null;
        break;
      case 'character':
        if (dialogue) Object.assign(dialogue, splitCue(raw));
        break;
      case 'parenthetical':
        if (dialogue) {
          if (pendingParenthetical !== null) dialogue.lines.push({ parenthetical: pendingParenthetical, text: '' });
          pendingParenthetical = raw.trim();
        }
        break;
      case 'dialogue':
        if (dialogue) {
          const { text: said, notes } = takeNotes(raw);
          dialogue.notes.push(...notes);
          if (said || pendingParenthetical !== null) {
            dialogue.lines.push({ parenthetical: pendingParenthetical, text: said.replace(/\s*\n\s*/g, ' ') });
          }
          pendingParenthetical = null;
        }
        break;
      case 'dialogue_end':
        if (dialogue) {
          if (pendingParenthetical !== null) dialogue.lines.push({ parenthetical: pendingParenthetical, text: '' });
          if (dialogue.speaker) elements.push(dialogue);
        }
        dialogue = null;
        pendingParenthetical = null;
        break;
      default:
        // spaces, dual_dialogue_begin/end (the `dual` flag on the cue carries it), boneyard
        // (fountain-js removes it before tokenizing).
        break;
    }
  }

  const hasScript = elements.some((e) => e.kind === 'heading' || e.kind === 'dialogue' || e.kind === 'transition');
  if (!hasScript && !script.title) {
    throw new FountainError(
      'this does not look like a screenplay: no scene heading (INT. / EXT. / a line starting with "."), no dialogue and no title page',
      1,
    );
  }
  const title = script.title.replace(/\s+/g, ' ').trim();
  return { title: title || null, titlePage, elements };
}
