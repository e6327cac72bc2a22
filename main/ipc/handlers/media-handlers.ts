/** Handlers for the media tools (ffmpeg). */
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

export function mediaHandlers(app: AppServices): Pick<Handlers, 'media.selfTest'> {
  return {
    // Later work (export, animatic) checks its needs against the latest report.
    'media.selfTest': () => app.ffmpeg.check(),
  };
}
