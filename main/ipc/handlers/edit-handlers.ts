/** `edits.apply`: every undoable edit as one command, one transaction, with its inverse. */
import type { AppServices } from '../../app/compose';
import { applyEdit } from '../../editing/apply-edit';
import type { Handlers } from '../dispatch';

export function editHandlers(app: AppServices): Pick<Handlers, 'edits.apply'> {
  return {
    'edits.apply': ({ command }) => applyEdit(app.workspace.require().store, command),
  };
}
