/**
 * Poppler's tools as the independent readers of the printed PDF: pdftotext for the words (and,
 * with -bbox, where each one is), pdftoppm for the picture of a page, pdfinfo for the page count
 * and size, pdffonts for the embedded fonts. None shares code with pdfkit.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** The text of the PDF (or of pages `first`..`last`), reading order as pdftotext sees it. */
export async function pdfText(file: string, pages?: { first: number; last: number }): Promise<string> {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  const { stdout } = await run('pdftotext', [...range, file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Every word with its box in PDF points from the page's top left (`pdftotext -bbox`). */
export async function pdfWords(file: string): Promise<PdfWord[]> {
  const { stdout } = await run('pdftotext', ['-bbox', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const words: PdfWord[] = [];
  let page = 0;
  for (const line of stdout.split('\n')) {
    if (/<page /.test(line)) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, text: unescape(m[5]!), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return words;
}

/** `pdfinfo` fields (Pages, Page size...). */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [file]);
  return Object.fromEntries(stdout.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

/** `pdffonts`: one line per font after the two header lines. */
export async function pdfFonts(file: string): Promise<PdfFont[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type [type...] encoding emb sub uni object ID: the flags sit 5th..3rd from the end.
      const [emb, sub] = cols.slice(-5, -3);
      return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** Page `page` rendered at 72 dpi (one pixel a point), as raw RGB with its size. */
export async function renderPage(file: string, page: number, dir: string): Promise<{ width: number; height: number; pixel(x: number, y: number): [number, number, number] }> {
  const base = path.join(dir, `page-${page}-${Date.now()}`);
  await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-png', '-singlefile', file, base]);
  const { data, info } = await sharp(`${base}.png`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  fs.rmSync(`${base}.png`, { force: true });
  return {
    width: info.width,
    height: info.height,
    pixel(x, y) {
      const at = (Math.round(y) * info.width + Math.round(x)) * 3;
      return [data[at]!, data[at + 1]!, data[at + 2]!];
    },
  };
}

/** True when two colours are within `tolerance` on every channel. */
export function near(a: readonly number[], b: readonly number[], tolerance = 24): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}
