/**
 * A drop target for desktop files: highlights while files hover, hands the files over on drop,
 * and keeps the message of a refused drop until the next drag, so the reason shows on the spot.
 */
import { useCallback, useState, type DragEvent } from 'react';
import { errorMessage } from '../api/contract-call-error';
import { dragHasFiles, filesOf } from './dropped-files';

export interface FileDrop {
  over: boolean;
  busy: boolean;
  /** Why the last drop was refused (main's words), or null. */
  error: string | null;
  clearError(): void;
  handlers: {
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

/** `onFiles` resolves to an error (shown) or null (accepted). */
export function useFileDrop(onFiles: (files: File[]) => Promise<unknown>): FileDrop {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
    setError(null);
  }, []);
  const onDragLeave = useCallback(() => setOver(false), []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const files = filesOf(event.dataTransfer);
      if (files.length === 0) return;
      event.preventDefault();
      event.stopPropagation();
      setOver(false);
      setBusy(true);
      void onFiles(files)
        .then((problem) => setError(problem ? errorMessage(problem) : null))
        .finally(() => setBusy(false));
    },
    [onFiles],
  );
  return { over, busy, error, clearError: () => setError(null), handlers: { onDragOver, onDragLeave, onDrop } };
}
