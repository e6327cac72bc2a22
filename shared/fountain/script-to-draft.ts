/**
 * Maps a parsed Fountain script to a draft of scenes and shots: pure and deterministic, so the
 * same script always gives the same draft (re-import and the round trip rely on it).
 *
 * - Scene headings start scenes (number from `#n#`, else one more than the scene before);
 *   `=` synopsis lines inside a scene become its synopsis; sections and page breaks are
 *   structure only and are dropped; boneyard never reaches here.
 * - Action becomes shots, split as the user chose (`FountainSplit`).
 * - Dialogue joins the shot before it in the scene (a shot with no action is made when the
 *   scene has none yet), as speaker-labelled lines: `@Mara (V.O.): (quietly) It's still turning.`
 * - Each speaking character becomes a character element; its name in action becomes `@Name`.
 * - A transition sets the transition of the shot before it; notes become the shot's crew notes.
 */
import type { Transition, TransitionKind } from '../domain';
import { MAX_NAME } from '../contract/limits';
import type { ParsedScript, ScriptElement } from './parse-fountain';

/** How action is cut into shots. */
export type FountainSplit = 'paragraph' | 'line' | 'scene';
export const FOUNTAIN_SPLITS: readonly FountainSplit[] = ['paragraph', 'line', 'scene'];

/** Marks the second speaker of dual dialogue in a dialogue line (Fountain writes it as `^`). */
export const DUAL_MARK = 'at the same time';

/** Length of an imported dissolve or fade, in seconds. */
export const SCRIPT_TRANSITION_SECONDS = 1;

export interface DraftShot {
  title: string;
  /** The action, with characters as `@Name`; '' for a shot that only carries dialogue. */
  prompt: string;
  /** One speaker-labelled line per row. */
  dialogue: string;
  /** Crew notes from `[[...]]`, one per row. */
  notes: string;
  /** To the next shot. */
  transition: Transition;
}

export interface DraftScene {
  /**
   * `12`, `4A`: from `#12#`, else one more than the scene before (skipping numbers the script
   * gives). What comes before the first heading is a scene with no heading, numbered the same way.
   */
  number: string;
  /** `INT. LIGHTHOUSE - NIGHT` ('' for what comes before the first heading). */
  heading: string;
  synopsis: string;
  shots: DraftShot[];
}

export interface DraftCharacter {
  /** The element name (`DrJones`), mentioned as `@DrJones`. */
  name: string;
  /** The cue as first written in the script (`DR. JONES`). */
  cue: string;
}

export interface ScriptDraft {
  /** From the title page, or null. */
  name: string | null;
  scenes: DraftScene[];
  characters: DraftCharacter[];
  /** What was read but had nowhere to go (e.g. a note in a scene with no shot). */
  warnings: string[];
}

/** An element already in the project (so names are reused or kept apart). */
export interface ExistingElementName {
  name: string;
  kind: string;
}

/** `DR. JONES` -> `DrJones`: the words of the cue, each capitalised, joined. */
export function characterElementName(cue: string): string {
  const words = cue.match(/[\p{L}\p{N}]+/gu) ?? [];
  const name = words.map((w) => w.charAt(0).toLocaleUpperCase('en') + w.slice(1).toLocaleLowerCase('en')).join('');
  return (name || 'Character').slice(0, MAX_NAME - 4);
}

/** `DrJones` -> `DR JONES`: the cue written back for an element name. */
export function cueForName(name: string): string {
  return name
    .replace(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu, ' ')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLocaleUpperCase('en');
}

/** The transition kind a script transition stands for. */
export function transitionKind(text: string): TransitionKind {
  const t = text.toUpperCase().replace(/\s+/g, ' ').trim();
  if (/^SMASH CUT/.test(t)) return 'cut';
  if (/DISSOLVE/.test(t)) return 'dissolve';
  if (/^(FADE (OUT|TO BLACK|TO WHITE|TO)|CUT TO BLACK|DIP TO)\b/.test(t)) return 'dip';
  return 'cut';
}

function transitionFor(text: string): Transition {
  const kind = transitionKind(text);
  return { kind, seconds: kind === 'cut' ? 0 : SCRIPT_TRANSITION_SECONDS };
}

