/** `shotline sheet <dir> --out file.png`: a contact sheet of the shots. */
import path from 'node:path';
import { exportServiceFor } from '../../export/export-service';
import { openCliSession } from '../../generation/cli-session';
import { UsageError, stringOption, type CliCommand } from '../command';

export const sheetCommand: CliCommand = {
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
  async run({ positionals, values, io }) {
    const out = stringOption(values, 'out');
    if (!out) throw new UsageError('--out FILE.png is required');
    if (path.extname(out).toLowerCase() !== '.png') throw new UsageError(`--out must end in .png, not "${path.basename(out)}"`);
    const cli = await openCliSession(positionals[0]!, io.cwd, (line) => io.err(line));
    try {
      const result = await exportServiceFor(cli.session).sheet(path.resolve(io.cwd, out));
      io.out(`Wrote ${result.outPath} (${result.shots} shots, ${result.width}x${result.height}).`);
    } finally {
      await cli.close();
    }
  },
};
