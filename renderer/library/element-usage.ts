/** Which shots mention an element, as 1-based shot numbers in timeline order. Pure. */
import type { Element, Shot } from '../../shared/domain';
import { mentionChips } from '../inspector/mention-query';

export function shotsMentioning(element: Element, shots: readonly Shot[], elements: readonly Element[]): number[] {
  const out: number[] = [];
  shots.forEach((shot, i) => {
    const texts = `${shot.prompt}\n${shot.dialogue}\n${shot.soundNotes}`;
    if (mentionChips(texts, elements).some((c) => c.element?.id === element.id)) out.push(i + 1);
  });
  return out;
}