/** A scene number as the project stores it: capitals, digits, `.` and `-`, at most 16 (`#1a#` -> `1A`). */
export function sceneNumberOf(raw: string): string {
  const n = raw.toUpperCase().replace(/[^0-9A-Z.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 16);
  return n || '1';
}

/** A short title from the action: its first line without mentions' `@`, cut at a word. */
export function shotTitle(prompt: string): string {
  const first = (prompt.split('\n').find((l) => l.trim()) ?? '').replace(/@/g, '').trim();
  if (first.length <= 60) return first;
  const cut = first.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : 60).trim()}...`;
}

const NAME_CHARS = '[\\p{L}\\p{N}_]';
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds a character's cue in action text, written in capitals (`DR. JONES`) or title case (`Dr. Jones`). */
function mentionPattern(cue: string): RegExp | null {
  const words = cue.match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  const sep = "[\\s.'\u2019-]*";
  const upper = words.map((w) => escapeRegExp(w.toLocaleUpperCase('en'))).join(sep);
  const title = words.map((w) => escapeRegExp(w.charAt(0).toLocaleUpperCase('en') + w.slice(1).toLocaleLowerCase('en'))).join(sep);
  return new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${upper}|${title})(?!${NAME_CHARS})`, 'gu');
}

function cueKey(speaker: string): string {
  return characterElementName(speaker).toLowerCase();
}

/** Names each speaking character: stable per cue, reusing an existing character element, apart from other elements. */
function nameCharacters(elements: readonly ScriptElement[], existing: readonly ExistingElementName[]): Map<string, DraftCharacter> {
  const byKey = new Map<string, DraftCharacter>();
  const taken = new Map(existing.map((e) => [e.name.toLowerCase(), e]));
  for (const el of elements) {
    if (el.kind !== 'dialogue') continue;
    const key = cueKey(el.speaker);
    if (byKey.has(key)) continue;
    const base = characterElementName(el.speaker);
    let name = base;
    const same = taken.get(name.toLowerCase());
    if (same && same.kind === 'character') name = same.name;
    else {
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    }
    taken.set(name.toLowerCase(), { name, kind: 'character' });
    byKey.set(key, { name, cue: el.speaker });
  }
  return byKey;
}

/** `@Mara (V.O.): (quietly) It's still turning.` */
function dialogueRows(el: Extract<ScriptElement, { kind: 'dialogue' }>, name: string): string[] {
  const exts = [...el.extensions, ...(el.dual ? [DUAL_MARK] : [])].map((e) => ` (${e})`).join('');
  return el.lines.map((line) => {
    const said = [line.parenthetical ?? '', line.text].filter(Boolean).join(' ');
    return `@${name}${exts}: ${said}`.trimEnd();
  });
}

export interface DraftOptions {
  split?: FountainSplit;
  /** Elements already in the project, so a character is reused by name and others are not taken. */
  existingElements?: readonly ExistingElementName[];
}

