/** Handlers for Fountain scripts: preview an import, apply it (main/services/fountain-import.ts). */
import type { AppServices } from '../../app/compose';
import { applyFountain, previewFountain } from '../../services/fountain-import';
import type { Handlers } from '../dispatch';

export function fountainHandlers(app: AppServices): Pick<Handlers, 'fountain.preview' | 'fountain.apply'> {
  return {
    // Without a file name, a problem with the script is reported against the `text` field.
    'fountain.preview': ({ text, split, fileName }) => previewFountain(app.workspace.require().store, text, split, fileName ?? 'text'),
    'fountain.apply': ({ text, split, fileName }) => applyFountain(app.workspace.require().store, text, split, fileName ?? 'text'),
  };
}
