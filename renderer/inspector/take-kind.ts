/** What a take is, from its request: a clip (the default) or one still frame. */
import type { Take } from '../../shared/domain';

/** A still frame: shown with its image, never selected as the shot's clip nor remixed. */
export function isStill(take: Pick<Take, 'request'>): boolean {
  return take.request.output === 'image';
}
