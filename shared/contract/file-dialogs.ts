/**
 * Native file pickers. Only the desktop app has them: there the page shows a "Choose…" button;
 * on the browser dev host the call answers `unavailable` and the page asks for a typed path.
 */
import { z } from 'zod';
import { call } from './define';

export const fileDialogCalls = {
  'dialogs.pickShotList': call<{ path: string | null }>()(
    z.strictObject({}),
    'Asks for a shot-list JSON file in a native dialog (desktop app only); path is null when cancelled.',
  ),
} as const;
