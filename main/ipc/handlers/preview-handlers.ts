/** Handler for the dry-run preview of a generation (the inspector's "Prompt as sent"). */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

export function previewHandlers(app: AppServices): Pick<Handlers, 'generation.preview'> {
  return {
    'generation.preview': (input) => app.workspace.require().generation.preview(input),
  };
}
