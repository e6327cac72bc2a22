/** Handler of the welcome screen: open a fresh copy of the bundled example project. */
import type { AppServices } from '../../app/compose';
import { locateBundledExample, openExampleCopy, type ExampleLocatorInputs } from '../../release/bundled-example';
import type { Handlers } from '../dispatch';

/** Where this process finds the example: the packaged app's resources, else the checkout it runs from. */
export function processExampleInputs(): ExampleLocatorInputs {
  return { resourcesPath: (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath ?? null, appRoot: process.cwd() };
}

export function welcomeHandlers(app: AppServices, example: () => ExampleLocatorInputs = processExampleInputs): Pick<Handlers, 'projects.openExample'> {
  return {
    'projects.openExample': async () => {
      const opened = await openExampleCopy(app.workspace, { exampleDir: locateBundledExample(example()), parentDir: app.settings.get().projectsDir });
      // Every window (and the Electron menu's Open Recent) follows the newly opened project.
      app.events.emit('project.changed', opened.snapshot);
      return opened.snapshot;
    },
  };
}
