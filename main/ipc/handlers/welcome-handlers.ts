/** Handler of the welcome screen: open a fresh copy of the bundled example project. */
import { locateBundledExample, openExampleCopy, type ExampleLocatorInputs } from '../../release/bundled-example';
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

/** Where this process finds the example: the packaged app's resources, else the checkout it runs from. */
export function processExampleInputs(): ExampleLocatorInputs {
  return { resourcesPath: (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath ?? null, appRoot: process.cwd() };
}

export function welcomeHandlers(session: AppSession, example: () => ExampleLocatorInputs = processExampleInputs): Pick<Handlers, 'projects.openExample'> {
  return {
    'projects.openExample': async () => {
      const opened = await openExampleCopy(session, { exampleDir: locateBundledExample(example()) });
      // Every window (and the Electron menu's Open Recent) follows the newly opened project.
      session.events.emit('project.changed', opened.snapshot);
      return opened.snapshot;
    },
  };
}
