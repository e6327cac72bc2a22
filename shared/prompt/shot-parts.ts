/**
 * Breaks a shot record into the pieces each model family renders: style lines, verbatim element
 * descriptions, camera words, beats, dialogue lines and sound. Pure and deterministic.
 */
import type { Element } from '../domain';
import { CAMERA_MOVES, SHOT_TYPES, findVocabulary, wordsFor } from '../film-vocabulary';
import { plainNames } from './mentions';
import type { ComposeInput, DialogueLine, ShotParts } from './types';

/** The audio bed stated when the shot has no ambience of its own (FILMMAKING rule 12). */
export const DEFAULT_AUDIO_BED = 'quiet room tone';

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return '';
  return /[.!?…"”')\]]$/u.test(t) ? t : `${t}.`;
}

/** `Mara: a woman in her sixties, ...` exactly as in the library (trimmed), every time. */
export function descriptionLine(element: Element): string {
  return sentence(`${element.name}: ${element.description.trim()}`);
}

/** Splits text into sentences (beats). */
export function splitBeats(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses `Speaker: line` dialogue, one line per row; quotes around the line are dropped. */
export function parseDialogue(text: string): DialogueLine[] {
  const lines: DialogueLine[] = [];
  for (const row of text.split(/\n+/)) {
    const r = row.trim();
    if (!r) continue;
    const m = /^([^:"“”]{1,40}?):\s*(.+)$/u.exec(r);
    const speaker = m?.[1]?.trim() || null;
    const said = (m ? (m[2] ?? '') : r).trim().replace(/^["“”']+|["“”']+$/gu, '').trim();
    if (said) lines.push({ speaker, text: said });
  }
  return lines;
}

const AMBIENCE_WORDS =
  /\b(ambien\w*|room tone|atmos\w*|background|wind|rain|traffic|hum|murmur\w*|crowd|birdsong|birds|gulls?|waves|surf|sea|ocean|rumble|distant|city|forest|crickets|silence|quiet|hiss)\b/i;

/** Sound notes split into effects, ambience and exclusions ("no music" -> exclude "music"). */
export function splitSound(text: string): { sfx: string[]; ambience: string[]; exclusions: string[] } {
  const sfx: string[] = [];
  const ambience: string[] = [];
  const exclusions: string[] = [];
  for (const raw of text.split(/\n+|;/)) {
    let note = raw.trim().replace(/[.]+$/, '');
    if (!note) continue;
    const labelled = /^(sfx|effects?|ambien(?:ce|t(?: noise)?)|background(?: sound)?)\s*:\s*(.+)$/i.exec(note);
    if (labelled) {
      note = (labelled[2] ?? '').trim();
      if (/^(sfx|effects?)$/i.test(labelled[1] ?? '')) sfx.push(note);
      else ambience.push(note);
      continue;
    }
    const negated = /^(?:no|without)\s+(.+)$/i.exec(note);
    if (negated) exclusions.push((negated[1] ?? '').trim());
    else if (AMBIENCE_WORDS.test(note)) ambience.push(note);
    else sfx.push(note);
  }
  return { sfx, ambience, exclusions };
}

/** The shot's own exclusions ("text, crowds, lens flare"), one noun phrase each. */
export function avoidList(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((s) => s.trim().replace(/^no\s+/i, ''))
    .filter(Boolean);
}

/** The shot as pieces, with `@Name` written as plain names. */
export function shotParts(input: ComposeInput, mentioned: readonly Element[]): ShotParts {
  const { shot, elements, model } = input;
  const styleLines = [input.style, ...mentioned.filter((e) => e.kind === 'style').map((e) => e.description)]
    .map(sentence)
    .filter(Boolean);
  const descriptions = mentioned.filter((e) => e.kind !== 'style' && e.description.trim()).map(descriptionLine);
  const action = plainNames(shot.prompt.trim(), elements);
  const sound = splitSound(plainNames(shot.soundNotes, elements));
  const ambience = model.audio && sound.ambience.length === 0 ? [DEFAULT_AUDIO_BED] : sound.ambience;
  return {
    styleLines,
    descriptions,
    shotWords: wordsFor(SHOT_TYPES, shot.shotType),
    moveWords: wordsFor(CAMERA_MOVES, shot.cameraMove),
    action,
    beats: splitBeats(action).map(sentence),
    dialogue: parseDialogue(plainNames(shot.dialogue, elements)),
    sfx: sound.sfx,
    ambience,
    exclusions: [...sound.exclusions, ...avoidList(shot.avoid ?? '')],
    audio: model.audio,
    imageAttached: input.imageAttached || Boolean(input.lastFrameAttached),
    shotLabel: findVocabulary(SHOT_TYPES, shot.shotType.trim())?.label ?? shot.shotType.trim(),
    moveLabel: findVocabulary(CAMERA_MOVES, shot.cameraMove.trim())?.label ?? shot.cameraMove.trim(),
  };
}
