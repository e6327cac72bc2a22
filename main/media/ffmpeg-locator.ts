/**
 * The one place that decides which ffmpeg and ffprobe run. Order:
 *   1. the user's setting (AppSettings.ffmpegPath): a file, or a folder holding both tools;
 *   2. the binaries bundled in the packaged app: `<resourcesPath>/ffmpeg/<platform>-<arch>/`;
 *   3. `ffmpeg-static`, when the optional dependency installed (it downloads at install time);
 *   4. PATH.
 * ffprobe is looked for beside the chosen ffmpeg first, then on PATH.
 *
 * Every input is a parameter (no `process` or Electron inside), so tests can simulate a
 * packaged layout under any folder name. A path inside `app.asar` cannot be executed (the
 * archive is a file), so such paths are rewritten to `app.asar.unpacked`, where
 * electron-builder puts binaries listed in `asarUnpack`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../errors';

/** Where the chosen binaries came from (shown in the self-test report). */
export type FfmpegSource = 'setting' | 'bundled' | 'ffmpeg-static' | 'path';

/** The binaries every ffmpeg call uses. */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  source: FfmpegSource;
}

/** What the locator looks at. Hosts fill it from settings, Electron and the environment. */
export interface FfmpegLocatorInputs {
  /** AppSettings.ffmpegPath: the user's choice, or null. */
  settingPath: string | null;
  /** Electron's `process.resourcesPath` in a packaged app; null/undefined elsewhere. */
  resourcesPath?: string | null;
  platform: NodeJS.Platform;
  arch: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** Path reported by `ffmpeg-static`, or null when it is not installed. Default: ask require. */
  ffmpegStaticPath?: string | null;
}

function exe(platform: NodeJS.Platform, name: string): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

/** Rewrites `.../app.asar/...` to `.../app.asar.unpacked/...` (binaries cannot run from the archive). */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/]|$)/g, '$1app.asar.unpacked');
}

function isRunnableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    // Windows has no execute bit; elsewhere a file without it cannot be spawned.
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, inputs: FfmpegLocatorInputs): string | null {
  const delimiter = inputs.platform === 'win32' ? ';' : ':';
  for (const dir of (inputs.envPath ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir.replace(/^"(.*)"$/, '$1'), exe(inputs.platform, name));
    if (isRunnableFile(candidate, inputs.platform)) return candidate;
  }
  return null;
}

/** ffprobe beside `ffmpeg` if present, else on PATH, else null. */
function ffprobeFor(ffmpeg: string, inputs: FfmpegLocatorInputs): string | null {
  const beside = path.join(path.dirname(ffmpeg), exe(inputs.platform, 'ffprobe'));
  if (isRunnableFile(beside, inputs.platform)) return beside;
  return onPath('ffprobe', inputs);
}

/** The path `ffmpeg-static` exports, or null when the optional dependency is absent. */
export function ffmpegStaticPath(): string | null {
  try {
    // The main bundle is CommonJS (__filename set); tsx and tests run it as ESM (import.meta).
    const base = typeof __filename === 'string' ? __filename : import.meta.url;
    const required = createRequire(base)('ffmpeg-static') as unknown;
    return typeof required === 'string' ? required : null;
  } catch {
    return null;
  }
}

const HOW_TO_FIX =
  'Install ffmpeg (with libx264) from your package manager (e.g. `apt install ffmpeg`, `brew install ffmpeg`, `winget install ffmpeg`), or set the ffmpeg path in Settings.';

function withProbe(ffmpeg: string, source: FfmpegSource, inputs: FfmpegLocatorInputs): FfmpegTools {
  const ffprobe = ffprobeFor(ffmpeg, inputs);
  if (!ffprobe) {
    throw new UserError(
      'unavailable',
      `Found ffmpeg at ${ffmpeg} but no ffprobe beside it or on PATH. Install the full ffmpeg package (it includes ffprobe), or set the ffmpeg path in Settings to a folder holding both.`,
    );
  }
  return { ffmpeg, ffprobe, source };
}

/**
 * Picks ffmpeg and ffprobe. Throws UserError('unavailable') saying what was tried and how to
 * fix it when nothing runnable is found, or when the user's setting points at nothing.
 */
export function locateFfmpeg(inputs: FfmpegLocatorInputs): FfmpegTools {
  const { platform } = inputs;
  const ffmpegName = exe(platform, 'ffmpeg');

  if (inputs.settingPath) {
    const chosen = outsideAsar(inputs.settingPath);
    const isDir = fs.existsSync(chosen) && fs.statSync(chosen).isDirectory();
    const ffmpeg = isDir ? path.join(chosen, ffmpegName) : chosen;
    // An explicit choice that does not work is an error, not a silent fallback: the user would
    // otherwise believe their ffmpeg is the one running.
    if (!isRunnableFile(ffmpeg, platform)) {
      throw new UserError(
        'unavailable',
        `The ffmpeg path in Settings (${inputs.settingPath}) is not a runnable ffmpeg. Choose the ffmpeg program (or its folder) in Settings, or clear the setting to use the bundled one.`,
      );
    }
    return withProbe(ffmpeg, 'setting', inputs);
  }

  if (inputs.resourcesPath) {
    const dir = path.join(outsideAsar(inputs.resourcesPath), 'ffmpeg', `${platform}-${inputs.arch}`);
    const ffmpeg = path.join(dir, ffmpegName);
    const ffprobe = path.join(dir, exe(platform, 'ffprobe'));
    if (isRunnableFile(ffmpeg, platform) && isRunnableFile(ffprobe, platform)) return { ffmpeg, ffprobe, source: 'bundled' };
  }

  const staticPath = inputs.ffmpegStaticPath === undefined ? ffmpegStaticPath() : inputs.ffmpegStaticPath;
  if (staticPath) {
    const ffmpeg = outsideAsar(staticPath);
    if (isRunnableFile(ffmpeg, platform)) {
      const ffprobe = ffprobeFor(ffmpeg, inputs);
      if (ffprobe) return { ffmpeg, ffprobe, source: 'ffmpeg-static' };
    }
  }

  const ffmpeg = onPath('ffmpeg', inputs);
  if (ffmpeg) return withProbe(ffmpeg, 'path', inputs);

  throw new UserError('unavailable', `ffmpeg was not found (no setting, no bundled copy, not on PATH). ${HOW_TO_FIX}`);
}

/** The locator inputs of this process (hosts pass the setting; Electron adds resourcesPath). */
export function processLocatorInputs(settingPath: string | null): FfmpegLocatorInputs {
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath ?? null;
  return { settingPath, resourcesPath, platform: process.platform, arch: process.arch, envPath: process.env.PATH };
}
