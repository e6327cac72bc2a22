/**
 * One Shotline process per user: a second launch (double-clicking a `.shotline` project in the
 * file manager) hands its command line to the first, which focuses its window and opens the
 * project, then the second quits.
 */
import path from 'node:path';
import type { App, BrowserWindow } from 'electron';

/** The `.shotline` project path on a command line, if any (last one wins). */
export function projectPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) continue;
    if (/\.shotline[\\/]?$/i.test(arg)) return path.resolve(cwd, arg);
  }
  return null;
}

/**
 * Takes the single-instance lock. Returns false when another instance holds it (the caller
 * quits); otherwise calls `openProject` with paths that later launches forward.
 */
export function claimSingleInstance(app: App, getWindow: () => BrowserWindow | null, openProject: (dir: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const window = getWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const dir = projectPathFromArgv(argv, workingDirectory);
    if (dir) openProject(dir);
  });
  return true;
}
