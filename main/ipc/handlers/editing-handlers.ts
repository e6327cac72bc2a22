/** Handlers for duplicate, restore (undo/redo) and importing a video file as a take. */
import type { AppServices } from '../../app/compose';
import { importTakeFile } from '../../media/import-take-file';
import type { Shot, Take } from '../../../shared/domain';
import type { Handlers } from '../dispatch';

type EditingCalls = 'shots.duplicate' | 'shots.restore' | 'elements.restore' | 'takes.import';

export function editingHandlers(app: AppServices): Pick<Handlers, EditingCalls> {
  const store = () => app.workspace.require().store;
  return {
    'shots.duplicate': ({ id }) => store().shots.duplicate(id),
    // Sizes and paths were checked by the schema; the casts only narrow template-literal types.
    'shots.restore': ({ shot, takes }) => store().shots.restore(shot as Shot, takes as Take[] | undefined),
    'elements.restore': ({ element }) => store().elements.restore(element),
    'takes.import': async ({ shotId, file, select }) => {
      const take = await importTakeFile(store(), app.ffmpeg.tools(), shotId, file, { select });
      app.events.emit('take.created', take);
      return take;
    },
  };
}
