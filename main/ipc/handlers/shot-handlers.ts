/** Handlers for the shots of the open project. */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

type ShotCalls = 'shots.list' | 'shots.add' | 'shots.update' | 'shots.delete' | 'shots.move';

export function shotHandlers(session: AppSession): Pick<Handlers, ShotCalls> {
  const store = () => session.requireStore();
  return {
    'shots.list': () => store().listShots(),
    'shots.add': ({ afterId, fields }) => store().addShot(afterId, fields),
    'shots.update': ({ id, patch }) => store().updateShot(id, patch),
    'shots.delete': ({ id }) => {
      store().deleteShot(id);
      return null;
    },
    'shots.move': ({ id, afterId }) => store().moveShot(id, afterId),
  };
}
