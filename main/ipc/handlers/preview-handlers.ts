/** Handler for the dry-run preview of a generation (the inspector's "Prompt as sent"). */
import { previewGeneration } from '../../services/generation-preview';
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

export function previewHandlers(session: AppSession): Pick<Handlers, 'generation.preview'> {
  return {
    'generation.preview': (input) => previewGeneration(session, input),
  };
}
