/** Handlers for duplicate, restore (undo/redo) and importing a video file as a take. */
import { ffmpegToolsFor } from '../../generation/default-collaborators';
import { importTakeFile } from '../../media/import-take-file';
import type { AppSession } from '../../services/app-session';
import { duplicateShot, restoreElement, restoreShot } from '../../services/record-restore';
import type { Shot, Take } from '../../../shared/domain';
import type { Handlers } from '../dispatch';

type EditingCalls = 'shots.duplicate' | 'shots.restore' | 'elements.restore' | 'takes.import';

export function editingHandlers(session: AppSession): Pick<Handlers, EditingCalls> {
  const store = () => session.requireStore();
  const tools = ffmpegToolsFor(session.settings);
  return {
    'shots.duplicate': ({ id }) => duplicateShot(store(), id),
    // Sizes and paths were checked by the schema; the casts only narrow template-literal types.
    'shots.restore': ({ shot, takes }) => restoreShot(store(), shot as Shot, takes as Take[] | undefined),
    'elements.restore': ({ element }) => restoreElement(store(), element),
    'takes.import': async ({ shotId, file, select }) => {
      const take = await importTakeFile(store(), tools(), shotId, file, { select });
      session.events.emit('take.created', take);
      return take;
    },
  };
}
