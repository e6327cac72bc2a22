/** Handler for importing a shot-list file into the open project. */
import type { AppSession } from '../../services/app-session';
import { importShotlist } from '../../services/shotlist-import';
import type { Handlers } from '../dispatch';

export function shotlistHandlers(session: AppSession): Pick<Handlers, 'shotlist.import'> {
  return {
    'shotlist.import': async ({ path }) => (await importShotlist(session.requireStore(), path)).snapshot,
  };
}
