/**
 * What an export format is: its description as data (id, extension, option fields; see
 * shared/contract/export.ts) plus one `run` that writes the file. The export service runs any
 * format as a job (a row, progress events, cancel, a message at the end), so a new format is
 * one module and one line in ./index.ts. Interchange formats (FCPXML, EDL, OTIO...) are pure
 * writers over the export plan in shared/ wrapped by a `run` that writes the text atomically.
 */
import type { ExportFormatInfo, ExportOptionValues } from '../../../shared/contract/export';
import type { FfmpegSelfTestReport } from '../../../shared/contract/media';
import type { FfmpegTools } from '../../media/ffmpeg-locator';
import type { ShippedFonts } from '../../media/shipped-fonts';
import type { ProjectStore } from '../../store/project-store';
import type { SequenceInput } from '../export-sequence';

/** What a format's `run` works with. */
export interface ExportContext {
  /** The open project (read it; the export service records the job). */
  store: ProjectStore;
  /** The shots in order with their selected takes. */
  sequence: SequenceInput;
  /** Absolute path to write, ending in the format's extension; its folder exists. */
  outPath: string;
  tools: FfmpegTools;
  fonts: ShippedFonts;
  /** The latest ffmpeg check, for refusing up front when a filter is missing. */
  selfTest: FfmpegSelfTestReport | null;
  /** Aborted on cancel: stop, and leave nothing at `outPath`. */
  signal: AbortSignal;
  /** Progress 0..1 and seconds left (null while unknown). */
  progress(fraction: number, etaSeconds: number | null): void;
  log(line: string): void;
}

export interface ExportFormat extends ExportFormatInfo {
  /** The file the export ends up as, when not `outPath` itself (a hand-off folder's file). */
  writesTo?(outPath: string): string;
  /** Writes the file; resolves with the words shown when it is done. */
  run(context: ExportContext, options: ExportOptionValues): Promise<string>;
}
