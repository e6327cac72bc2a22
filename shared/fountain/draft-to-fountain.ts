/**
 * Writes scenes and shots back as a Fountain screenplay: title page, scene headings with their
 * `#number#`, synopses, action from the prompts (with `@Name` written as the character's cue),
 * crew notes as `[[notes]]`, dialogue blocks (extensions, parentheticals, dual dialogue `^`) and
 * transitions. Reading the result with `scriptToDraft` gives the same draft back (tested).
 */
import { Lexer } from 'fountain-js';
import type { Transition } from '../domain';
import { characterElementName, cueForName, DUAL_MARK } from './script-to-draft';

/** What the writer needs: a ScriptDraft is one, and so is a project mapped to this shape. */
export interface FountainSource {
  name: string | null;
  scenes: readonly {
    number: string;
    heading: string;
    synopsis: string;
    shots: readonly { prompt: string; dialogue: string; notes: string; transition: Transition }[];
  }[];
  /** Character elements; `cue` is how the script wrote the name, where known. */
  characters: readonly { name: string; cue?: string }[];
}

const PLAIN_HEADING = /^(?:\*{0,3}_?)?(?:(?:int|i)\.?\/(?:ext|e)|int|ext|est)[. ]/i;
const MENTION = /(?<![\p{L}\p{N}_@])@([\p{L}\p{N}_-]+)/gu;
const LABELLED = /^@([\p{L}\p{N}_-]+)((?:\s*\([^)]*\))*)\s*:\s*(.*)$/u;
const PLAIN_LABEL = /^([^:"“”]{1,40}?):\s*(.*)$/u;
const PARENTHETICAL = /^(\([^)]*\))\s*(.*)$/;

/** True when fountain-js reads `paragraph` alone as one action with the same text. */
function readsAsAction(paragraph: string): boolean {
  const tokens = Lexer.tokenizeScript(paragraph);
  return tokens.length === 1 && tokens[0]!.type === 'action' && tokens[0]!.text === paragraph;
}

interface Block {
  cue: string;
  lines: string[];
}

/** Scenes and shots as a Fountain screenplay (LF line ends, ending with a newline). */
export function draftToFountain(source: FountainSource): string {
  const cues = new Map<string, string>();
  for (const c of source.characters) {
    cues.set(c.name.toLowerCase(), c.cue && characterElementName(c.cue) === c.name ? c.cue.toUpperCase() : cueForName(c.name));
  }
  const cueOf = (name: string): string => cues.get(name.toLowerCase()) ?? cueForName(name);
  const unmention = (text: string): string =>
    text.replace(MENTION, (whole, name: string) => (cues.has(name.toLowerCase()) ? cueOf(name) : name));

  const out: string[] = [];
  const paragraph = (text: string): void => {
    out.push(text, '');
  };
  if (source.name) paragraph(`Title: ${source.name}`);

  source.scenes.forEach((scene, index) => {
    if (scene.heading || index > 0) {
      const heading = scene.heading || `SCENE ${scene.number}`;
      const forced = PLAIN_HEADING.test(heading) ? heading : `.${heading}`;
      paragraph(`${forced}${scene.number ? ` #${scene.number}#` : ''}`);
    }
    for (const line of scene.synopsis.split('\n').filter((l) => l.trim())) paragraph(`= ${line.trim()}`);
    for (const shot of scene.shots) {
      const notes = shot.notes.split('\n').filter((l) => l.trim()).map((n) => `[[${n.trim()}]]`);
      if (shot.prompt.trim()) {
        for (const para of unmention(shot.prompt).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
          paragraph(readsAsAction(para) ? para : `!${para}`);
        }
      }
      for (const note of notes) paragraph(note);
      writeDialogue(shot.dialogue, cueOf, unmention, paragraph);
      if (shot.transition.kind === 'dissolve') paragraph('DISSOLVE TO:');
      else if (shot.transition.kind === 'dip') paragraph('FADE TO BLACK.');
    }
  });
  while (out.length && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function writeDialogue(
  dialogue: string,
  cueOf: (name: string) => string,
  unmention: (text: string) => string,
  paragraph: (text: string) => void,
): void {
  const blocks: Block[] = [];
  let block: Block | null = null;
  for (const raw of dialogue.split('\n')) {
    const row = raw.trim();
    if (!row) continue;
    if (row.startsWith('~')) {
      if (block) block.lines.push(row);
      else paragraph(row);
      continue;
    }
    let cue: string;
    let said: string;
    const labelled = LABELLED.exec(row);
    const plain = labelled ? null : PLAIN_LABEL.exec(row);
    if (labelled) {
      const exts = [...labelled[2]!.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.trim());
      const dual = exts.includes(DUAL_MARK);
      const shown = exts.filter((e) => e !== DUAL_MARK).map((e) => ` (${e})`).join('');
      cue = `${cueOf(labelled[1]!)}${shown}${dual ? ' ^' : ''}`;
      said = labelled[3]!;
    } else if (plain) {
      const speaker = unmention(plain[1]!.trim());
      cue = speaker === speaker.toUpperCase() ? speaker : `@${speaker}`;
      said = plain[2]!;
    } else {
      cue = 'VOICE';
      said = row;
    }
    if (!block || block.cue !== cue) {
      block = { cue, lines: [] };
      blocks.push(block);
    }
    const p = PARENTHETICAL.exec(said);
    if (p) {
      block.lines.push(p[1]!);
      if (p[2]) block.lines.push(unmention(p[2]));
    } else block.lines.push(unmention(said));
  }
  for (const b of blocks) paragraph([b.cue, ...b.lines].join('\n'));
}
