/** The sequence as a CMX3600 EDL in a hand-off folder with its media (shared/interchange/edl.ts). */
import { writeEdl } from '../../../shared/interchange/edl';
import { FILL_MISSING_FIELD, handoffFormat } from '../handoff-folder';

export const edlFormat = handoffFormat({
  id: 'edl',
  label: 'Edit decision list (CMX3600 EDL)',
  description: 'The cut as an EDL (reels, source and record timecode, cuts and dissolves) in a folder with its takes, for rebuilding it in an editor.',
  extension: '.edl',
  fields: [{ ...FILL_MISSING_FIELD, help: 'a black event (reel BL) for shots without a take, instead of refusing' }],
  write: (cut) => writeEdl({ title: cut.title, rate: cut.rate, shots: cut.shots }),
});
