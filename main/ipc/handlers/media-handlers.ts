/** Handlers for the media tools (ffmpeg). */
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';
import { processLocatorInputs } from '../../media/ffmpeg-locator';
import { rememberSelfTest, selfTestFfmpeg } from '../../media/ffmpeg-self-test';

export function mediaHandlers(session: AppSession): Pick<Handlers, 'media.selfTest'> {
  return {
    'media.selfTest': async () => {
      const report = await selfTestFfmpeg(processLocatorInputs(session.settings.get().ffmpegPath));
      // Later work (export, animatic) checks its needs against the latest report.
      rememberSelfTest(report);
      return report;
    },
  };
}
