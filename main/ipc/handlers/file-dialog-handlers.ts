/** Handlers for native file pickers (desktop app only; see main/services/file-picker.ts). */
import { filePickerFor } from '../../services/file-picker';
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

export function fileDialogHandlers(session: AppSession): Pick<Handlers, 'dialogs.pickShotList'> {
  return {
    'dialogs.pickShotList': async () => ({ path: await filePickerFor(session).pickShotList() }),
  };
}
