/** Handlers for the element library. */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

type ElementCalls = 'elements.list' | 'elements.add' | 'elements.update' | 'elements.delete';

export function elementHandlers(session: AppSession): Pick<Handlers, ElementCalls> {
  const store = () => session.requireStore();
  return {
    'elements.list': () => store().listElements(),
    'elements.add': (input) => store().addElement(input),
    'elements.update': ({ id, patch }) => store().updateElement(id, patch),
    'elements.delete': ({ id }) => {
      store().deleteElement(id);
      return null;
    },
  };
}
