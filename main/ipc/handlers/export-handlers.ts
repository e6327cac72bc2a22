/** Handlers for exporting the sequence and the contact sheet (main/export). */
import { exportServiceFor } from '../../export/export-service';
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

type ExportCalls = 'export.start' | 'export.cancel' | 'export.status' | 'export.sheet';

export function exportHandlers(session: AppSession): Pick<Handlers, ExportCalls> {
  const service = () => exportServiceFor(session);
  return {
    'export.start': (input) => service().start(input),
    'export.cancel': ({ id }) => service().cancel(id),
    'export.status': ({ id }) => service().status(id),
    'export.sheet': async ({ outPath }) => {
      const r = await service().sheet(outPath);
      return { outPath: r.outPath, shots: r.shots, width: r.width, height: r.height };
    },
  };
}
