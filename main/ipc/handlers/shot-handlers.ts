/** Handlers for the shots of the open project. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type ShotCalls = 'scenes.list' | 'shots.list' | 'shots.add' | 'shots.update' | 'shots.delete' | 'shots.move';

export function shotHandlers(app: AppServices): Pick<Handlers, ShotCalls> {
  const shots = () => app.workspace.require().store.shots;
  return {
    'scenes.list': () => app.workspace.require().store.scenes.list(),
    'shots.list': () => shots().list(),
    'shots.add': ({ afterId, fields, sceneId }) => shots().add(afterId, fields, sceneId),
    'shots.update': ({ id, patch }) => shots().update(id, patch),
    'shots.delete': ({ id }) => {
      shots().delete(id);
      return null;
    },
    'shots.move': ({ id, afterId, sceneId }) => shots().move(id, afterId, sceneId),
  };
}
