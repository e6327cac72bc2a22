/**
 * The start-up check of ffmpeg: is there one, which version, and does it have every encoder
 * and filter Shotline uses? Builds differ a lot (old static builds lack xfade; some distro
 * builds lack libx264 or drawtext), and a missing filter otherwise surfaces as an obscure
 * failure minutes into an export. The report says exactly what is missing and how to fix it;
 * `requireFeature` lets a feature refuse up front, in words, before it starts any work.
 */
import type { FfmpegSelfTestReport, MissingComponent } from '../../shared/contract/media';
import { UserError } from '../errors';
import { ffmpegOutput } from './ffmpeg';
import { locateFfmpeg, type FfmpegLocatorInputs, type FfmpegTools } from './ffmpeg-locator';

/** Every encoder and filter Shotline passes to ffmpeg, with what it is for. */
export const REQUIRED_COMPONENTS: readonly MissingComponent[] = [
  { name: 'libx264', kind: 'encoder', usedFor: 'H.264 video for takes, animatics and exports' },
  { name: 'aac', kind: 'encoder', usedFor: 'AAC audio for takes, animatics and exports' },
  { name: 'xfade', kind: 'filter', usedFor: 'dissolves and dips between shots' },
  { name: 'acrossfade', kind: 'filter', usedFor: 'audio under dissolves between shots' },
  { name: 'zoompan', kind: 'filter', usedFor: 'camera moves in animatics' },
  { name: 'drawtext', kind: 'filter', usedFor: 'title cards in animatics' },
  { name: 'loudnorm', kind: 'filter', usedFor: 'loudness normalisation on export' },
  { name: 'scale', kind: 'filter', usedFor: 'fitting takes to the project size' },
  { name: 'pad', kind: 'filter', usedFor: 'letterboxing takes of another aspect ratio' },
  { name: 'crop', kind: 'filter', usedFor: 'cropping images to fill the frame' },
  { name: 'fps', kind: 'filter', usedFor: 'converting takes to the project frame rate' },
  { name: 'setsar', kind: 'filter', usedFor: 'square pixels in every take' },
  { name: 'format', kind: 'filter', usedFor: 'yuv420p pixel format for playback everywhere' },
  { name: 'concat', kind: 'filter', usedFor: 'joining shots on export' },
  { name: 'anullsrc', kind: 'filter', usedFor: 'silent audio for takes without sound' },
  { name: 'color', kind: 'filter', usedFor: 'title card backgrounds' },
  { name: 'tile', kind: 'filter', usedFor: 'filmstrip thumbnails' },
];

/** Named features and the components each needs (for `requireFeature`). */
export const FEATURES = {
  ingest: ['libx264', 'aac', 'scale', 'pad', 'fps', 'setsar', 'format', 'anullsrc', 'tile'],
  animatic: ['libx264', 'aac', 'zoompan', 'drawtext', 'scale', 'crop', 'color', 'anullsrc', 'format'],
  dissolve: ['xfade', 'acrossfade'],
  loudness: ['loudnorm'],
  export: ['libx264', 'aac', 'concat'],
} as const satisfies Record<string, readonly string[]>;

export type FeatureName = keyof typeof FEATURES;

/** Oldest ffmpeg accepted: 4.3 brought xfade. */
const MIN_VERSION: [number, number] = [4, 3];

const FIX =
  'Install a full ffmpeg from your package manager (e.g. `apt install ffmpeg`, `brew install ffmpeg`, `winget install ffmpeg`), or choose another ffmpeg in Settings.';

/** Names from `ffmpeg -filters` (lines like ` TSC xfade  VV->V  Cross fade ...`). */
export function parseFilterList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*[T.][S.]?[C.]?\s+(\w+)\s+\S*->\S*/.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

/** Names from `ffmpeg -encoders` (lines like ` V....D libx264  libx264 H.264 ...`). */
export function parseEncoderList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*[VAS][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line);
    if (m?.[1] && m[1] !== '=') names.add(m[1]);
  }
  return names;
}

