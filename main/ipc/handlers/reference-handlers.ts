/** Handlers for reference images of shots and elements (main/media/reference-service.ts). */
import type { AppServices } from '../../app/compose';
import { addReferences, previewReference, removeReference, reorderReferences, setReferenceFit } from '../../media/reference-service';
import type { Handlers } from '../dispatch';

type ReferenceCalls = 'references.add' | 'references.remove' | 'references.reorder' | 'references.setFit' | 'references.preview';

export function referenceHandlers(app: AppServices): Pick<Handlers, ReferenceCalls> {
  const store = () => app.workspace.require().store;
  return {
    'references.add': ({ target, files, fit }) => addReferences(store(), target, files, fit),
    'references.remove': ({ target, referenceId }) => removeReference(store(), target, referenceId),
    'references.reorder': ({ target, ids }) => reorderReferences(store(), target, ids),
    'references.setFit': ({ target, referenceId, fit }) => setReferenceFit(store(), target, referenceId, fit),
    'references.preview': ({ target, referenceId, size, fit }) => previewReference(store(), target, referenceId, size, fit),
  };
}
