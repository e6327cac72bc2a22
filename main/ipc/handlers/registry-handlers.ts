/** Handlers for the model registry, and the user's own models in its override file. */
import type { AppServices } from '../../app/compose';
import { addUserModel, removeUserModel } from '../../registry/user-models';
import type { Handlers } from '../dispatch';

export function registryHandlers(app: AppServices): Pick<Handlers, 'registry.models' | 'registry.addModel' | 'registry.removeModel'> {
  return {
    'registry.models': () => app.registry.snapshot(),
    'registry.addModel': (input) => {
      addUserModel(app.registry, input);
      return app.registry.snapshot();
    },
    'registry.removeModel': (input) => {
      removeUserModel(app.registry, input);
      return app.registry.snapshot();
    },
  };
}
