/** Handlers for the element library. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type ElementCalls = 'elements.list' | 'elements.add' | 'elements.update' | 'elements.delete';

export function elementHandlers(app: AppServices): Pick<Handlers, ElementCalls> {
  const elements = () => app.workspace.require().store.elements;
  return {
    'elements.list': () => elements().list(),
    'elements.add': (input) => elements().add(input),
    'elements.update': ({ id, patch }) => elements().update(id, patch),
    'elements.delete': ({ id }) => {
      elements().delete(id);
      return null;
    },
  };
}
