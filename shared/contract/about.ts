/** The About text as a call, for hosts without a native About window (the browser dev host). */
import { z } from 'zod';
import { call } from './define';

/** What the About window says. */
export interface AboutText {
  title: string;
  /** One fact per line: version and licence, runtime, which ffmpeg and under which licence, fonts. */
  lines: string[];
}

export const aboutCalls = {
  'app.about': call<AboutText>()(z.strictObject({}), 'The About text: version, licences, and the ffmpeg in use with its licence.'),
} as const;
