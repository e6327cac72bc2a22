/** `shotline export <dir> --out file.mp4`: the selected takes in shot order, as one MP4. */
import { openCliSession } from '../../generation/cli-session';
import type { CliCommand } from '../command';
import { exportOptions, exportOptionsHelp, parseExportOptions, runExport } from './export-options';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export the selected takes, in shot order, as one MP4.',
  usage: 'shotline export <dir> --out FILE.mp4 [--transition cut|dissolve:S|dip:S] [--burn-in] [--loudnorm] [--fill-missing]',
  help: [
    'Joins each shot\u2019s selected take (with its trims) by the shot\u2019s transition. Cuts are a stream',
    'copy; a dissolve or dip re-encodes only the second or two around it. The file is written',
    'beside the target as NAME.partial.mp4, checked with ffprobe, then renamed.',
    '',
    ...exportOptionsHelp,
    '',
    'Example: shotline export Lighthouse.shotline --out lighthouse.mp4 --transition dissolve:0.5',
  ].join('\n'),
  options: exportOptions,
  positionals: ['dir'],
  async run({ positionals, values, io }) {
    const options = parseExportOptions(values, io.cwd);
    const cli = await openCliSession(positionals[0]!, io.cwd, (line) => io.err(line));
    try {
      await runExport(cli.session, options, io);
    } finally {
      await cli.close();
    }
  },
};
