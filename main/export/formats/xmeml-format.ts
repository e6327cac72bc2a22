/** The cut as Final Cut Pro 7 XML (xmeml 5) for Premiere Pro and Resolve, in a hand-off folder (shared/interchange/xmeml.ts). */
import { writeXmeml } from '../../../shared/interchange/xmeml';
import { FILL_MISSING_FIELD, handoffFormat } from '../handoff-folder';

export const xmemlFormat = handoffFormat({
  id: 'xmeml',
  label: 'Premiere Pro / Resolve (FCP7 XML)',
  description: 'The cut as Final Cut Pro 7 XML (xmeml 5: clips, trims, dissolves, markers, sound) in a folder with its takes, for Premiere Pro and DaVinci Resolve.',
  extension: '.xml',
  fields: [{ ...FILL_MISSING_FIELD, help: 'an empty stretch (black) for shots without a take, instead of refusing' }],
  write: (cut) => writeXmeml(cut),
});
