/**
 * Unused media: every host builds its handlers here, so this is where the sweep on project
 * open/close is attached (main/services/orphan-media.ts), and the explicit call answered.
 */
import { attachOrphanSweep, previewSizes, sweepOrphanMedia } from '../../services/orphan-media';
import type { AppSession } from '../../services/app-session';
import { registryLoaderFor } from '../../services/registry-loader';
import type { Handlers } from '../dispatch';

export function mediaSweepHandlers(session: AppSession): Pick<Handlers, 'media.sweepUnused'> {
  const registrySizes = () => registryLoaderFor(session.settings.dir).registry().models.flatMap((m) => m.sizes);
  attachOrphanSweep(session, registrySizes);
  return {
    'media.sweepUnused': () => {
      const store = session.requireStore();
      return sweepOrphanMedia(store, previewSizes(store, registrySizes()));
    },
  };
}
