/** Handler for importing a shot-list file into the open project. */
import type { AppServices } from '../../app/compose';
import { importShotlist } from '../../services/shotlist-import';
import type { Handlers } from '../dispatch';

export function shotlistHandlers(app: AppServices): Pick<Handlers, 'shotlist.import'> {
  return {
    'shotlist.import': async ({ path }) => (await importShotlist(app.workspace.require().store, path)).snapshot,
  };
}
