/**
 * `app.about`: the same text as the desktop About window (main/release/about.ts), for the
 * browser host's Settings screen, which has no native About window.
 */
import type { AppServices } from '../../app/compose';
import { ffmpegOutput } from '../../media/ffmpeg';
import type { FfmpegTools } from '../../media/ffmpeg-locator';
import { aboutInfo } from '../../release/about';
import type { Handlers } from '../dispatch';

export function aboutHandlers(app: AppServices): Pick<Handlers, 'app.about'> {
  return {
    'app.about': async () => {
      let tools: FfmpegTools | null = null;
      let version: string | null = null;
      try {
        tools = app.ffmpeg.tools();
        version = (await ffmpegOutput(tools, ['-hide_banner', '-version'])).split(/\r?\n/)[0] ?? null;
      } catch {
        // The text then says ffmpeg was not found and how to fix it.
      }
      const info = aboutInfo({ productName: 'Shotline', version: app.info.version, versions: process.versions, ffmpeg: tools, ffmpegVersion: version });
      return { title: info.title, lines: info.lines };
    },
  };
}
