/** The cut as FCPXML 1.10 for Final Cut Pro and DaVinci Resolve, in a hand-off folder (shared/interchange/fcpxml.ts). */
import { writeFcpxml } from '../../../shared/interchange/fcpxml';
import { FILL_MISSING_FIELD, handoffFormat } from '../handoff-folder';

export const fcpxmlFormat = handoffFormat({
  id: 'fcpxml',
  label: 'Final Cut Pro / Resolve (FCPXML)',
  description: 'The cut as FCPXML 1.10 (clips, trims, dissolves, markers) in a folder with its takes, for Final Cut Pro and DaVinci Resolve.',
  extension: '.fcpxml',
  fields: [{ ...FILL_MISSING_FIELD, help: 'a gap (black) for shots without a take, instead of refusing' }],
  write: (cut) => writeFcpxml(cut),
});
