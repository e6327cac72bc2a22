/**
 * The offline temp voice: a shot's dialogue spoken by espeak-ng into a WAV, so an animatic
 * talks before anyone records a line. Only the words are spoken: speaker labels
 * (`Mara: ...`) and parentheticals (`(whispering)`) are taken out. The result is clearly
 * temporary (robotic by design), and the clip made from it is labelled TEMP.
 */
import { execFile } from 'node:child_process';
import { UserError, invalid } from '../errors';

/** How to get espeak-ng, for the message when it is missing. */
export const ESPEAK_INSTALL_HINT =
  'Temp voice needs espeak-ng, which is not installed. Install it (Debian/Ubuntu: sudo apt install espeak-ng; Fedora: sudo dnf install espeak-ng; macOS: brew install espeak-ng; Windows: the installer from github.com/espeak-ng/espeak-ng/releases), then try again.';

/** The words to speak from a shot's dialogue field, one line per dialogue line. */
export function spokenLines(dialogue: string): string[] {
  return dialogue
    .split(/\r?\n/)
    .map((line) =>
      line
        // "MARA: ..." / "Mara (V.O.): ..." -> the words only.
        .replace(/^\s*[^:\n]{1,40}?(\s*\([^)]*\))?\s*:\s+/, '')
        .replace(/\([^)]*\)/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
}

/** Runs espeak-ng: the lines, spoken one after the other, into `wavPath`. */
export function speakToWav(lines: readonly string[], wavPath: string, options: { binary?: string; voice?: string; wordsPerMinute?: number } = {}): Promise<void> {
  if (lines.length === 0) throw invalid('The shot has no dialogue to speak. Write its lines in the Dialogue field (e.g. "Mara: It\'s still turning.") first.');
  const binary = options.binary ?? 'espeak-ng';
  // The text goes as one argument (no shell), a sentence per line so espeak pauses between them.
  const text = lines.map((l) => (/[.!?…]$/.test(l) ? l : `${l}.`)).join('\n');
  const args = ['-v', options.voice ?? 'en', '-s', String(options.wordsPerMinute ?? 160), '-w', wavPath, '--', text];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 60_000, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new UserError('unavailable', ESPEAK_INSTALL_HINT));
      reject(new UserError('internal', `espeak-ng could not speak the dialogue (${String(stderr).trim() || error.message}).`));
    });
  });
}
