/**
 * `shotline render <dir> --out file.mp4`: `shotline generate` (the very same command code),
 * then `shotline export`. With the default animatic provider it works offline, at no cost.
 */
import type { CliCommand } from '../command';
import { cliExportFormats, exportOptionsFor, exportOptionsHelp, parseExportOptions, runExport } from './export-options';
import { generateCommand } from './generate-command';
import { projectFromTarget } from './project-target';

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Generate every shot that has no take, then export the sequence.',
  usage: 'shotline render <dir> --out FILE.mp4 [generate options] [export options]',
  help: [
    'Runs `shotline generate` and then `shotline export`, so one command turns a shot list into',
    'a film. <dir> is a project folder, or a shot-list folder (with shots.json) or JSON file: the',
    'first run imports it into <folder>/<Name>.shotline, later runs reuse that project. Generate options: --provider, --model, --budget, --yes, --new-take (see',
    'shotline generate --help). Export options:',
    '',
    ...exportOptionsHelp(cliExportFormats()),
    '',
    'Example (offline, free, with the animatic): shotline render examples/lighthouse --out lighthouse.mp4',
  ].join('\n'),
  options: { ...generateCommand.options, ...exportOptionsFor(cliExportFormats()) },
  optionsFor: (overrides) => ({ ...generateCommand.options, ...exportOptionsFor(cliExportFormats(overrides)) }),
  positionals: ['dir'],
  async run(args) {
    // Check the export options before spending anything on generation.
    const request = parseExportOptions(args.values, args.io.cwd, cliExportFormats(args.overrides));
    const generateValues = Object.fromEntries(Object.entries(args.values).filter(([k]) => k in generateCommand.options));
    const project = await projectFromTarget(args.positionals[0]!, args.io);
    await generateCommand.run({ ...args, positionals: [project], values: generateValues });
    // Loaded here, not at the top: the services are not needed for --help or a usage error.
    const { openCliProject } = await import('../cli-app');
    const cli = await openCliProject(project, args.io, args.overrides);
    try {
      await runExport(cli.app, cli.project, request, args.io);
    } finally {
      await cli.close();
    }
  },
};
