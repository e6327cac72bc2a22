/**
 * Release-time only (the release workflow, on the runner that builds the installer): puts the
 * ffmpeg and ffprobe for this target into `out/ffmpeg/<platform>-<arch>/`, where
 * electron-builder.yml's extraResources picks them up and main/media/ffmpeg-locator.ts finds
 * them through process.resourcesPath. Never runs in `npm ci` or in the test suite's setup.
 *
 * Source: the ffmpeg-static / @derhuerst/ffprobe-static packages (ffmpeg 6.1.1; the same
 * version pinned below), installed by the workflow into a throwaway prefix. Their install
 * scripts download the static builds for the runner's own platform and arch (gyan.dev for
 * Windows, evermeet.cx / osxexperts for macOS). Those builds include libx264, so they are GPL:
 * the licence file travels with the binaries and the About window says so.
 *
 * Before anything is staged, the binaries must pass Shotline's own ffmpeg self-test (xfade,
 * libx264, aac and every other filter it uses). The binaries are staged in a temp folder and
 * renamed into place, so a failure never leaves a half-filled folder for the installer.
 *
 *   npm install --no-save --prefix "$RUNNER_TEMP/ffmpeg" ffmpeg-static@5.3.0 @derhuerst/ffprobe-static@5.3.0
 *   npx tsx main/build/fetch-ffmpeg.ts --from "$RUNNER_TEMP/ffmpeg"
 *   npx tsx main/build/fetch-ffmpeg.ts --ffmpeg /path/ffmpeg --ffprobe /path/ffprobe   # any build
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import { selfTestTools } from '../media/ffmpeg-self-test';

/** The package versions the release workflow installs (keep in step with release.yml). */
export const FFMPEG_PACKAGES = { ffmpeg: 'ffmpeg-static@5.3.0', ffprobe: '@derhuerst/ffprobe-static@5.3.0' } as const;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StageOptions {
  ffmpeg: string;
  ffprobe: string;
  /** Parent folder (default out/ffmpeg); binaries go to `<outDir>/<platform>-<arch>/`. */
  outDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Where the binaries came from, written to SOURCE.txt. */
  source: string;
}

