/**
 * Consent gate: a real person's likeness (images or description) goes to no provider without a
 * consent record. Checked before anything is written or sent, for every provider (even the
 * local animatic: the rule is simpler to trust when it has no exceptions).
 */
import type { Element, Shot } from '../../shared/domain';
import { UserError } from '../errors';

/**
 * Throws a `refused` UserError naming every element that shows a real person without consent
 * and is mentioned in the shot or whose image is among the shot's references.
 */
export function assertConsent(shot: Shot, mentioned: readonly Element[], library: readonly Element[]): void {
  const refPaths = new Set(shot.references.map((r) => r.path));
  const viaImages = library.filter((e) => e.images.some((i) => refPaths.has(i.path)));
  const blocked = [...new Set([...mentioned, ...viaImages])].filter((e) => e.realPerson && !e.consent);
  if (blocked.length === 0) return;
  const names = blocked.map((e) => `@${e.name}`).join(', ');
  const title = shot.title ? `"${shot.title}"` : 'This shot';
  throw new UserError(
    'refused',
    `${title} uses ${names}, marked as a real person without a consent record, so nothing was sent. ` +
      `Add the person's consent (who, when, for what use) in the element library, or remove ${blocked.length > 1 ? 'them' : 'it'} from the shot.`,
  );
}
