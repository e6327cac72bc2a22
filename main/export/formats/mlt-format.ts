/** The cut as MLT XML for Shotcut and Kdenlive, in a hand-off folder (shared/interchange/mlt.ts). */
import { writeMlt } from '../../../shared/interchange/mlt';
import { FILL_MISSING_FIELD, handoffFormat } from '../handoff-folder';

export const mltFormat = handoffFormat({
  id: 'mlt',
  label: 'Shotcut / Kdenlive (MLT XML)',
  description: 'The cut as an MLT XML project (clips, trims, dissolves and dips) in a folder with its takes, for Shotcut, Kdenlive and melt.',
  extension: '.mlt',
  fields: [{ ...FILL_MISSING_FIELD, help: 'black for shots without a take, instead of refusing' }],
  write: (cut) => writeMlt(cut),
});
