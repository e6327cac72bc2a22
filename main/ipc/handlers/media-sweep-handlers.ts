/** `media.sweepUnused`: the sweep a project also gets when it opens and closes (main/app/compose.ts). */
import type { AppServices } from '../../app/compose';
import { previewSizes, sweepOrphanMedia } from '../../media/orphan-media';
import type { Handlers } from '../dispatch';

export function mediaSweepHandlers(app: AppServices): Pick<Handlers, 'media.sweepUnused'> {
  return {
    'media.sweepUnused': () => {
      const { store } = app.workspace.require();
      return sweepOrphanMedia(store, previewSizes(store, app.registry.registry().models.flatMap((m) => m.sizes)));
    },
  };
}
