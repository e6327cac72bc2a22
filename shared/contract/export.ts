/**
 * Contract calls for exports. An export is a job of one format (the stitched MP4, the contact
 * sheet, and later the editors' interchange files): `export.formats` says which formats exist
 * and which options each takes, `export.start` answers at once with the job, `export.progress`
 * events follow, `export.status` and `export.cancel` look at or stop it.
 *
 * A format's options are described as data (fields), so the export dialog and the CLI list and
 * check them without knowing any format; `exportOptionsSchema` turns the fields into the zod
 * schema main validates the options with.
 */
import { z } from 'zod';
import { call } from './define';
import { AbsolutePath, Id } from './limits';
import type { ExportJob } from '../domain';

/** An option that is on or off. */
export interface BooleanField {
  kind: 'boolean';
  key: string;
  label: string;
  default: boolean;
  /** What the export dialog starts with, when it differs from the default the CLI and API use. */
  suggested?: boolean;
  /** One line for the CLI's help and the dialog's tooltip. */
  help?: string;
}

/** An option picked from a list. */
export interface ChoiceField {
  kind: 'choice';
  key: string;
  label: string;
  choices: Array<{ value: string; label: string }>;
  default: string;
  help?: string;
}

/** A number of seconds (or another bounded number). */
export interface NumberField {
  kind: 'number';
  key: string;
  label: string;
  min: number;
  max: number;
  default: number;
  /** Shown and used only while another field has one of these values. */
  shownWhen?: { key: string; values: string[] };
  help?: string;
}

export type ExportField = BooleanField | ChoiceField | NumberField;

/** What the dialog and the CLI know of a format. */
export interface ExportFormatInfo {
  /** Stable id, e.g. `mp4`, `contact-sheet` (`shotline export --format ID`). */
  id: string;
  /** Words for the dialog, e.g. "Sequence (MP4)". */
  label: string;
  /** One sentence on what the file is for. */
  description: string;
  /** The output file's extension, with the dot (`.mp4`). */
  extension: string;
  fields: ExportField[];
}

/** The values of a format's options, by field key. */
export type ExportOptionValues = Record<string, boolean | number | string>;

/** The zod schema of a format's options: every field optional, filled with its default. */
export function exportOptionsSchema(fields: readonly ExportField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    if (f.kind === 'boolean') shape[f.key] = z.boolean().default(f.default);
    else if (f.kind === 'choice') {
      const values = f.choices.map((c) => c.value) as [string, ...string[]];
      shape[f.key] = z.enum(values).default(f.default);
    } else shape[f.key] = z.number().min(f.min).max(f.max).default(f.default);
  }
  return z.strictObject(shape) as unknown as z.ZodType<ExportOptionValues, Partial<ExportOptionValues>>;
}

const FormatId = z.string().min(1).max(60).regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a format id like "mp4"');

export const exportCalls = {
  'export.formats': call<ExportFormatInfo[]>()(z.strictObject({}), 'The export formats and the options each takes.'),
  'export.start': call<ExportJob>()(
    z.strictObject({
      /** A format id from `export.formats` (default `mp4`). */
      format: FormatId.default('mp4'),
      /** Where to write; must end in the format's extension (the folder is checked in main). */
      outPath: AbsolutePath,
      /** The format's options by field key (checked in main against the format's fields). */
      options: z.record(z.string().max(60), z.union([z.boolean(), z.number(), z.string().max(200)])).optional(),
    }),
    'Starts an export in the background; progress comes as export.progress events.',
  ),
  'export.cancel': call<ExportJob>()(z.strictObject({ id: Id }), 'Cancels a running export; nothing is left on disk.'),
  'export.status': call<ExportJob[]>()(z.strictObject({ id: Id.optional() }), 'Exports of the open project (newest first), or one of them.'),
} as const;
