/**
 * Starts the real dev host as a child process, the way a person runs it, for end-to-end tests:
 *
 *   const host = await startDevHostProcess({ settingsDir });   // waits for its one stdout line
 *   await page.goto(host.url);                                 // http://127.0.0.1:PORT/?token=...
 *   await host.stop();                                         // SIGTERM, then SIGKILL after a grace period
 *
 * If the host exits or stays silent, the error carries its stderr, so a failing test says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/dev-host-process.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface DevHostProcessOptions {
  /** App settings folder (settings.json, default projects folder): use a temp folder. */
  settingsDir: string;
  /** Built renderer; default out/renderer. */
  rendererDir?: string;
  /** How long to wait for the URL line. */
  startTimeoutMs?: number;
}

export interface DevHostProcess {
  /** The URL the host printed, token included. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  token: string;
  child: ChildProcess;
  /** Everything the host wrote on stderr so far. */
  stderr(): string;
  /** Stops the host and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const URL_LINE = /^Shotline dev host: (http:\/\/127\.0\.0\.1:\d+\/\?token=(\S+))$/m;

export async function startDevHostProcess(options: DevHostProcessOptions): Promise<DevHostProcess> {
  const args = ['--import', 'tsx', 'main/hosts/dev-host/start.ts', '--port', '0', '--settings-dir', options.settingsDir];
  if (options.rendererDir) args.push('--renderer-dir', options.rendererDir);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      void stop();
      reject(new Error(`The dev host did not start: ${why}.\nIts stderr:\n${stderr || '(empty)'}`));
    };
    const onData = (chunk: string) => {
      stdout += chunk;
      const m = URL_LINE.exec(stdout);
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code: number | null, signal: string | null) => fail(`it exited (code ${code}, signal ${signal})`);
    const onError = (error: Error) => fail(error.message);
    const timer = setTimeout(() => fail(`no URL line on stdout within ${timeoutMs} ms`), timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });

  const url = match[1]!;
  return { url, origin: new URL(url).origin, token: match[2]!, child, stderr: () => stderr, stop };
}
