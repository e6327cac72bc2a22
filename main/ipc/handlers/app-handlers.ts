/** Handlers for app-level calls. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

export function appHandlers(app: AppServices): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({ ...app.info }),
  };
}