/** `ffmpeg version 5.1.9-0+deb12u1 ...` -> [5, 1]; git builds (`N-12345-g...`) -> null (assumed new). */
export function parseVersion(line: string): [number, number] | null {
  const m = /ffmpeg version n?(\d+)\.(\d+)/i.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function emptyReport(): FfmpegSelfTestReport {
  return { ok: false, ffmpeg: null, ffprobe: null, source: null, version: null, missing: [], problems: [], checkedAt: new Date().toISOString() };
}

/** Checks a located ffmpeg. Never throws: everything wrong is in the report. */
export async function selfTestTools(tools: FfmpegTools): Promise<FfmpegSelfTestReport> {
  const report: FfmpegSelfTestReport = { ...emptyReport(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe, source: tools.source };
  let versionText: string;
  let filterText: string;
  let encoderText: string;
  try {
    [versionText, filterText, encoderText] = await Promise.all([
      ffmpegOutput(tools, ['-hide_banner', '-version']),
      ffmpegOutput(tools, ['-hide_banner', '-filters']),
      ffmpegOutput(tools, ['-hide_banner', '-encoders']),
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report.problems.push(`ffmpeg at ${tools.ffmpeg} does not run (${reason}). ${FIX}`);
    return report;
  }
  report.version = versionText.split(/\r?\n/)[0]?.trim() || null;
  const version = parseVersion(report.version ?? '');
  if (version && (version[0] < MIN_VERSION[0] || (version[0] === MIN_VERSION[0] && version[1] < MIN_VERSION[1]))) {
    report.problems.push(`ffmpeg ${version.join('.')} is too old: Shotline needs ${MIN_VERSION.join('.')} or newer. ${FIX}`);
  }
  const filters = parseFilterList(filterText);
  const encoders = parseEncoderList(encoderText);
  report.missing = REQUIRED_COMPONENTS.filter((c) => !(c.kind === 'filter' ? filters : encoders).has(c.name));
  if (report.missing.length) {
    const list = report.missing.map((c) => `${c.kind} "${c.name}" (${c.usedFor})`).join(', ');
    const x264 = report.missing.some((c) => c.name === 'libx264') ? ' with libx264' : '';
    report.problems.push(
      `The ffmpeg at ${tools.ffmpeg} lacks ${list}. Install ffmpeg${x264} from your package manager (e.g. \`apt install ffmpeg\`, \`brew install ffmpeg\`), or set the ffmpeg path in Settings to a full build.`,
    );
  }
  report.ok = report.problems.length === 0;
  return report;
}

/** Locates ffmpeg and checks it. Never throws: a missing ffmpeg is a report with a problem. */
export async function selfTestFfmpeg(inputs: FfmpegLocatorInputs): Promise<FfmpegSelfTestReport> {
  let tools: FfmpegTools;
  try {
    tools = locateFfmpeg(inputs);
  } catch (error) {
    return { ...emptyReport(), problems: [error instanceof Error ? error.message : String(error)] };
  }
  return selfTestTools(tools);
}

/**
 * Throws UserError('unavailable') when a feature (`dissolve`, `animatic`...) or a single
 * component (`xfade`) needs something the checked ffmpeg lacks, naming it and the fix. Before
 * any check has run it lets the work start (ffmpeg's own error will then be the message).
 */
export function requireFeature(name: FeatureName | string, report: FfmpegSelfTestReport | null | undefined): void {
  if (!report) return;
  if (!report.ffmpeg) {
    throw new UserError('unavailable', `${name} needs ffmpeg, which was not found. ${report.problems[0] ?? FIX}`);
  }
  const needs: readonly string[] = Object.prototype.hasOwnProperty.call(FEATURES, name) ? FEATURES[name as FeatureName] : [name];
  const missing = report.missing.filter((c) => needs.includes(c.name));
  if (missing.length) {
    const list = missing.map((c) => `${c.kind} "${c.name}" (${c.usedFor})`).join(' and ');
    const who = Object.prototype.hasOwnProperty.call(FEATURES, name) ? `The ${name} step` : 'Shotline';
    throw new UserError(
      'unavailable',
      `${who} needs the ffmpeg ${list}, which the ffmpeg at ${report.ffmpeg} lacks. Install ffmpeg from your package manager, or set the ffmpeg path in Settings to a full build.`,
    );
  }
}
