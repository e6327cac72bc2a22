/**
 * Every contract call's implementation, assembled once. Hosts build the app's services
 * (main/app/compose.ts), call `createHandlers(app)` and hand the result to `createDispatch`.
 * Each area lives in its own module.
 */
import type { AppServices } from '../../app/compose';
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
import { editHandlers } from './edit-handlers';
import { stillHandlers } from './still-handlers';
import { audioHandlers } from './audio-handlers';
import { fountainHandlers } from './fountain-handlers';

export function createHandlers(app: AppServices): Handlers {
  return {
    ...appHandlers(app),
    ...projectHandlers(app),
    ...shotHandlers(app),
    ...elementHandlers(app),
    ...generationHandlers(app),
    ...mediaHandlers(app),
    ...registryHandlers(app),
    ...shotlistHandlers(app),
    ...exportHandlers(app),
    ...referenceHandlers(app),
    ...editingHandlers(app),
    ...settingsHandlers(app),
    ...welcomeHandlers(app),
    ...previewHandlers(app),
    ...aboutHandlers(app),
    ...fileDialogHandlers(app),
    ...mediaSweepHandlers(app),
    ...editHandlers(app),
    ...stillHandlers(app),
    ...audioHandlers(app),
    ...fountainHandlers(app),
  };
}
