/** Handlers for the model registry. */
import type { AppSession } from '../../services/app-session';
import { registryLoaderFor } from '../../services/registry-loader';
import type { Handlers } from '../dispatch';

export function registryHandlers(session: AppSession): Pick<Handlers, 'registry.models'> {
  return {
    'registry.models': () => registryLoaderFor(session.settings.dir).snapshot(),
  };
}
