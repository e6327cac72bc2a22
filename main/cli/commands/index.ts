/**
 * Every `shotline` command, in the order `--help` lists them: its name, the line the list
 * shows, and a `load()` that imports the command's module only when that command runs (or
 * shows its own help). Most modules reach the store, sharp, ffmpeg and the provider SDKs: a few
 * hundred milliseconds of loading that `--version` and `--help` must not wait for; the bundle
 * (main/build/bundle-cli.ts) makes each module its own chunk. The module is the one source of
 * its usage, help and options; test/cli/command-index.test.ts checks the summaries match.
 * To add a command, write `<name>-command.ts` exporting a `CliCommand` and add a line here.
 */
import type { CliCommand } from '../command';

/** A command as the list knows it before its module is loaded. */
export interface CliCommandEntry {
  name: string;
  /** One line for the command list (the module's own `summary`). */
  summary: string;
  /** Imports the command's module. */
  load(): Promise<CliCommand>;
}

export const commands: readonly CliCommandEntry[] = [
  { name: 'new', summary: 'Create an empty project folder.', load: async () => (await import('./new-command')).newCommand },
  { name: 'import', summary: 'Import a shot-list JSON file or a Fountain script into a project.', load: async () => (await import('./import-command')).importCommand },
  {
    name: 'info',
    summary: 'Show a project\u2019s scenes (number, heading, shots, duration), shots (number, title, duration, timecode in), total length and elements.',
    load: async () => (await import('./info-command')).infoCommand,
  },
  {
    name: 'models',
    summary: 'List the models a shot can use, with sizes, lengths, prices and whether each provider is ready.',
    load: async () => (await import('./models-command')).modelsCommand,
  },
  { name: 'estimate', summary: 'Show the cost of generating each shot and the total.', load: async () => (await import('./estimate-command')).estimateCommand },
  { name: 'generate', summary: 'Generate a take for every shot that has none.', load: async () => (await import('./generate-command')).generateCommand },
  {
    name: 'export',
    summary: 'Export the project: the selected takes in shot order as one MP4, or another format.',
    load: async () => (await import('./export-command')).exportCommand,
  },
  {
    name: 'stills',
    summary: 'Make a still frame of each shot (free and local unless a provider is named).',
    load: async () => (await import('./stills-command')).stillsCommand,
  },
  { name: 'render', summary: 'Generate every shot that has no take, then export the sequence.', load: async () => (await import('./render-command')).renderCommand },
  {
    name: 'sheet',
    summary: 'Write a contact sheet (PNG grid of the shots) for sharing the storyboard.',
    load: async () => (await import('./sheet-command')).sheetCommand,
  },
];
