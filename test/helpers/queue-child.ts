/**
 * The kill-and-resume pattern's parts: run the real queue in a child process
 * (test/generation/fixtures/queue-child.ts, through composeApp) so a test can SIGKILL it
 * mid-render and start a second one; read the job rows it left; wait for a condition.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';

const CHILD = path.resolve(import.meta.dirname, '..', 'generation', 'fixtures', 'queue-child.ts');

/** Starts the queue child on a project (`start` generates every shot, `resume` only resumes). */
export function runQueueChild(projectDir: string, settingsDir: string, mode: 'start' | 'resume', env: NodeJS.ProcessEnv) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, projectDir, settingsDir, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, out: () => stdout, err: () => stderr };
}

export interface JobRow {
  id: string;
  shot_id: string | null;
  status: string;
  remote_id: string | null;
}

/** The jobs table as the child left it, read-only (none while the child has not created it). */
export function jobRows(dbFile: string): JobRow[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, shot_id, status, remote_id FROM jobs').all() as JobRow[];
  } catch {
    return []; // the child may not have created anything yet
  } finally {
    db.close();
  }
}

/** Polls `fn` every 25 ms until it gives something truthy; fails naming `what` after the timeout. */
export async function waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
