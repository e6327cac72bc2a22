/** Handlers for app-level calls. */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

export function appHandlers(session: AppSession): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({ ...session.hostInfo }),
  };
}
