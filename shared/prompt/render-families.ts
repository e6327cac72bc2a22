/**
 * One renderer per prompt family, following each model's own prompting guide (FILMMAKING.md).
 * Every renderer starts with the style lines (except the animatic card, which is for people) and
 * never writes duration, size or model: those are API parameters.
 */
import type { PromptFamily } from '../registry/registry-schema';
import { sentence } from './shot-parts';
import type { DialogueLine, ShotParts } from './types';

const capitalize = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** "Medium close-up, slow push-in toward the subject." or '' when neither is set. */
function cameraSentence(p: ShotParts): string {
  return sentence(capitalize([p.shotWords, p.moveWords].filter(Boolean).join(', ')));
}

function speakerLine(line: DialogueLine): string {
  return `${line.speaker ? `${line.speaker}: ` : ''}"${line.text}"`;
}

/** The audio bed and effects as one clause list. */
function soundList(p: ShotParts): string {
  return [...p.ambience, ...p.sfx].join('; ');
}

/**
 * Sora: labelled blocks. Style; a prose scene with the element descriptions; `Cinematography:`;
 * `Actions:` as bullet beats; `Dialogue:`; `Background Sound:`.
 */
export function renderSora(p: ShotParts): string {
  const blocks: string[] = [];
  if (p.styleLines.length) blocks.push(p.styleLines.join(' '));
  if (p.descriptions.length) blocks.push(p.descriptions.join('\n'));
  const camera = cameraSentence(p);
  if (camera) blocks.push(`Cinematography:\nCamera shot: ${camera}`);
  if (p.beats.length) blocks.push(`Actions:\n${p.beats.map((b) => `- ${b}`).join('\n')}`);
  if (p.audio && p.dialogue.length) blocks.push(`Dialogue:\n${p.dialogue.map((l) => `- ${speakerLine(l)}`).join('\n')}`);
  if (p.audio) blocks.push(`Background Sound:\n${sentence(soundList(p))}`);
  return blocks.join('\n\n');
}

/**
 * Veo / Gemini Omni: one paragraph leading with the camera work (after the style line), dialogue
 * in quotes after a speech verb, then `SFX:` and `Ambient noise:` lines.
 */
export function renderVeo(p: ShotParts): string {
  const said = p.audio ? p.dialogue.map((l) => `${l.speaker ?? 'A voice'} says, "${l.text}"`) : [];
  const paragraph = [...p.styleLines, cameraSentence(p), ...p.descriptions, ...p.beats, ...said].filter(Boolean).join(' ');
  const lines = [paragraph];
  if (p.audio) {
    if (p.sfx.length) lines.push(`SFX: ${sentence(p.sfx.join(', '))}`);
    lines.push(`Ambient noise: ${sentence(p.ambience.join(', '))}`);
  }
  return lines.join('\n');
}

/** An audio line for the short families, when the model makes sound. */
function audioLine(p: ShotParts): string[] {
  if (!p.audio) return [];
  const said = p.dialogue.map((l) => `${l.speaker ?? 'A voice'} says, "${l.text}"`);
  return [...said, `Audio: ${sentence(soundList(p))}`];
}

/**
 * Runway Gen-4: a few short motion sentences. The input image carries identity, so the element
 * descriptions are left out.
 */
export function renderRunway(p: ShotParts): string {
  return [...p.styleLines, cameraSentence(p), ...p.beats, ...audioLine(p)].filter(Boolean).join(' ');
}

/**
 * LTX: one present-tense paragraph: action, appearance, then the camera, then light (which the
 * style line carries). With an image attached, only motion and camera.
 */
export function renderLtx(p: ShotParts): string {
  const appearance = p.imageAttached ? [] : p.descriptions;
  return [...p.styleLines, ...p.beats, ...appearance, cameraSentence(p), ...audioLine(p)].filter(Boolean).join(' ');
}

/** Wan: subject, scene, motion, camera; for image-to-video only motion and camera. */
export function renderWan(p: ShotParts): string {
  const subjects = p.imageAttached ? [] : p.descriptions;
  return [...p.styleLines, ...subjects, ...p.beats, cameraSentence(p), ...audioLine(p)].filter(Boolean).join(' ');
}

/** Longest action text on an animatic card before it is cut with an ellipsis. */
export const CARD_ACTION_CHARS = 240;

/** Animatic: a short title-card text for people: framing and move, the action, the lines. */
export function renderAnimatic(p: ShotParts): string {
  const header = [p.shotLabel, p.moveLabel].filter(Boolean).join(' · ');
  const action = p.action.length > CARD_ACTION_CHARS ? `${p.action.slice(0, CARD_ACTION_CHARS - 1).trimEnd()}…` : p.action;
  const lines = p.dialogue.map((l) => `${l.speaker ? `${l.speaker}: ` : ''}“${l.text}”`);
  return [header, action, ...lines].filter(Boolean).join('\n');
}

/** The renderer for each family. */
export const RENDERERS: Record<PromptFamily, (p: ShotParts) => string> = {
  sora: renderSora,
  veo: renderVeo,
  runway: renderRunway,
  ltx: renderLtx,
  wan: renderWan,
  animatic: renderAnimatic,
};

/** Exclusions every negative-prompt field gets: models garble text (FILMMAKING rule 13). */
export const BASE_NEGATIVE = ['subtitles', 'captions', 'on-screen text'];

/** Wan's usual negative list (its model card recommends one). */
export const WAN_NEGATIVE = ['blurry', 'low quality', 'distorted hands', 'extra limbs', 'watermark', 'static frame'];
