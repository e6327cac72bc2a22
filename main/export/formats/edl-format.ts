/** The sequence as a CMX3600 EDL, for rebuilding the cut in an editor (shared/interchange/edl.ts). */
import path from 'node:path';
import type { EdlShot } from '../../../shared/interchange/edl';
import { writeEdl } from '../../../shared/interchange/edl';
import { secondsToFrames } from '../../../shared/timecode';
import { UserError, invalid } from '../../errors';
import { writeFileAtomically } from '../../media/atomic-file';
import { readMp4Index } from '../../media/mp4-index';
import type { ExportContext, ExportFormat } from './export-format';

/** Each shot's take, frames and trims, as the MP4 export reads them (export-sequence.ts). */
async function gatherShots(context: ExportContext, fillMissing: boolean): Promise<EdlShot[]> {
  const { sequence } = context;
  const rate = sequence.format.fps;
  const missing: number[] = [];
  const broken: string[] = [];
  const shots: EdlShot[] = [];
  for (const [i, shot] of sequence.shots.entries()) {
    const number = i + 1;
    const transition = { kind: shot.transition.kind, frames: shot.transition.kind === 'cut' ? 0 : secondsToFrames(shot.transition.seconds, rate) };
    const take = sequence.takeOf(shot);
    const clip = take && take.status === 'ready' ? take.files.normalised : null;
    if (clip === null) {
      missing.push(number);
      const frames = Math.max(1, secondsToFrames(shot.seconds, rate));
      shots.push({ number, title: shot.title, clip: null, hasAudio: false, takeFrames: frames, inFrame: 0, outFrame: frames, transition });
      continue;
    }
    // The index gives the exact frame count and whether there is sound, and refuses a broken file.
    const index = await readMp4Index(sequence.resolve(clip)).catch((error: Error) => {
      broken.push(`shot ${number}: ${path.basename(clip)} cannot be read (${error.message})`);
      return null;
    });
    if (!index) continue;
    if (!index.video) {
      broken.push(`shot ${number}: ${path.basename(clip)} has no video track`);
      continue;
    }
    const takeFrames = index.video.samples.length;
    const inFrame = Math.min(secondsToFrames(Math.max(0, shot.trimIn), rate), takeFrames - 1);
    const outFrame = Math.min(shot.trimOut === null ? takeFrames : secondsToFrames(shot.trimOut, rate), takeFrames);
    if (outFrame <= inFrame) {
      broken.push(`shot ${number}: its trim keeps no frames (in ${shot.trimIn}s, out ${shot.trimOut}s)`);
      continue;
    }
    shots.push({ number, title: shot.title, clip, hasAudio: index.audio !== null, takeFrames, inFrame, outFrame, transition });
  }
  if (broken.length) throw invalid(`Cannot export: ${broken.join('; ')}. Generate or import those takes again.`);
  if (missing.length && !fillMissing) {
    const one = missing.length === 1;
    throw new UserError('conflict', `Shot${one ? '' : 's'} ${missing.join(', ')} ${one ? 'has' : 'have'} no ready take. Generate ${one ? 'it' : 'them'} first, or export with "fill missing" to put black in ${one ? 'its' : 'their'} place.`);
  }
  return shots;
}

export const edlFormat: ExportFormat = {
  id: 'edl',
  label: 'Edit decision list (CMX3600 EDL)',
  description: 'The cut as an EDL (reels, source and record timecode, cuts and dissolves) for rebuilding it in an editor.',
  extension: '.edl',
  fields: [{ kind: 'boolean', key: 'fillMissing', label: 'Black for shots without a take', default: false, suggested: true, help: 'a black event (reel BL) for shots without a take, instead of refusing' }],
  async run(context, options) {
    if (context.sequence.shots.length === 0) throw new UserError('conflict', 'The project has no shots. Add shots and generate takes before exporting.');
    context.progress(0, null);
    const shots = await gatherShots(context, options.fillMissing === true);
    const text = writeEdl({ title: context.store.project.get().name, rate: context.sequence.format.fps, shots });
    if (context.signal.aborted) throw new Error('cancelled');
    await writeFileAtomically(context.outPath, text);
    context.progress(1, 0);
    return `Wrote ${context.outPath} (${shots.length} events).`;
  },
};
