/** Contract calls about the media tools (ffmpeg): what runs, and what it lacks. */
import { z } from 'zod';
import { call } from './define';

/** One encoder or filter Shotline needs that the ffmpeg in use does not have. */
export interface MissingComponent {
  /** Encoder or filter name as ffmpeg spells it, e.g. `xfade`, `libx264`. */
  name: string;
  kind: 'encoder' | 'filter';
  /** What stops working without it, e.g. `dissolves between shots`. */
  usedFor: string;
}

/** The start-up check of ffmpeg: which binaries run, their version, and what is missing. */
export interface FfmpegSelfTestReport {
  /** True when ffmpeg was found and has every encoder and filter Shotline uses. */
  ok: boolean;
  /** Absolute path of ffmpeg, or null when none was found. */
  ffmpeg: string | null;
  ffprobe: string | null;
  /** Where the binaries came from: the Settings path, the app bundle, ffmpeg-static, or PATH. */
  source: 'setting' | 'bundled' | 'ffmpeg-static' | 'path' | null;
  /** The first line of `ffmpeg -version`, or null when it did not run. */
  version: string | null;
  missing: MissingComponent[];
  /** Sentences for the user: what is wrong and how to fix it. Empty when `ok`. */
  problems: string[];
  /** ISO 8601 time of the check. */
  checkedAt: string;
}

export const mediaCalls = {
  'media.selfTest': call<FfmpegSelfTestReport>()(
    z.strictObject({}),
    'Checks ffmpeg again (after a Settings change, say): its version and every encoder and filter Shotline uses.',
  ),
} as const;
