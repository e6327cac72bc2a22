/** `shotline sheet <dir> --out file.png`: the contact sheet, i.e. `shotline export --format contact-sheet`. */
import type { CliCommand } from '../command';
import { cliExportFormats, parseExportOptions, runExport } from './export-options';

export const sheetCommand: CliCommand = {
  name: 'sheet',
  summary: 'Write a contact sheet (PNG grid of the shots) for sharing the storyboard.',
  usage: 'shotline sheet <dir> --out FILE.png',
  help: [
    'One cell per shot: the poster frame of its selected take (else its first reference image,',
    'else grey), with the shot number, title, duration and the first line of its prompt.',
    'The same as `shotline export <dir> --format contact-sheet --out FILE.png`.',
    '',
    '  --out FILE.png  where to write the sheet (required)',
    '',
    'Example: shotline sheet Lighthouse.shotline --out lighthouse-sheet.png',
  ].join('\n'),
  options: { out: { type: 'string', short: 'o' } },
  positionals: ['dir'],
  async run({ positionals, values, io, overrides }) {
    const request = parseExportOptions({ ...values, format: 'contact-sheet' }, io.cwd, cliExportFormats(overrides));
    // Loaded here, not at the top: the services are not needed for --help or a usage error.
    const { openCliProject } = await import('../cli-app');
    const cli = await openCliProject(positionals[0]!, io, overrides);
    try {
      await runExport(cli.app, cli.project, request, io);
    } finally {
      await cli.close();
    }
  },
};
