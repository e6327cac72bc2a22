/**
 * What the About window says: the versions, and which ffmpeg runs under which licence. The
 * installers ship the ffmpeg builds distributed by the ffmpeg-static project (GPL, because they
 * include libx264); the app itself is MIT. Saying so in the app is a condition of shipping them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FfmpegTools } from '../media/ffmpeg-locator';

/** Licence of the ffmpeg the installers bundle (ffmpeg-static 5.x builds, with libx264). */
export const BUNDLED_FFMPEG_LICENCE = 'GPL-3.0-or-later';

/** Where the source and licence of the bundled ffmpeg are published. */
export const BUNDLED_FFMPEG_SOURCE = 'https://ffmpeg.org/download.html (builds via https://github.com/eugeneware/ffmpeg-static)';

/** The About window's content. */
export interface AboutInfo {
  title: string;
  /** One line per fact, ready for a dialog's detail text. */
  lines: string[];
  /** The licence text file shipped beside the bundled ffmpeg, when there is one. */
  ffmpegLicenceFile: string | null;
}

export interface AboutInputs {
  productName: string;
  version: string;
  /** process.versions (electron, chrome, node). */
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  /** The ffmpeg in use, or null when none was found. */
  ffmpeg: FfmpegTools | null;
  /** First line of `ffmpeg -version`, when known. */
  ffmpegVersion?: string | null;
}

/** The licence file fetch-ffmpeg puts beside the bundled binaries (any of these names). */
const LICENCE_NAMES = ['LICENSE.txt', 'ffmpeg.LICENSE', 'LICENSE'];

function licenceFileBeside(ffmpeg: string): string | null {
  const dir = path.dirname(ffmpeg);
  for (const name of LICENCE_NAMES) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

function ffmpegLines(inputs: AboutInputs): string[] {
  const tools = inputs.ffmpeg;
  if (!tools) return ['ffmpeg: not found. Install ffmpeg or set its path in Settings.'];
  const version = inputs.ffmpegVersion ? ` (${inputs.ffmpegVersion.replace(/^ffmpeg version\s*/i, '')})` : '';
  const where = `${tools.ffmpeg}${version}`;
  switch (tools.source) {
    case 'bundled':
      return [
        `ffmpeg: the copy bundled with Shotline, ${where}.`,
        `That ffmpeg build includes libx264 and is licensed under the GNU GPL (${BUNDLED_FFMPEG_LICENCE}); Shotline runs it as a separate program. Source: ${BUNDLED_FFMPEG_SOURCE}.`,
      ];
    case 'ffmpeg-static':
      return [`ffmpeg: from the ffmpeg-static package, ${where}; licensed under the GNU GPL (${BUNDLED_FFMPEG_LICENCE}).`];
    case 'setting':
      return [`ffmpeg: your choice in Settings, ${where}; its licence is that of the build you installed.`];
    case 'path':
      return [`ffmpeg: found on PATH, ${where}; its licence is that of the build you installed.`];
  }
}

/** Builds the About text from what the running app knows. */
export function aboutInfo(inputs: AboutInputs): AboutInfo {
  const v = inputs.versions;
  const runtime = [v.electron && `Electron ${v.electron}`, v.chrome && `Chromium ${v.chrome}`, v.node && `Node ${v.node}`].filter(Boolean).join(', ');
  return {
    title: `${inputs.productName} ${inputs.version}`,
    lines: [
      `${inputs.productName} ${inputs.version}, MIT licence.`,
      ...(runtime ? [runtime + '.'] : []),
      ...ffmpegLines(inputs),
      'Title-card fonts: DejaVu (Bitstream Vera licence).',
    ],
    ffmpegLicenceFile: inputs.ffmpeg?.source === 'bundled' ? licenceFileBeside(inputs.ffmpeg.ffmpeg) : null,
  };
}
