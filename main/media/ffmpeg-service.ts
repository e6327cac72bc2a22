/**
 * The ffmpeg an app uses: found from the settings (then bundled, ffmpeg-static, PATH) once per
 * setting, and checked. The latest check is kept here, per app, so a feature whose filter is
 * missing refuses up front in words (requireFeature) instead of failing minutes into an export.
 */
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import type { AppSettings } from '../settings/app-settings';
import { locateFfmpeg, processLocatorInputs, type FfmpegTools } from './ffmpeg-locator';
import { selfTestFfmpeg } from './ffmpeg-self-test';

export class FfmpegService {
  private located: { setting: string | null; tools: FfmpegTools } | null = null;
  private report: FfmpegSelfTestReport | null = null;

  constructor(
    private readonly settings: AppSettings,
    /** Tests and benchmarks pin the binaries. */
    private readonly pinned?: () => FfmpegTools,
  ) {}

  /** The binaries in use; throws a UserError that says how to install ffmpeg when there is none. */
  tools = (): FfmpegTools => {
    if (this.pinned) return this.pinned();
    const setting = this.settings.get().ffmpegPath;
    if (!this.located || this.located.setting !== setting) this.located = { setting, tools: locateFfmpeg(processLocatorInputs(setting)) };
    return this.located.tools;
  };

  /** Checks the ffmpeg in use and keeps the report; problems go to `log` with their fix. */
  async check(log: (line: string) => void = () => {}): Promise<FfmpegSelfTestReport> {
    const report = await selfTestFfmpeg(processLocatorInputs(this.settings.get().ffmpegPath));
    this.report = report;
    for (const problem of report.problems) log(`ffmpeg check: ${problem}`);
    return report;
  }

  /** The latest check, or null before the first one. */
  lastReport(): FfmpegSelfTestReport | null {
    return this.report;
  }
}
