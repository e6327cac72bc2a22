/** Handlers for creating, opening and editing projects. */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

type ProjectCalls = 'projects.create' | 'projects.open' | 'projects.current' | 'projects.close' | 'projects.recent' | 'project.update';

export function projectHandlers(session: AppSession): Pick<Handlers, ProjectCalls> {
  return {
    'projects.create': async (input) => (await session.create(input)).snapshot(),
    'projects.open': async ({ path }) => (await session.open(path)).snapshot(),
    'projects.current': () => session.store?.snapshot() ?? null,
    'projects.close': async () => {
      await session.close();
      return null;
    },
    'projects.recent': () => session.settings.get().recentProjects,
    'project.update': (patch) => session.requireStore().updateProject(patch),
  };
}
