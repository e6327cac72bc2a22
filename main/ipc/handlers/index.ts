/**
 * Every contract call's implementation, assembled once. Hosts call `createHandlers(session)`
 * and hand the result to `createDispatch`. Each area lives in its own module.
 */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';
import { appHandlers } from './app-handlers';
import { elementHandlers } from './element-handlers';
import { exportHandlers } from './export-handlers';
import { generationHandlers } from './generation-handlers';
import { mediaHandlers } from './media-handlers';
import { projectHandlers } from './project-handlers';
import { registryHandlers } from './registry-handlers';
import { shotHandlers } from './shot-handlers';
import { settingsHandlers } from './settings-handlers';
import { shotlistHandlers } from './shotlist-handlers';
import { referenceHandlers } from './reference-handlers';
import { editingHandlers } from './editing-handlers';
import { welcomeHandlers } from './welcome-handlers';
import { previewHandlers } from './preview-handlers';
import { aboutHandlers } from './about-handlers';
import { fileDialogHandlers } from './file-dialog-handlers';
import { mediaSweepHandlers } from './media-sweep-handlers';

export function createHandlers(session: AppSession): Handlers {
  return {
    ...appHandlers(session),
    ...projectHandlers(session),
    ...shotHandlers(session),
    ...elementHandlers(session),
    ...generationHandlers(session),
    ...mediaHandlers(session),
    ...registryHandlers(session),
    ...shotlistHandlers(session),
    ...exportHandlers(session),
    ...referenceHandlers(session),
    ...editingHandlers(session),
    ...settingsHandlers(session),
    ...welcomeHandlers(session),
    ...previewHandlers(session),
    ...aboutHandlers(session),
    ...fileDialogHandlers(session),
    ...mediaSweepHandlers(session),
  };
}
