/**
 * Checks a shot against what models handle badly (FILMMAKING.md): crowds, stacked camera moves,
 * long dialogue, on-screen text, parameters written as prose, negations, transitions in prose.
 * Warnings never stop generation; each says what to change.
 */
import type { Element } from '../domain';
import { avoidList } from './shot-parts';
import type { ComposeInput, ShotParts } from './types';

/** Words per second of speech that fit in a clip: 12 words per 4 s (FILMMAKING rule 11). */
export const DIALOGUE_WORDS_PER_SECOND = 3;
/** Most featured characters a shot should have (rule 6). */
export const MAX_FEATURED_CHARACTERS = 2;
/** Beats per 4 s of clip (rule 3: one or two). */
export const BEATS_PER_4S = 2;

// Camera moves written into the action; a cooking "pan" does not count, "pans left" does.
const CAMERA_IN_TEXT =
  /\b(?:(?:camera|we|lens)\s+(?:slowly\s+)?(?:pans?|tilts?|dollies|dolly|zooms?|cranes?|orbits?|circles?|trucks?|tracks?|pushes|pulls|rises|lowers|follows|moves|glides|swoops)|whip[- ]pan|dolly[- ]zoom|push[- ]in|pull[- ]back|pull[- ]out|crane shot|tracking shot|zooms?\s+(?:in|out)|pans?\s+(?:left|right|across)|tilts?\s+(?:up|down)|handheld|orbit(?:s|ing)?\s+around|fpv)\b/gi;

const ON_SCREEN_TEXT =
  /\b(on-screen text|subtitles?|captions?|title card|lower third|lettering|text (?:that )?(?:reads|says)|(?:sign|note|banner|poster|screen|headline|label|board|letter)s?\s+(?:that\s+)?(?:reads?|says|saying|reading|with the words))\b/i;

const PARAMETERS_IN_TEXT = /\b(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)\b|\d{3,4}\s*x\s*\d{3,4}|16:9|9:16|4:3|1:1|720p|1080p|4k|sora[- ]?2|veo[- ]?\d)/i;

const NEGATION = /\b(no|don't|do not|never|avoid)\b/i;

const TRANSITION_IN_TEXT = /\b(dissolves? (?:to|into)|fades? (?:to|out|in)|cut to|match cut|smash cut|j-cut|l-cut|wipes? to)\b/i;

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const fmt = (n: number): string => String(Math.round(n * 10) / 10);

/** Every warning for the shot, in a stable order. */
export function shotWarnings(input: ComposeInput, parts: ShotParts, mentioned: readonly Element[]): string[] {
  const out: string[] = [];
  const { shot, model } = input;
  const action = parts.action;

  if (!input.style.trim() && model.promptFamily !== 'animatic') {
    out.push('The project has no style line; set one in the project settings so every shot shares the same look.');
  }

  const characters = mentioned.filter((e) => e.kind === 'character');
  if (characters.length > MAX_FEATURED_CHARACTERS) {
    out.push(
      `This shot features ${characters.length} characters (${characters.map((c) => c.name).join(', ')}); models keep at most ${MAX_FEATURED_CHARACTERS} consistent. Keep two in focus and leave the others as soft background, or split the shot.`,
    );
  }

  for (const el of mentioned) {
    if (!el.description.trim()) {
      out.push(`${el.name} has no description: a name alone carries nothing between requests. Describe ${el.name} in the library.`);
    }
  }

  const movesInText = [...new Set([...action.matchAll(CAMERA_IN_TEXT)].map((m) => m[0].toLowerCase()))];
  if ((parts.moveWords && movesInText.length > 0) || movesInText.length > 1) {
    const listed = [parts.moveWords && `"${parts.moveWords}" (camera move)`, ...movesInText.map((m) => `"${m}" (in the action)`)].filter(Boolean);
    out.push(`Camera moves are stacked: ${listed.join(', ')}. Models follow one move per shot: keep one, or split the shot.`);
  }

  const beatsFit = Math.max(BEATS_PER_4S, Math.ceil((shot.seconds / 4) * BEATS_PER_4S));
  if (parts.beats.length > beatsFit) {
    out.push(
      `The action has ${parts.beats.length} beats for ${fmt(shot.seconds)} s; about ${beatsFit} fit. Split the shot or cut beats.`,
    );
  }

  const spoken = parts.dialogue.reduce((n, l) => n + words(l.text), 0);
  if (spoken > 0) {
    const fit = Math.floor(shot.seconds * DIALOGUE_WORDS_PER_SECOND);
    if (!model.audio && model.promptFamily !== 'animatic') {
      out.push('This model makes no sound: the dialogue is left out of the prompt. Pick a model with audio, or add the lines in the edit.');
    } else if (model.audio && spoken > fit) {
      out.push(
        `The dialogue has ${spoken} words; a ${fmt(shot.seconds)} s clip fits about ${fit} (5-12 words per 4 s). Shorten the lines or split the shot.`,
      );
    }
  }

  const texts = [action, shot.soundNotes];
  if (ON_SCREEN_TEXT.test(action)) {
    out.push('The action asks for on-screen text; models garble anything longer than a few letters. Add titles and signs as overlays in the app instead.');
  }
  const param = texts.map((t) => PARAMETERS_IN_TEXT.exec(t)?.[0]).find(Boolean);
  if (param) {
    out.push(`The text mentions "${param}": duration, size and model are set in the shot's fields, not in the prose. Remove it from the text.`);
  }
  if (TRANSITION_IN_TEXT.test(action)) {
    out.push('The action describes a transition; transitions are made on the timeline, not by the model. Set it in the shot\'s transition instead.');
  }
  if (NEGATION.test(action)) {
    out.push(
      model.negativePrompt
        ? 'The action says what should not happen; a "no" in the prompt often brings the thing in. Describe what happens instead (exclusions in sound notes as "no music" go to the negative prompt).'
        : 'The action says what should not happen; a "no" in the prompt often brings the thing in. Describe it positively ("locked camera", "empty street").',
    );
  }
  const avoid = avoidList(input.shot.avoid ?? '');
  if (avoid.length && !model.negativePrompt) {
    out.push(`"Avoid" (${avoid.join(', ')}) is not sent: this model has no negative-prompt field. Describe what the frame shows instead.`);
  }
  // The sound notes' exclusions come first in the list, the shot's own "avoid" after them.
  const soundExclusions = parts.exclusions.slice(0, parts.exclusions.length - avoid.length);
  if (soundExclusions.length && model.audio && !model.negativePrompt) {
    out.push(
      `"${soundExclusions.map((e) => `no ${e}`).join('", "')}" was left out: this model has no negative-prompt field. Describe the sound you want instead.`,
    );
  }
  return out;
}
