/**
 * `npm run web`: starts the dev host and prints exactly one line,
 * `Shotline dev host: http://127.0.0.1:PORT/?token=TOKEN` (end-to-end tests parse it).
 *
 * Options: --port N (0 = random), --settings-dir DIR (default SHOTLINE_HOME or ~/.shotline),
 * --renderer-dir DIR (default out/renderer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSettingsDir } from '../../settings/app-settings';
import { startDevHost } from './dev-host';

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0-dev';
  } catch {
    return '0.0.0-dev';
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'settings-dir': { type: 'string' },
        'renderer-dir': { type: 'string', default: 'out/renderer' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: start.ts [--port N] [--settings-dir DIR] [--renderer-dir DIR]\n`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535 (got "${values.port}").\n`);
    process.exit(2);
  }
  const host = await startDevHost({
    port,
    settingsDir: path.resolve(values['settings-dir'] ?? defaultSettingsDir()),
    rendererDir: path.resolve(values['renderer-dir']),
    version: readVersion(),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Shotline dev host: ${signal}, closing.\n`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Closing failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // Run with `node --import tsx` (as `npm run web` does), not the `tsx` command: its signal
  // relay gives the child 30 ms to acknowledge a SIGTERM, then kills it (exit 143) mid-close.
  // Listening before the ready line: whoever reads it may stop us at once.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(`Shotline dev host: ${host.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Shotline dev host could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
