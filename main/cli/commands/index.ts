/**
 * Every `shotline` command, in the order `--help` lists them, as data: what the help and the
 * option parser need, and a `load()` that imports the command's module only when it runs. Most
 * modules open a session at the top of their imports (the store, sharp, ffmpeg, the provider
 * SDKs: a few hundred milliseconds of loading), which `--version`, `--help` and a usage error
 * must not wait for; the bundle (main/build/bundle-cli.ts) makes each module its own chunk.
 *
 * Each entry repeats its module's name, summary, usage, help, options and positionals, so that
 * the modules stay as they are; test/cli/command-index.test.ts checks every entry against its
 * module, so the two cannot drift. To add a command, write `<name>-command.ts` exporting a
 * `CliCommand` and add its entry here.
 */
import type { CliCommand } from '../command';

/** A command as the list knows it before its module is loaded. */
export interface CliCommandEntry extends Omit<CliCommand, 'run'> {
  /** Imports the command's module; resolves to the command whose fields this entry repeats. */
  load(): Promise<CliCommand>;
}

// As in generate-command.ts, and export-options.ts (which loads the export service).
const GENERATE_OPTIONS: CliCommand['options'] = {
  provider: { type: 'string' },
  model: { type: 'string' },
  budget: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'new-take': { type: 'boolean' },
};

const EXPORT_OPTIONS: CliCommand['options'] = {
  out: { type: 'string', short: 'o' },
  transition: { type: 'string' },
  'burn-in': { type: 'boolean' },
  loudnorm: { type: 'boolean' },
  'fill-missing': { type: 'boolean' },
};

const EXPORT_OPTIONS_HELP = [
  '  --out FILE.mp4             where to write the sequence (required)',
  '  --transition T             use T between every pair of shots instead of each shot\u2019s own:',
  '                             cut, dissolve:SECONDS or dip:SECONDS (dip to black)',
  '  --burn-in                  shot number, title and running timecode on the picture (review copy)',
  '  --loudnorm                 normalise loudness to -16 LUFS (EBU R128); the picture is still copied',
  '  --fill-missing             a black slate with the title for shots without a take, instead of refusing',
];

