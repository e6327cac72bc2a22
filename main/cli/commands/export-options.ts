/**
 * The export options shared by `shotline export` and `shotline render`, parsed once.
 */
import path from 'node:path';
import type { ExportJob } from '../../../shared/domain';
import { parseTransitionOption } from '../../../shared/export-plan';
import { UserError } from '../../errors';
import { exportServiceFor } from '../../export/export-service';
import type { AppSession } from '../../services/app-session';
import { runStartupSelfTest } from '../../services/startup-self-test';
import { UsageError, stringOption, type CliArgs, type CliCommand, type CliIo } from '../command';

export const exportOptions: CliCommand['options'] = {
  out: { type: 'string', short: 'o' },
  transition: { type: 'string' },
  'burn-in': { type: 'boolean' },
  loudnorm: { type: 'boolean' },
  'fill-missing': { type: 'boolean' },
};

export const exportOptionsHelp = [
  '  --out FILE.mp4             where to write the sequence (required)',
  '  --transition T             use T between every pair of shots instead of each shot\u2019s own:',
  '                             cut, dissolve:SECONDS or dip:SECONDS (dip to black)',
  '  --burn-in                  shot number, title and running timecode on the picture (review copy)',
  '  --loudnorm                 normalise loudness to -16 LUFS (EBU R128); the picture is still copied',
  '  --fill-missing             a black slate with the title for shots without a take, instead of refusing',
];

export interface ParsedExportOptions {
  outPath: string;
  transition?: { kind: 'cut' | 'dissolve' | 'dip'; seconds: number };
  burnIn: boolean;
  loudnorm: boolean;
  fillMissing: boolean;
}

export function parseExportOptions(values: CliArgs['values'], cwd: string, ext = '.mp4'): ParsedExportOptions {
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError(`--out FILE${ext} is required`);
  if (path.extname(out).toLowerCase() !== ext) throw new UsageError(`--out must end in ${ext}, not "${path.basename(out)}"`);
  const text = stringOption(values, 'transition');
  const transition = text === undefined ? undefined : parseTransitionOption(text);
  if (transition === null) throw new UsageError(`--transition must be cut, dissolve:SECONDS or dip:SECONDS (0.04 to 10), not "${text}"`);
  return {
    outPath: path.resolve(cwd, out),
    transition,
    burnIn: values['burn-in'] === true,
    loudnorm: values.loudnorm === true,
    fillMissing: values['fill-missing'] === true,
  };
}

/** Runs an export in `session`, printing progress on stderr; throws UserError when it fails. */
export async function runExport(session: AppSession, options: ParsedExportOptions, io: CliIo): Promise<ExportJob> {
  // Checked first, so a missing filter (xfade for a dissolve) is named before any work starts.
  await runStartupSelfTest(session.settings, (line) => io.err(line));
  const service = exportServiceFor(session);
  let lastTenth = -1;
  const unsubscribe = session.events.subscribe((name, payload) => {
    if (name !== 'export.progress') return;
    const job = payload as ExportJob;
    const tenth = Math.floor(job.progress * 10);
    if (job.status !== 'running' || tenth === lastTenth) return;
    lastTenth = tenth;
    io.err(`  export ${Math.round(job.progress * 100)}%${job.etaSeconds !== null ? `, about ${Math.ceil(job.etaSeconds)} s left` : ''}`);
  });
  try {
    const started = service.start(options);
    const job = await service.wait(started.id);
    if (job.status !== 'done') throw new UserError(job.status === 'cancelled' ? 'conflict' : 'refused', job.message);
    io.out(job.message);
    return job;
  } finally {
    unsubscribe();
  }
}