export interface StageResult {
  dir: string;
  report: FfmpegSelfTestReport;
  sha256: Record<string, string>;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The licence text shipped with a binary by its package (`ffmpeg.LICENSE` beside it), if any. */
function licenceBeside(binary: string): string | null {
  for (const candidate of [`${binary}.LICENSE`, path.join(path.dirname(binary), 'LICENSE'), path.join(path.dirname(binary), 'LICENSE.txt')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const GPL_NOTE = [
  'The ffmpeg and ffprobe programs in this folder are builds of FFmpeg (https://ffmpeg.org)',
  'that include libx264; they are distributed under the GNU General Public License, version 3',
  'or later. Shotline runs them as separate programs. The source code of FFmpeg is available',
  'at https://ffmpeg.org/download.html; the builds are those distributed by the ffmpeg-static',
  'project (https://github.com/eugeneware/ffmpeg-static), whose pages name the upstream builders.',
  'The full licence text: https://www.gnu.org/licenses/gpl-3.0.txt',
  '',
].join('\n');

/** Copies, checks and places the binaries; throws (leaving nothing behind) when they fail. */
export async function stageFfmpeg(options: StageOptions): Promise<StageResult> {
  const exe = (name: string) => (options.platform === 'win32' ? `${name}.exe` : name);
  for (const [what, file] of [['ffmpeg', options.ffmpeg], ['ffprobe', options.ffprobe]] as const) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`${what} was not found at ${file}. Install the ffmpeg packages first (see the comment at the top of main/build/fetch-ffmpeg.ts).`);
  }
  const dir = path.join(options.outDir, `${options.platform}-${options.arch}`);
  fs.mkdirSync(options.outDir, { recursive: true });
  const temp = fs.mkdtempSync(path.join(options.outDir, `.${options.platform}-${options.arch}.staging-`));
  try {
    const ffmpeg = path.join(temp, exe('ffmpeg'));
    const ffprobe = path.join(temp, exe('ffprobe'));
    fs.copyFileSync(options.ffmpeg, ffmpeg);
    fs.copyFileSync(options.ffprobe, ffprobe);
    fs.chmodSync(ffmpeg, 0o755);
    fs.chmodSync(ffprobe, 0o755);
    const report = await selfTestTools({ ffmpeg, ffprobe, source: 'bundled' });
    if (!report.ok) throw new Error(`The ffmpeg for ${options.platform}-${options.arch} fails Shotline's self-test, so it was not staged: ${report.problems.join(' ')}`);
    const probe = await selfTestProbe(ffprobe);
    const licence = licenceBeside(options.ffmpeg);
    fs.writeFileSync(path.join(temp, 'LICENSE.txt'), licence ? `${GPL_NOTE}\n${fs.readFileSync(licence, 'utf8')}` : GPL_NOTE);
    const sums = { [exe('ffmpeg')]: sha256(ffmpeg), [exe('ffprobe')]: sha256(ffprobe) };
    fs.writeFileSync(path.join(temp, 'SHA256SUMS'), Object.entries(sums).map(([name, sum]) => `${sum}  ${name}\n`).join(''));
    fs.writeFileSync(path.join(temp, 'SOURCE.txt'), `${report.version}\n${probe}\nfrom: ${options.source}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(temp, dir);
    return { dir, report: { ...report, ffmpeg: path.join(dir, exe('ffmpeg')), ffprobe: path.join(dir, exe('ffprobe')) }, sha256: sums };
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** ffprobe must run too (the self-test only runs ffmpeg); returns its version line. */
async function selfTestProbe(ffprobe: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(ffprobe, ['-hide_banner', '-version'], { timeout: 30_000 }, (error, stdout) => {
      if (error) reject(new Error(`ffprobe at ${ffprobe} does not run: ${error.message}`));
      else resolve(stdout.split(/\r?\n/)[0]?.trim() ?? 'ffprobe');
    });
  });
}

/** Paths exported by the two packages installed under `prefix` (its node_modules). */
export function packagePaths(prefix: string): { ffmpeg: string; ffprobe: string } {
  const req = createRequire(path.join(path.resolve(prefix), 'package.json'));
  const ffmpeg = req('ffmpeg-static') as unknown;
  const ffprobe = req('@derhuerst/ffprobe-static') as unknown;
  if (typeof ffmpeg !== 'string' || typeof ffprobe !== 'string') throw new Error(`ffmpeg-static or @derhuerst/ffprobe-static under ${prefix} has no binary for ${process.platform}-${process.arch}.`);
  return { ffmpeg, ffprobe };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      ffmpeg: { type: 'string' },
      ffprobe: { type: 'string' },
      out: { type: 'string', default: path.join(root, 'out', 'ffmpeg') },
    },
  });
  let paths: { ffmpeg: string; ffprobe: string };
  let source: string;
  if (values.from) {
    paths = packagePaths(values.from);
    source = `${FFMPEG_PACKAGES.ffmpeg} + ${FFMPEG_PACKAGES.ffprobe}`;
  } else if (values.ffmpeg && values.ffprobe) {
    paths = { ffmpeg: values.ffmpeg, ffprobe: values.ffprobe };
    source = 'given paths';
  } else {
    throw new Error('Give --from <prefix where the ffmpeg packages are installed>, or --ffmpeg FILE --ffprobe FILE.');
  }
  const result = await stageFfmpeg({ ...paths, outDir: path.resolve(values.out!), platform: process.platform, arch: process.arch, source });
  process.stdout.write(`Staged ${result.report.version} in ${result.dir}\n`);
  for (const [name, sum] of Object.entries(result.sha256)) process.stdout.write(`  sha256 ${sum}  ${name}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`fetch-ffmpeg: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