export const commands: readonly CliCommandEntry[] = [
  {
    name: 'new',
    summary: 'Create an empty project folder.',
    usage: 'shotline new <dir> [--name NAME] [--size 1280x720] [--fps 24]',
    help: [
      'If <dir> ends in .shotline, exactly that folder is created; otherwise <dir>/<NAME>.shotline',
      'is (NAME defaults to the last part of <dir>). The folder must not exist yet.',
      '',
      'Options:',
      '  --name NAME     display name of the project (and the folder name inside <dir>)',
      '  --size WxH      house frame size, even numbers (default 1280x720)',
      '  --fps N         house frame rate, a whole number (default 24)',
      '',
      'Example: shotline new ~/films --name Lighthouse --size 1920x1080 --fps 25',
    ].join('\n'),
    options: {
      name: { type: 'string' },
      size: { type: 'string' },
      fps: { type: 'string' },
    },
    positionals: ['dir'],
    load: async () => (await import('./new-command')).newCommand,
  },
  {
    name: 'import',
    summary: 'Import a shot-list JSON file into a project.',
    usage: 'shotline import <dir> <shotlist.json>',
    help: [
      '<dir> is the project folder (ending in .shotline). The shot list\u2019s elements and shots are',
      'added after the existing ones and its style replaces the project style, all in one',
      'transaction; images (paths relative to the JSON file) are copied into the project.',
      'If anything is wrong, nothing is changed and the problem is named.',
      '',
      'Example: shotline import Lighthouse.shotline examples/lighthouse/shots.json',
    ].join('\n'),
    options: {},
    positionals: ['dir', 'shotlist.json'],
    load: async () => (await import('./import-command')).importCommand,
  },
  {
    name: 'info',
    summary: 'Show a project\u2019s shots (number, title, duration, timecode in), total length and elements.',
    usage: 'shotline info <dir> [--json]',
    help: [
      '<dir> is the project folder (ending in .shotline). Durations are after trims, rounded to',
      'whole frames at the project fps; dissolves overlap the shots they join.',
      '',
      'Options:',
      '  --json          print one JSON object instead of a table (for scripts)',
    ].join('\n'),
    options: { json: { type: 'boolean' } },
    positionals: ['dir'],
    load: async () => (await import('./info-command')).infoCommand,
  },
  {
    name: 'estimate',
    summary: 'Show the cost of generating each shot and the total.',
    usage: 'shotline estimate <dir> [--provider ID] [--model ID] [--json]',
    help: [
      'Prices come from the model registry (USD per second of output x the shot\u2019s seconds).',
      'Nothing is sent anywhere. --provider/--model price every shot with that model instead of',
      'its own; --json prints the estimate as JSON.',
      '',
      'Example: shotline estimate Lighthouse.shotline --provider openai --model sora-2',
    ].join('\n'),
    options: { provider: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
    positionals: ['dir'],
    load: async () => (await import('./estimate-command')).estimateCommand,
  },
  {
    name: 'generate',
    summary: 'Generate a take for every shot that has none.',
    usage: 'shotline generate <dir> [--provider ID] [--model ID] [--budget USD] [--yes] [--new-take]',
    help: [
      'Every shot without a selected take is generated with its own provider and model (the',
      'project default is the local, free animatic), or with --provider/--model for all of them.',
      'Keys and base URLs come from the environment: OPENAI_API_KEY, OPENAI_BASE_URL,',
      'GEMINI_API_KEY (or GOOGLE_API_KEY), GOOGLE_GEMINI_BASE_URL.',
      '',
      '  --budget USD  refuse the run if it would cost more than USD (the project budget also applies)',
      '  --yes         do not ask before spending money (required for paid runs without a terminal)',
      '  --new-take    make new takes even where an identical request already has one',
      '',
      'An identical request reuses its take at $0. Unfinished jobs of an earlier run resume first.',
      'Example: OPENAI_API_KEY=... shotline generate Lighthouse.shotline --provider openai --yes',
    ].join('\n'),
    options: GENERATE_OPTIONS,
    positionals: ['dir'],
    load: async () => (await import('./generate-command')).generateCommand,
  },
  {
    name: 'export',
    summary: 'Export the selected takes, in shot order, as one MP4.',
    usage: 'shotline export <dir> --out FILE.mp4 [--transition cut|dissolve:S|dip:S] [--burn-in] [--loudnorm] [--fill-missing]',
    help: [
      'Joins each shot\u2019s selected take (with its trims) by the shot\u2019s transition. Cuts are a stream',
      'copy; a dissolve or dip re-encodes only the second or two around it. The file is written',
      'beside the target as NAME.partial.mp4, checked with ffprobe, then renamed.',
      '',
      ...EXPORT_OPTIONS_HELP,
      '',
      'Example: shotline export Lighthouse.shotline --out lighthouse.mp4 --transition dissolve:0.5',
    ].join('\n'),
    options: EXPORT_OPTIONS,
    positionals: ['dir'],
    load: async () => (await import('./export-command')).exportCommand,
  },
  {
    name: 'render',
    summary: 'Generate every shot that has no take, then export the sequence.',
    usage: 'shotline render <dir> --out FILE.mp4 [generate options] [export options]',
    help: [
      'Runs `shotline generate` and then `shotline export`, so one command turns a shot list into',
      'a film. <dir> is a project folder, or a shot-list folder (with shots.json) or JSON file: the',
      'first run imports it into <folder>/<Name>.shotline, later runs reuse that project. Generate options: --provider, --model, --budget, --yes, --new-take (see',
      'shotline generate --help). Export options:',
      '',
      ...EXPORT_OPTIONS_HELP,
      '',
      'Example (offline, free, with the animatic): shotline render examples/lighthouse --out lighthouse.mp4',
    ].join('\n'),
    options: { ...GENERATE_OPTIONS, ...EXPORT_OPTIONS },
    positionals: ['dir'],
    load: async () => (await import('./render-command')).renderCommand,
  },
  {
    name: 'sheet',
    summary: 'Write a contact sheet (PNG grid of the shots) for sharing the storyboard.',
    usage: 'shotline sheet <dir> --out FILE.png',
    help: [
      'One cell per shot: the poster frame of its selected take (else its first reference image,',
      'else grey), with the shot number, title, duration and the first line of its prompt.',
      '',
      '  --out FILE.png  where to write the sheet (required)',
      '',
      'Example: shotline sheet Lighthouse.shotline --out lighthouse-sheet.png',
    ].join('\n'),
    options: { out: { type: 'string', short: 'o' } },
    positionals: ['dir'],
    load: async () => (await import('./sheet-command')).sheetCommand,
  },
];
