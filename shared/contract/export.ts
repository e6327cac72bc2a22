/**
 * Contract calls for exporting the sequence (MP4) and the contact sheet (PNG). An export runs
 * in the background: `export.start` answers at once with the job, `export.progress` events
 * follow, `export.status` and `export.cancel` look at or stop it.
 */
import { z } from 'zod';
import { call } from './define';
import { Id } from './limits';
import type { ExportJob } from '../domain';

/** An absolute output path with the given extension (the parent folder is checked in main). */
function outPathWith(ext: '.mp4' | '.png') {
  return z
    .string()
    .min(2)
    .max(4096)
    .refine((s) => !s.includes('\0'), 'must not contain NUL characters')
    .refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'), 'must be an absolute path')
    .refine((s) => s.toLowerCase().endsWith(ext), `must end in ${ext}`);
}

/** `cut`, or a dissolve / dip to black of 0.04-10 seconds. */
const TransitionOption = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cut'), seconds: z.literal(0).optional() }),
  z.strictObject({ kind: z.literal('dissolve'), seconds: z.number().min(0.04).max(10) }),
  z.strictObject({ kind: z.literal('dip'), seconds: z.number().min(0.04).max(10) }),
]);

/** What a contact sheet run produced. */
export interface SheetResult {
  outPath: string;
  shots: number;
  width: number;
  height: number;
}

export const exportCalls = {
  'export.start': call<ExportJob>()(
    z.strictObject({
      outPath: outPathWith('.mp4'),
      /** Replaces every shot's own transition. */
      transition: TransitionOption.optional(),
      /** Shot number, title and running timecode on the picture (review copies). */
      burnIn: z.boolean().optional(),
      /** Loudness normalised to -16 LUFS (EBU R128). */
      loudnorm: z.boolean().optional(),
      /** Black slates with the shot's title where a shot has no ready take. */
      fillMissing: z.boolean().optional(),
    }),
    'Starts exporting the sequence to an MP4 in the background; progress comes as export.progress events.',
  ),
  'export.cancel': call<ExportJob>()(z.strictObject({ id: Id }), 'Cancels a running export; nothing is left on disk.'),
  'export.status': call<ExportJob[]>()(z.strictObject({ id: Id.optional() }), 'Exports of the open project (newest first), or one of them.'),
  'export.sheet': call<SheetResult>()(
    z.strictObject({ outPath: outPathWith('.png') }),
    'Writes a contact sheet: a PNG grid of the shots with number, title, duration and prompt.',
  ),
} as const;