/** Maps a parsed script to scenes and shots. */
export function scriptToDraft(script: ParsedScript, options: DraftOptions = {}): ScriptDraft {
  const split = options.split ?? 'paragraph';
  const characters = nameCharacters(script.elements, options.existingElements ?? []);
  const patterns = [...characters.values()]
    .flatMap((c) => {
      // The cue as written and the form export writes back (`DR JONES`), longest first so
      // `DR. JONES` is taken before `JONES`.
      const forms = [...new Set([c.cue, cueForName(c.name)])];
      return forms.map((form) => ({ name: c.name, form, re: mentionPattern(form) }));
    })
    .filter((p): p is { name: string; form: string; re: RegExp } => p.re !== null)
    .sort((a, b) => b.form.length - a.form.length);
  const mention = (text: string): string => patterns.reduce((t, p) => t.replace(p.re, `@${p.name}`), text);

  const scenes: DraftScene[] = [];
  const warnings: string[] = [];
  // Numbers written in the script (`#12#`) are kept; counted numbers step around them.
  const numbers = new Set<string>(script.elements.flatMap((e) => (e.kind === 'heading' && e.number ? [sceneNumberOf(e.number)] : [])));
  let scene: DraftScene | null = null;
  let lastShot: DraftShot | null = null;
  let pendingNotes: string[] = [];

  const newShot = (prompt: string): DraftShot => {
    const s = scene ?? startScene('', nextNumber());
    const shot: DraftShot = { title: shotTitle(prompt), prompt, dialogue: '', notes: '', transition: { kind: 'cut', seconds: 0 } };
    s.shots.push(shot);
    lastShot = shot;
    if (pendingNotes.length) addNotes(shot, pendingNotes);
    pendingNotes = [];
    return shot;
  };
  const currentShot = (): DraftShot => {
    const s = scene;
    return s && s.shots.length ? s.shots[s.shots.length - 1]! : newShot('');
  };
  const addNotes = (shot: DraftShot, notes: readonly string[]): void => {
    if (notes.length) shot.notes = [shot.notes, ...notes].filter(Boolean).join('\n');
  };
  const addDialogue = (shot: DraftShot, rows: readonly string[]): void => {
    if (rows.length) shot.dialogue = [shot.dialogue, ...rows].filter(Boolean).join('\n');
  };
  const closeScene = (): void => {
    if (scene && pendingNotes.length) {
      if (scene.shots.length) addNotes(scene.shots[scene.shots.length - 1]!, pendingNotes);
      else warnings.push(`Scene ${scene.number}: a note with no shot to attach it to was left out: ${pendingNotes.join(' / ')}`);
    }
    pendingNotes = [];
  };
  function startScene(heading: string, number: string): DraftScene {
    closeScene();
    const s: DraftScene = { number, heading, synopsis: '', shots: [] };
    numbers.add(number);
    scenes.push(s);
    scene = s;
    return s;
  }
  const nextNumber = (): string => {
    const last = scenes[scenes.length - 1];
    let n = last ? (Number.parseInt(last.number, 10) || scenes.length) + 1 : 1;
    while (numbers.has(String(n))) n++;
    return String(n);
  };
  const addAction = (text: string, notes: readonly string[]): void => {
    // "FADE IN:" opens the film; it is not a shot.
    if (/^FADE IN:?$/i.test(text.trim())) return;
    const prompt = mention(text);
    if (split === 'scene') {
      const s = scene;
      const shot = s && s.shots.length ? s.shots[0]! : newShot('');
      shot.prompt = [shot.prompt, prompt].filter(Boolean).join('\n\n');
      shot.title = shotTitle(shot.prompt);
      addNotes(shot, notes);
    } else if (split === 'line') {
      const lines = prompt.split('\n').map((l) => l.trim()).filter(Boolean);
      lines.forEach((line, i) => {
        const shot = newShot(line);
        if (i === 0) addNotes(shot, notes);
      });
    } else {
      addNotes(newShot(prompt), notes);
    }
  };

  for (const el of script.elements) {
    switch (el.kind) {
      case 'heading': {
        const written = el.number ? sceneNumberOf(el.number) : null;
        const number = written && !scenes.some((s) => s.number === written) ? written : nextNumber();
        startScene(el.text.slice(0, MAX_NAME), number);
        break;
      }
      case 'action':
        addAction(el.text, el.notes);
        break;
      case 'centered':
        addAction(el.text, []);
        break;
      case 'dialogue': {
        const shot = currentShot();
        addDialogue(shot, dialogueRows(el, characters.get(cueKey(el.speaker))!.name));
        addNotes(shot, el.notes);
        break;
      }
      case 'lyrics':
        addDialogue(currentShot(), el.text.split('\n').map((l) => `~${l.trim()}`));
        break;
      case 'transition':
        if (lastShot) (lastShot as DraftShot).transition = transitionFor(el.text);
        else warnings.push(`The transition "${el.text}" comes before any shot and was left out.`);
        break;
      case 'note':
        if (scene && (scene as DraftScene).shots.length) addNotes(currentShot(), [el.text]);
        else pendingNotes.push(el.text);
        break;
      case 'synopsis':
        if (scene) (scene as DraftScene).synopsis = [(scene as DraftScene).synopsis, el.text].filter(Boolean).join('\n');
        break;
      case 'section':
      case 'pageBreak':
        break;
    }
  }
  closeScene();
  const used = new Set(scenes.flatMap((s) => s.shots.flatMap((sh) => [...`${sh.prompt}\n${sh.dialogue}`.matchAll(/@([\p{L}\p{N}_-]+)/gu)].map((m) => m[1]!))));
  return {
    name: script.title,
    scenes,
    characters: [...characters.values()].filter((c) => used.has(c.name)),
    warnings,
  };
}
