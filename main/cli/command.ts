/**
 * What a CLI command is: a name, its help, its options (node:util parseArgs) and a `run` that
 * calls the same services the app uses. Adding a command is one file in commands/ plus one
 * line in commands/index.ts.
 */
import type { ParseArgsConfig } from 'node:util';
import type { AppOverrides } from '../app/compose';

/** Where a command writes. Tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Folder relative paths are resolved against. */
  cwd: string;
}

/** Parsed arguments handed to a command. */
export interface CliArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
  /** What a test adds to the app (a fake provider, a fake export format); none in production. */
  overrides?: AppOverrides;
}

/** One `shotline <name>` command. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The synopsis, e.g. `shotline info <dir> [--json]`. */
  usage: string;
  /** Longer help: what it does, each option, an example. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** The options when they depend on what the app has (export formats a test adds); default `options`. */
  optionsFor?(overrides: AppOverrides | undefined): NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments, in order (all required). */
  positionals: string[];
  run(args: CliArgs): Promise<void>;
}

/** Wrong use of the command line (exit code 2, followed by the usage line). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A string option's value, or undefined. */
export function stringOption(values: CliArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
