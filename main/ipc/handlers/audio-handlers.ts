/** The sound track: listing clips, importing a sound file, and a shot's temp voice. */
import type { AppServices } from '../../app/compose';
import { importAudioFile, makeTempVoice } from '../../media/audio-import';
import type { Handlers } from '../dispatch';

type AudioCalls = 'audio.list' | 'audio.import' | 'audio.tempVoice';

export function audioHandlers(app: AppServices): Pick<Handlers, AudioCalls> {
  const store = () => app.workspace.require().store;
  return {
    'audio.list': () => store().audio.list(),
    'audio.import': ({ file, track, placement }) => importAudioFile(store(), app.ffmpeg.tools(), { file, track, placement }),
    // SHOTLINE_ESPEAK_NG points at another espeak-ng binary (a portable install, or a test's missing one).
    'audio.tempVoice': ({ shotId }) => makeTempVoice(store(), app.ffmpeg.tools(), shotId, { espeak: process.env.SHOTLINE_ESPEAK_NG || undefined }),
  };
}
