/**
 * The export options of `shotline export` and `shotline render`, derived from the export
 * formats' fields (shared/contract/export.ts): a boolean field is a flag (`burnIn` ->
 * `--burn-in`), a choice or number field takes a value. A choice with a number shown beside it
 * also takes both at once, as people write transitions: `--transition dissolve:0.5`.
 */
import path from 'node:path';
import type { ExportField, ExportFormatInfo, ExportOptionValues, NumberField } from '../../../shared/contract/export';
import type { ExportJob } from '../../../shared/domain';
import type { AppOverrides, AppServices, ProjectServices } from '../../app/compose';
import { UserError } from '../../errors';
import { BUILT_IN_EXPORT_FORMATS } from '../../export/formats';
import { UsageError, stringOption, type CliArgs, type CliCommand, type CliIo } from '../command';

/** `burnIn` -> `burn-in`. */
const flagOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The number field that rides along with a choice (`dissolve:0.5`), if any. */
function companionOf(field: ExportField, fields: readonly ExportField[]): NumberField | undefined {
  return fields.find((f): f is NumberField => f.kind === 'number' && f.shownWhen?.key === field.key);
}

/** The formats the CLI offers: the built-in ones, and any a test adds. */
export function cliExportFormats(overrides?: AppOverrides): ExportFormatInfo[] {
  return [...BUILT_IN_EXPORT_FORMATS, ...(overrides?.exportFormats ?? [])];
}

/** parseArgs options for every field of `formats`, plus --out and --format. */
export function exportOptionsFor(formats: readonly ExportFormatInfo[]): CliCommand['options'] {
  const options: CliCommand['options'] = { out: { type: 'string', short: 'o' }, format: { type: 'string' } };
  for (const format of formats) {
    for (const field of format.fields) options[flagOf(field.key)] = { type: field.kind === 'boolean' ? 'boolean' : 'string' };
  }
  return options;
}

/** Help lines for --out, --format and each format's fields. */
export function exportOptionsHelp(formats: readonly ExportFormatInfo[]): string[] {
  const lines = [
    '  --out FILE                 where to write (required); the extension must match the format',
    `  --format ID                ${formats.map((f) => `${f.id} (${f.extension})`).join(', ')}; default ${formats[0]?.id ?? 'mp4'}`,
  ];
  for (const format of formats) {
    for (const field of format.fields) {
      let flag = `--${flagOf(field.key)}`;
      if (field.kind === 'choice') {
        const companion = companionOf(field, format.fields);
        flag += ` ${field.choices.map((c) => (companion?.shownWhen?.values.includes(c.value) ? `${c.value}[:S]` : c.value)).join('|')}`;
      } else if (field.kind === 'number') flag += ` ${field.min}-${field.max}`;
      lines.push(`  ${flag.padEnd(26)} ${field.help ?? field.label}${format.fields.length ? ` (${format.id})` : ''}`);
    }
  }
  return lines;
}

/** One choice value as the message lists it, e.g. `dissolve:SECONDS`. */
function choiceWords(field: Extract<ExportField, { kind: 'choice' }>, fields: readonly ExportField[]): string {
  const companion = companionOf(field, fields);
  const words = field.choices.map((c) => (companion?.shownWhen?.values.includes(c.value) ? `${c.value}:SECONDS` : c.value));
  const range = companion ? ` (SECONDS from ${companion.min} to ${companion.max})` : '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}${range}`;
}

export interface ParsedExport {
  format: string;
  outPath: string;
  options: ExportOptionValues;
}

/** Reads the export flags for the chosen format; a wrong value is a usage error naming the flag. */
export function parseExportOptions(values: CliArgs['values'], cwd: string, formats: readonly ExportFormatInfo[]): ParsedExport {
  const id = stringOption(values, 'format') ?? formats[0]!.id;
  const format = formats.find((f) => f.id === id);
  if (!format) throw new UsageError(`--format must be one of ${formats.map((f) => f.id).join(', ')}, not "${id}"`);
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError(`--out FILE${format.extension} is required`);
  if (path.extname(out).toLowerCase() !== format.extension) throw new UsageError(`--out must end in ${format.extension} for --format ${format.id}, not "${path.basename(out)}"`);
  const options: ExportOptionValues = {};
  for (const field of format.fields) {
    const flag = flagOf(field.key);
    const value = values[flag];
    if (value === undefined) continue;
    if (field.kind === 'boolean') {
      options[field.key] = value === true;
      continue;
    }
    const text = String(value).trim();
    if (field.kind === 'number') {
      const n = Number(text);
      if (!(text !== '' && Number.isFinite(n) && n >= field.min && n <= field.max)) throw new UsageError(`--${flag} must be a number from ${field.min} to ${field.max}, not "${text}"`);
      options[field.key] = n;
      continue;
    }
    const [choice, seconds] = text.split(':');
    const companion = companionOf(field, format.fields);
    const rides = companion !== undefined && companion.shownWhen!.values.includes(choice ?? '');
    const n = seconds === undefined ? undefined : Number(seconds);
    const badSeconds = seconds !== undefined && (!rides || !(seconds !== '' && n !== undefined && Number.isFinite(n) && n >= companion.min && n <= companion.max));
    if (!field.choices.some((c) => c.value === choice) || badSeconds) {
      throw new UsageError(`--${flag} must be ${choiceWords(field, format.fields)}, not "${text}"`);
    }
    options[field.key] = choice!;
    if (rides && n !== undefined) options[companion!.key] = n;
  }
  return { format: format.id, outPath: path.resolve(cwd, out), options };
}

/** Runs an export of the open project, printing progress on stderr; throws UserError when it fails. */
export async function runExport(app: AppServices, project: ProjectServices, request: ParsedExport, io: CliIo): Promise<ExportJob> {
  // Checked first, so a missing filter (xfade for a dissolve) is named before any work starts.
  await app.ffmpeg.check((line) => io.err(line));
  let lastTenth = -1;
  const unsubscribe = app.events.subscribe((name, payload) => {
    if (name !== 'export.progress') return;
    const job = payload as ExportJob;
    const tenth = Math.floor(job.progress * 10);
    if (job.status !== 'running' || tenth === lastTenth) return;
    lastTenth = tenth;
    io.err(`  export ${Math.round(job.progress * 100)}%${job.etaSeconds !== null ? `, about ${Math.ceil(job.etaSeconds)} s left` : ''}`);
  });
  try {
    const started = project.exports.start(request);
    const job = await project.exports.wait(started.id);
    if (job.status !== 'done') throw new UserError(job.status === 'cancelled' ? 'conflict' : 'refused', job.message);
    io.out(job.message);
    return job;
  } finally {
    unsubscribe();
  }
}
