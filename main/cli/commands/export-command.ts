/** `shotline export <dir> --out FILE [--format ID]`: the project in one export format (default: the MP4). */
import type { CliCommand } from '../command';
import { cliExportFormats, exportOptionsFor, exportOptionsHelp, parseExportOptions, runExport } from './export-options';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export the project: the selected takes in shot order as one MP4, or another format.',
  usage: 'shotline export <dir> --out FILE [--format ID] [format options]',
  help: [
    'Joins each shot\u2019s selected take (with its trims) by the shot\u2019s transition. Cuts are a stream',
    'copy; a dissolve or dip re-encodes only the second or two around it. The file is written',
    'beside the target as NAME.partial.mp4, checked with ffprobe, then renamed. Other formats',
    '(--format) write other files from the same shots; the editor formats (edl, fcpxml, xmeml,',
    'otio, mlt) write a folder NAME/ beside --out with the file and the takes it uses in media/.',
    '',
    ...exportOptionsHelp(cliExportFormats()),
    '',
    'Example: shotline export Lighthouse.shotline --out lighthouse.mp4 --transition dissolve:0.5',
  ].join('\n'),
  options: exportOptionsFor(cliExportFormats()),
  optionsFor: (overrides) => exportOptionsFor(cliExportFormats(overrides)),
  positionals: ['dir'],
  async run({ positionals, values, io, overrides }) {
    const request = parseExportOptions(values, io.cwd, cliExportFormats(overrides));
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
