/**
 * The prompt composer: one shot record in, the exact text sent to a model out. Pure and
 * deterministic (same input, same output), so the same element reads the same words in every
 * shot: style line first, each mentioned element's description verbatim, `@Name` written as the
 * plain name, the camera and sound in the form each model family expects (FILMMAKING.md).
 */
import { findMentions } from './mentions';
import { pickReferenceImages } from './reference-images';
import { BASE_NEGATIVE, RENDERERS, WAN_NEGATIVE } from './render-families';
import { shotParts } from './shot-parts';
import { shotWarnings } from './shot-warnings';
import type { ComposeInput, ComposedPrompt } from './types';

/**
 * Composes the prompt for one shot. Throws ComposeError (with `unknownNames`) when the shot
 * mentions an element the library does not have.
 */
export function composePrompt(input: ComposeInput): ComposedPrompt {
  const { shot, elements, model } = input;
  const mentioned = findMentions([shot.prompt, shot.dialogue, shot.soundNotes], elements);
  const parts = shotParts(input, mentioned);
  const prompt = RENDERERS[model.promptFamily](parts);
  const refs = pickReferenceImages(input, mentioned);
  const warnings = [...shotWarnings(input, parts, mentioned), ...refs.warnings];

  const result: ComposedPrompt = { prompt, mentioned, warnings, referenceImages: refs.images };
  if (model.negativePrompt) {
    const nouns = [...BASE_NEGATIVE, ...(model.promptFamily === 'wan' ? WAN_NEGATIVE : []), ...parts.exclusions];
    // Case-insensitive de-duplication keeps the first spelling.
    const seen = new Set<string>();
    result.negativePrompt = nouns
      .filter((n) => {
        const k = n.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .join(', ');
  }
  return result;
}

export { ComposeError } from './mentions';
export type { ComposeInput, ComposedPrompt, ComposeModel, ComposeShot } from './types';
