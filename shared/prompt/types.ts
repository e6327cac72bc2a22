/** Inputs and outputs of the prompt composer. */
import type { Element, ReferenceImage, Shot } from '../domain';
import type { ModelEntry } from '../registry/registry-schema';

/** The parts of a model entry the composer needs. */
export type ComposeModel = Pick<ModelEntry, 'promptFamily' | 'audio' | 'negativePrompt' | 'imageInputs'>;

/** The parts of a shot the composer reads (a whole Shot fits). */
export type ComposeShot = Pick<Shot, 'prompt' | 'cameraMove' | 'shotType' | 'dialogue' | 'soundNotes' | 'seconds'> & Partial<Pick<Shot, 'avoid'>>;

/** Everything the composer reads; it reads nothing else, so equal inputs give equal prompts. */
export interface ComposeInput {
  /** The project style line, written first and word for word in every shot. */
  style: string;
  shot: ComposeShot;
  /** The project's element library. */
  elements: readonly Element[];
  model: ComposeModel;
  /** A first-frame image goes with the request. */
  imageAttached: boolean;
  /** A last-frame image goes with the request. */
  lastFrameAttached?: boolean;
}

/** What the composer returns; `prompt` is stored with the take exactly as sent. */
export interface ComposedPrompt {
  prompt: string;
  /** Exclusions as nouns, for models with a negative-prompt field. */
  negativePrompt?: string;
  /** Elements mentioned as `@Name`, in order of first mention. */
  mentioned: Element[];
  /** Things the user should know or fix (none of them stop generation). */
  warnings: string[];
  /** The mentioned elements' images to send as references, within the model's limits. */
  referenceImages: ReferenceImage[];
}

/** One dialogue line, speaker-labelled when the user wrote `Name: line`. */
export interface DialogueLine {
  speaker: string | null;
  text: string;
}

/** The shot broken into the pieces every family renders in its own form. */
export interface ShotParts {
  /** The project style and mentioned style elements, verbatim, each ending with a full stop. */
  styleLines: string[];
  /** `Name: description.` for each mentioned non-style element, verbatim, in mention order. */
  descriptions: string[];
  /** Shot size words ('' when unset). */
  shotWords: string;
  /** Camera move words ('' when unset). */
  moveWords: string;
  /** The action with `@Name` replaced by the plain name. */
  action: string;
  /** The action split into sentences (beats). */
  beats: string[];
  dialogue: DialogueLine[];
  /** Sound effects tied to beats. */
  sfx: string[];
  /** The audio bed; never empty for audio models ("quiet room tone" by default). */
  ambience: string[];
  /** Nouns to exclude (from "no music" style notes), for negative-prompt fields. */
  exclusions: string[];
  /** Whether the model makes sound. */
  audio: boolean;
  /** A first or last frame is attached: the image carries the look, the text the motion. */
  imageAttached: boolean;
  /** Labels (not model words) for the animatic card. */
  shotLabel: string;
  moveLabel: string;
}
