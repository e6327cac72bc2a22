/** Handlers for creating, opening and editing projects. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type ProjectCalls = 'projects.create' | 'projects.open' | 'projects.current' | 'projects.close' | 'projects.recent' | 'project.update';

export function projectHandlers(app: AppServices): Pick<Handlers, ProjectCalls> {
  const { workspace } = app;
  return {
    'projects.create': async (input) => (await workspace.create(input)).store.snapshot(),
    'projects.open': async ({ path }) => (await workspace.open(path)).store.snapshot(),
    'projects.current': () => workspace.current?.store.snapshot() ?? null,
    'projects.close': async () => {
      await workspace.close();
      return null;
    },
    'projects.recent': () => app.settings.get().recentProjects,
    'project.update': (patch) => workspace.require().store.project.update(patch),
  };
}
