/**
 * The words of a reference sheet: one image that shows an element the way a model needs it to
 * come back the same (a character turnaround, a place from its key angles, a prop on grey).
 * Pure: the same element always asks for the same sheet, so an identical request is reused.
 */
import type { Element, ElementKind } from '../domain';

/** What each kind of element is drawn as. */
const LAYOUT: Record<ElementKind, string> = {
  character:
    'Character reference sheet: the same person shown full body from the front, three-quarter and side, plus a close-up of the face, same clothes in every view',
  place: 'Location reference sheet: the same place seen from three key camera angles, with a wide establishing view',
  prop: 'Prop reference sheet: the same object from the front, side, back and top',
  style: 'Style frame: one representative frame that shows the look, palette and lighting',
};

/** Layout rules that keep a sheet usable as a reference (and out of the frame of the film). */
const CLEAN = 'neutral grey studio background, even soft light, no text, no labels, no watermark';

/** The prompt for an element's reference sheet; the description is kept word for word. */
export function referenceSheetPrompt(element: Pick<Element, 'kind' | 'name' | 'description'>, style = ''): string {
  const what = element.description.trim() ? `${element.name}: ${element.description.trim()}` : element.name;
  const parts = [LAYOUT[element.kind], what, element.kind === 'style' ? '' : CLEAN, style.trim() && element.kind === 'style' ? style.trim() : ''];
  return parts.filter(Boolean).map((p) => p.replace(/[.\s]+$/, '')).join('. ') + '.';
}
