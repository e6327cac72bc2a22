/**
 * The ffmpeg check every host runs once at start-up (Electron, dev host, CLI before ffmpeg
 * work). The report is remembered, so a feature whose filter is missing refuses up front in
 * words (requireFeature) instead of failing minutes into an export; problems are logged once
 * with their fix. The renderer can read the same report through `media.selfTest`.
 */
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import { processLocatorInputs } from '../media/ffmpeg-locator';
import { rememberSelfTest, selfTestFfmpeg } from '../media/ffmpeg-self-test';
import type { AppSettings } from '../settings/app-settings';

/** Checks the ffmpeg the settings point at (or bundled / PATH), remembers and logs the result. */
export async function runStartupSelfTest(settings: AppSettings, log: (line: string) => void): Promise<FfmpegSelfTestReport> {
  const report = await selfTestFfmpeg(processLocatorInputs(settings.get().ffmpegPath));
  rememberSelfTest(report);
  for (const problem of report.problems) log(`ffmpeg check: ${problem}`);
  return report;
}
