/**
 * The `shotline` command line: finds the command, parses its options with node:util parseArgs,
 * loads and runs it, and turns failures into a message on stderr and an exit code (1: the work
 * failed, 2: the command line was wrong). Holds no logic of its own: commands call the app's
 * services. `--version` and the command list answer from commands/index.ts without loading any
 * command's module; a command's own help and options come from its module.
 */
import { parseArgs } from 'node:util';
// Only `version` is kept: the bundler drops the rest of package.json.
import { version } from '../../package.json';
import type { AppOverrides } from '../app/compose';
import { UserError } from '../errors';
import { UsageError, type CliCommand, type CliIo } from './command';
import { commands } from './commands';

const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  cwd: process.cwd(),
};

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Shotline: write a film shot by shot, generate each shot, export the sequence.',
    '',
    'Usage: shotline <command> [options]',
    '       shotline --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `shotline <command> --help` for a command\u2019s options.',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', command.help].join('\n');
}

/**
 * Runs the command line `argv` (without node and the script); resolves to the exit code.
 * `overrides` lets a test add to the app what production never has (a fake provider or format).
 */
export async function runCli(argv: string[], io: CliIo = processIo, overrides?: AppOverrides): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    io.out(version);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(generalHelp());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`shotline: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}. Run shotline --help.`);
    return 2;
  }
  const command = await entry.load();
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...(command.optionsFor?.(overrides) ?? command.options), help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    const expected = command.positionals.length;
    if (parsed.positionals.length !== expected) {
      const missing = command.positionals.slice(parsed.positionals.length);
      throw new UsageError(
        missing.length > 0
          ? `missing ${missing.map((p) => `<${p}>`).join(' ')}`
          : `too many arguments: ${parsed.positionals.slice(expected).join(' ')}`,
      );
    }
    await command.run({ positionals: parsed.positionals, values: parsed.values, io, overrides });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`shotline ${command.name}: ${error.message}\nUsage: ${command.usage}\nRun shotline ${command.name} --help for details.`);
      return 2;
    }
    if (error instanceof UserError) {
      io.err(`shotline ${command.name}: ${error.message}`);
      return 1;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`shotline ${command.name} failed unexpectedly (this is a bug; please report it with this output):\n${detail}`);
    return 1;
  }
}
