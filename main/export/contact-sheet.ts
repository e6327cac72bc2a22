/**
 * The contact sheet: one PNG with a cell per shot (poster frame of the selected take, else its
 * first reference image, else grey) captioned with the shot number, title, duration and the
 * first line of the prompt, for sharing a storyboard at a glance.
 *
 * Drawn by ffmpeg in one run (scale, pad, drawtext, concat, tile): drawtext takes the shipped
 * DejaVu font by file, so the text looks the same on every machine (SVG text through sharp
 * would depend on the fonts the system has). Texts go through files named relative to a temp
 * folder, so no title or prompt needs filtergraph escaping. Written to a temp name, then renamed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { trimmedSeconds } from '../../shared/sequence-math';
import { invalid } from '../errors';
import { produceAtomically } from '../media/atomic-file';
import { FfmpegError, runFfmpeg } from '../media/ffmpeg';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import type { SequenceInput } from './export-sequence';

/** Cell picture size and grid shape. */
export const SHEET_CELL_WIDTH = 320;
export const SHEET_CELL_HEIGHT = 180;
export const SHEET_CAPTION_HEIGHT = 64;
export const SHEET_COLUMNS = 4;
const GAP = 8;

export interface ContactSheetResult {
  outPath: string;
  shots: number;
  width: number;
  height: number;
}

export interface ContactSheetOptions {
  tools: FfmpegTools;
  fontFile: string;
  outPath: string;
  signal?: AbortSignal;
}

/** First non-empty line of a prompt, shortened to fit a cell. */
export function promptLine(prompt: string, max = 40): string {
  const line = prompt.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}\u2026` : line;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => s.isFile() && s.size > 0, () => false);
}

export async function writeContactSheet(input: SequenceInput, options: ContactSheetOptions): Promise<ContactSheetResult> {
  const { outPath } = options;
  if (!path.isAbsolute(outPath) || path.extname(outPath).toLowerCase() !== '.png') throw invalid(`"${outPath}" must be an absolute path ending in .png.`);
  const dir = path.dirname(outPath);
  if (!(await fs.stat(dir).then((s) => s.isDirectory(), () => false))) throw invalid(`The folder ${dir} does not exist. Create it or choose another place for the contact sheet.`);
  if (input.shots.length === 0) throw invalid('The project has no shots, so there is nothing to put on a contact sheet. Add shots first.');

  const W = SHEET_CELL_WIDTH;
  const H = SHEET_CELL_HEIGHT;
  const C = SHEET_CAPTION_HEIGHT;
  const n = input.shots.length;
  const cols = Math.min(SHEET_COLUMNS, n);
  const rows = Math.ceil(n / cols);
  const work = await fs.mkdtemp(path.join(dir, '.contact-sheet-'));
  try {
    await fs.copyFile(options.fontFile, path.join(work, 'font.ttf'));
    const inputs: Array<{ source: string; options?: string[] }> = [];
    const graph: string[] = [];
    for (const [i, shot] of input.shots.entries()) {
      const take = input.takeOf(shot);
      const candidates = [take?.files.poster, shot.references[0]?.path].filter((p): p is string => !!p).map((p) => input.resolve(p));
      let picture: string | null = null;
      for (const c of candidates) if (await exists(c)) { picture = c; break; }
      const seconds = trimmedSeconds({ ...shot, sourceSeconds: take?.durationSeconds ?? null });
      await fs.writeFile(path.join(work, `t${i}.txt`), `${shot.number || i + 1}. ${shot.title || 'Untitled'}`.slice(0, 60), 'utf8');
      await fs.writeFile(path.join(work, `d${i}.txt`), `${seconds.toFixed(1)} s${take ? '' : ' \u00b7 no take'}`, 'utf8');
      await fs.writeFile(path.join(work, `p${i}.txt`), promptLine(shot.prompt) || ' ', 'utf8');
      let chain: string;
      if (picture) {
        inputs.push({ source: picture });
        chain = `[${inputs.length - 1}:v]scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=0x202020`;
      } else {
        inputs.push({ source: `color=c=0x808080:s=${W}x${H}:d=1:r=1`, options: ['-f', 'lavfi'] });
        chain = `[${inputs.length - 1}:v]trim=end_frame=1`;
      }
      const text = (file: string, y: number, size: number, color: string) =>
        `drawtext=fontfile=font.ttf:textfile=${file}:fontsize=${size}:fontcolor=${color}:x=8:y=${y}`;
      chain += `,setsar=1,format=rgb24,pad=${W}:${H + C}:0:0:color=white,${text(`t${i}.txt`, H + 6, 17, 'black')},${text(`d${i}.txt`, H + 28, 13, '0x555555')},${text(`p${i}.txt`, H + 45, 12, '0x333333')},settb=1/25,setpts=0[c${i}]`;
      graph.push(chain);
    }
    graph.push(`${input.shots.map((_, i) => `[c${i}]`).join('')}concat=n=${n}:v=1:a=0,tile=${cols}x${rows}:margin=${GAP}:padding=${GAP}:color=white[sheet]`);
    await produceAtomically(outPath, (temp) =>
      runFfmpeg(options.tools, {
        inputs,
        outputOptions: ['-filter_complex', graph.join(';'), '-map', '[sheet]', '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1'],
        output: temp,
        cwd: work,
        signal: options.signal,
      }).catch((error: unknown) => {
        if (error instanceof FfmpegError && !error.cancelled) throw invalid(`The contact sheet could not be drawn (${error.reason}). Check the shots' images and try again.`);
        throw error;
      }),
    );
    return { outPath, shots: n, width: cols * W + (cols - 1) * GAP + 2 * GAP, height: rows * (H + C) + (rows - 1) * GAP + 2 * GAP };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
