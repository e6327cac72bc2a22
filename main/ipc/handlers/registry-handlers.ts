/** Handlers for the model registry. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

export function registryHandlers(app: AppServices): Pick<Handlers, 'registry.models'> {
  return {
    'registry.models': () => app.registry.snapshot(),
  };
}
