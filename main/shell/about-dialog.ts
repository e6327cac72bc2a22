/**
 * The About window: versions and the licence of the ffmpeg in use (the installers bundle a GPL
 * build; see main/release/about.ts). A native dialog with a button that opens the licence file
 * shipped beside the bundled ffmpeg. The Help menu (and the macOS app menu) call `showAboutDialog`.
 */
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { ffmpegOutput } from '../media/ffmpeg';
import { locateFfmpeg, processLocatorInputs, type FfmpegTools } from '../media/ffmpeg-locator';
import { aboutInfo } from '../release/about';

/** Shows the About dialog for the app, with the ffmpeg found under `ffmpegSetting`. */
export async function showAboutDialog(window: BrowserWindow | null, ffmpegSetting: string | null): Promise<void> {
  let tools: FfmpegTools | null = null;
  let version: string | null = null;
  try {
    tools = locateFfmpeg(processLocatorInputs(ffmpegSetting));
    version = (await ffmpegOutput(tools, ['-hide_banner', '-version'])).split(/\r?\n/)[0] ?? null;
  } catch {
    // The dialog says "not found"; the self-test elsewhere explains how to fix it.
  }
  const info = aboutInfo({ productName: app.getName(), version: app.getVersion(), versions: process.versions, ffmpeg: tools, ffmpegVersion: version });
  const buttons = info.ffmpegLicenceFile ? ['OK', 'Show ffmpeg Licence'] : ['OK'];
  const options = { type: 'info' as const, title: `About ${app.getName()}`, message: info.title, detail: info.lines.join('\n\n'), buttons, defaultId: 0, cancelId: 0 };
  const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
  if (response === 1 && info.ffmpegLicenceFile) await shell.openPath(info.ffmpegLicenceFile);
}
