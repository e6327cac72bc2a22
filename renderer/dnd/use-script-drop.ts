/**
 * A `.fountain` file dropped anywhere on the open project (where no card or panel takes it)
 * opens the script import dialog. Other files dropped there are left alone.
 */
import { useCallback, type DragEvent } from 'react';
import type { AppStore } from '../state/app-store';
import { isScriptFile } from '../state/fountain-slice';
import { dragHasFiles, filesOf } from './dropped-files';

export function useScriptDrop(store: AppStore) {
  const onDragOver = useCallback((event: DragEvent) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const script = filesOf(event.dataTransfer).find(isScriptFile);
      if (!script) return;
      event.preventDefault();
      void store.getState().openScriptImport(script);
    },
    [store],
  );
  return { onDragOver, onDrop };
}
