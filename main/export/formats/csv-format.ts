/**
 * The shot list as CSV, for a spreadsheet or a production tool: a header row, then one record
 * per shot with the same rows the printed shot list has (shared/print/print-shots.ts). UTF-8
 * with a byte-order mark, because Excel reads a CSV without one in the system's legacy code
 * page and mangles accents; CRLF line ends, as RFC 4180 writes them.
 */
import { CSV_COLUMNS, csvRecord } from '../../../shared/print/print-shots';
import { UserError } from '../../errors';
import { writeFileAtomically } from '../../media/atomic-file';
import type { ExportFormat } from './export-format';

export const csvFormat: ExportFormat = {
  id: 'csv',
  label: 'Shot list (CSV)',
  description: 'The shot list as a spreadsheet: one row per shot with scene, description, framing, camera, timing, model, status and cost.',
  extension: '.csv',
  fields: [],
  async run(context) {
    const { sequence, store } = context;
    if (sequence.shots.length === 0) throw new UserError('conflict', 'The project has no shots, so the shot list would be empty. Add shots first.');
    const [{ gatherPrintShots }, { stringify }] = await Promise.all([import('../print/gather-print'), import('csv-stringify/sync')]);
    context.progress(0, null);
    const shots = gatherPrintShots(store, sequence);
    const text = stringify(shots.map(csvRecord), { header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: 'windows' });
    if (context.signal.aborted) throw new Error('cancelled');
    await writeFileAtomically(context.outPath, text);
    context.progress(1, 0);
    return `Wrote ${context.outPath} (${shots.length} shots).`;
  },
};
