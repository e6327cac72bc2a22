/** The cut as OpenTimelineIO JSON, in a hand-off folder (shared/interchange/otio.ts). */
import { writeOtio } from '../../../shared/interchange/otio';
import { FILL_MISSING_FIELD, handoffFormat } from '../handoff-folder';

export const otioFormat = handoffFormat({
  id: 'otio',
  label: 'OpenTimelineIO (OTIO)',
  description: 'The cut as an OpenTimelineIO timeline (clips, source ranges, transitions, markers) in a folder with its takes, for Resolve, Kdenlive and OTIO tools.',
  extension: '.otio',
  fields: [{ ...FILL_MISSING_FIELD, help: 'a gap (black) for shots without a take, instead of refusing' }],
  write: (cut) => writeOtio(cut),
});
