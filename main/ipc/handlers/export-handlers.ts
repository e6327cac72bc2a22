/** Handlers for exports (main/export): the formats, and export jobs of the open project. */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type ExportCalls = 'export.formats' | 'export.start' | 'export.cancel' | 'export.status';

export function exportHandlers(app: AppServices): Pick<Handlers, ExportCalls> {
  const exports = () => app.workspace.require().exports;
  return {
    'export.formats': () => app.exportFormats.list().map(({ id, label, description, extension, fields }) => ({ id, label, description, extension, fields })),
    'export.start': (input) => exports().start(input),
    'export.cancel': ({ id }) => exports().cancel(id),
    'export.status': ({ id }) => exports().status(id),
  };
}
