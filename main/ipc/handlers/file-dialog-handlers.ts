/** Handlers for native file pickers (desktop app only: the host passes its dialogs). */
import type { AppServices } from '../../app/compose';
import { UserError } from '../../errors';
import type { Handlers } from '../dispatch';

export function fileDialogHandlers(app: AppServices): Pick<Handlers, 'dialogs.pickShotList'> {
  return {
    'dialogs.pickShotList': async () => {
      if (!app.dialogs) throw new UserError('unavailable', 'There is no file dialog here (browser host). Type the absolute path of the file instead.');
      return { path: await app.dialogs.pickShotList() };
    },
  };
}
