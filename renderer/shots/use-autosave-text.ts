/**
 * A text field that saves itself: typing saves after a pause, leaving the field (or the editor)
 * saves at once. Saves run one at a time and the latest text always wins, so a slow answer can
 * never overwrite newer typing. While the user has unsaved text, values from the store do not
 * replace it; once saved, the field follows the store again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Pause after the last keystroke before saving. */
export const AUTOSAVE_DELAY_MS = 300;

export interface AutosaveOptions {
  /** The value as main last reported it. */
  stored: string;
  /** Saves a text; resolves true when main accepted it. */
  save: (text: string) => Promise<boolean>;
  /** Returns a message when the text cannot be saved as it is (shown, nothing sent). */
  validate?: (text: string) => string | null;
  delayMs?: number;
}

export interface AutosaveField {
  draft: string;
  /** Message from `validate`, or null. */
  error: string | null;
  /** Call on every change. */
  change(text: string): void;
  /** Call on blur: saves now if anything is pending. */
  flush(): void;
}

export function useAutosaveText({ stored, save, validate, delayMs = AUTOSAVE_DELAY_MS }: AutosaveOptions): AutosaveField {
  const [draft, setDraft] = useState(stored);
  const [error, setError] = useState<string | null>(null);
  const state = useRef({
    draft: stored,
    dirty: false,
    saving: false,
    queued: false,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  });
  const callbacks = useRef({ save, validate });
  callbacks.current = { save, validate };

  // Follow main's value whenever the user has nothing unsaved.
  useEffect(() => {
    if (!state.current.dirty) {
      state.current.draft = stored;
      setDraft(stored);
    }
  }, [stored]);

  const runSave = useCallback(async (): Promise<void> => {
    const s = state.current;
    clearTimeout(s.timer);
    s.timer = undefined;
    if (s.saving) {
      s.queued = true;
      return;
    }
    const text = s.draft;
    const problem = callbacks.current.validate?.(text) ?? null;
    setError(problem);
    if (problem) return;
    s.saving = true;
    let ok: boolean;
    try {
      ok = await callbacks.current.save(text);
    } finally {
      s.saving = false;
    }
    if (s.queued) {
      s.queued = false;
      await runSave();
    } else if (ok && s.draft === text && s.timer === undefined) {
      s.dirty = false;
    }
  }, []);

  const change = useCallback(
    (text: string) => {
      const s = state.current;
      s.draft = text;
      s.dirty = true;
      setDraft(text);
      clearTimeout(s.timer);
      s.timer = setTimeout(() => void runSave(), delayMs);
    },
    [delayMs, runSave],
  );

  const flush = useCallback(() => {
    const s = state.current;
    // Also retries a save that failed earlier (dirty, but nothing scheduled).
    if (s.dirty && !s.saving) void runSave();
  }, [runSave]);

  // Leaving the editor (another shot selected, project closed) must not lose the last keystrokes,
  // and neither must closing or reloading the page (the HTTP client sends small calls with keepalive).
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { draft, error, change, flush };
}
