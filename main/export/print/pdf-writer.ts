/**
 * The printed storyboard and shot list as one PDF, drawn with pdfkit where
 * shared/print/page-layout.ts says: storyboard pages (a grid of frames, a heading band where
 * each scene starts) then shot-list pages (a table whose header repeats on every page), each
 * with a footer "page N of M", the project name and the date. Text is set in the shipped DejaVu
 * fonts, embedded (subset) so the PDF looks the same everywhere and prints any accent; text
 * that does not fit its box is cut with an ellipsis, never run into the next frame or row.
 *
 * The document is built in memory (pages are buffered anyway, to number them at the end) and
 * written with one atomic rename, so a cancel or failure leaves nothing at `outPath`.
 */
import PDFDocument from 'pdfkit';
import {
  documentPages,
  pageFrame,
  storyboardCells,
  tableLayout,
  tableRowBox,
  type Box,
  type FrameCell,
  type FramesPerPage,
  type Paper,
  type PrintContents,
} from '../../../shared/print/page-layout';
import { durationText, sceneText, shotListCells, type PrintShot } from '../../../shared/print/print-shots';
import { writeFileAtomically } from '../../media/atomic-file';
import type { ShippedFonts } from '../../media/shipped-fonts';
import { preparePicture, type PreparedPicture } from './print-pictures';

export interface PdfOptions {
  paper: Paper;
  frames: FramesPerPage;
  contents: PrintContents;
  projectName: string;
  /** Frame width / height (the project's size). */
  aspect: number;
  /** The date in the footer. */
  date: Date;
  fonts: ShippedFonts;
  outPath: string;
  signal?: AbortSignal;
  /** 0..1 as the shots are drawn. */
  onProgress?: (fraction: number) => void;
  log?: (line: string) => void;
}

export interface PdfResult {
  pages: number;
  storyboardPages: number;
  shotListPages: number;
  /** Frames drawn as placeholders (no picture, or none that could be read). */
  placeholders: number;
}

const INK = '#111111';
const MUTED = '#555555';
const RULE = '#9a9a9a';
const BAND = '#e4e4e4';
const PLACEHOLDER = '#d9d9d9';

type Doc = PDFKit.PDFDocument;

/** Text in a box, one or more lines, cut with an ellipsis where it does not fit. */
function textIn(doc: Doc, text: string, box: Box, options: { font: 'regular' | 'bold'; size: number; color?: string; align?: 'left' | 'right' | 'center' }): void {
  if (!text || box.height <= 0 || box.width <= 0) return;
  doc.font(options.font).fontSize(options.size).fillColor(options.color ?? INK);
  doc.text(text, box.x, box.y, { width: box.width, height: box.height, ellipsis: true, lineGap: 0, align: options.align ?? 'left' });
}

/** `@page` title line. */
function titleLine(doc: Doc, paper: Paper, projectName: string, what: string): void {
  const { title } = pageFrame(paper);
  textIn(doc, `${projectName} \u2014 ${what}`, { ...title, height: 16 }, { font: 'bold', size: 13 });
  doc
    .moveTo(title.x, title.y + title.height - 2)
    .lineTo(title.x + title.width, title.y + title.height - 2)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
}

function drawPlaceholder(doc: Doc, box: Box, words: string, size: number): void {
  doc.rect(box.x, box.y, box.width, box.height).fill(PLACEHOLDER);
  doc
    .moveTo(box.x, box.y)
    .lineTo(box.x + box.width, box.y + box.height)
    .moveTo(box.x + box.width, box.y)
    .lineTo(box.x, box.y + box.height)
    .lineWidth(0.5)
    .strokeColor('#bdbdbd')
    .stroke();
  const height = size * 1.6;
  const label = { x: box.x + 4, y: box.y + (box.height - height) / 2, width: box.width - 8, height };
  doc.rect(label.x + label.width / 4, label.y - 2, label.width / 2, height + 2).fill(PLACEHOLDER);
  textIn(doc, words, label, { font: 'bold', size: size * 1.2, color: MUTED, align: 'center' });
}

/**
 * The picture as pdfkit's image object, opened once per picture: a take several shots reuse is
 * embedded once and drawn from the same object (pdfkit's `image()` takes an opened image too,
 * though its types only name buffers and paths).
 */
function openedImage(doc: Doc, picture: PreparedPicture, opened: Map<Buffer, Buffer>): Buffer {
  let image = opened.get(picture.jpeg);
  if (!image) {
    image = (doc as unknown as { openImage(src: Buffer): Buffer }).openImage(picture.jpeg);
    opened.set(picture.jpeg, image);
  }
  return image;
}

function drawFrame(doc: Doc, cell: FrameCell, shot: PrintShot, firstOnPage: boolean, picture: Buffer | null): void {
  const size = cell.fontSize;
  // Scene band: filled where the scene starts; on a page that opens mid-scene, the scene in grey.
  if (shot.scene && shot.sceneStarts) {
    // The scene's own colour, lightened so the heading stays legible on it.
    doc.save();
    if (shot.scene.color) doc.fillOpacity(0.35);
    doc.rect(cell.band.x, cell.band.y, cell.band.width, cell.band.height).fill(shot.scene.color ?? BAND);
    doc.restore();
    textIn(doc, sceneText(shot.scene), { x: cell.band.x + 4, y: cell.band.y + (cell.band.height - size * 1.25) / 2, width: cell.band.width - 8, height: size * 1.3 }, { font: 'bold', size });
  } else if (shot.scene && firstOnPage) {
    textIn(doc, `${sceneText(shot.scene)} (continued)`, { x: cell.band.x + 4, y: cell.band.y + (cell.band.height - size * 1.25) / 2, width: cell.band.width - 8, height: size * 1.3 }, { font: 'regular', size, color: MUTED });
  }
  // Shot number, then the title in what is left of the line.
  doc.font('bold').fontSize(size + 2);
  const number = shot.label;
  const numberWidth = doc.widthOfString(number);
  textIn(doc, number, { ...cell.label, width: numberWidth + 1 }, { font: 'bold', size: size + 2 });
  textIn(doc, shot.title, { x: cell.label.x + numberWidth + 6, y: cell.label.y + 1.5, width: cell.label.width - numberWidth - 6, height: cell.label.height }, { font: 'regular', size: size + 0.5 });
  // The picture, fitted and centred in its box, or a placeholder naming the shot type.
  const { image } = cell;
  if (picture) {
    doc.rect(image.x, image.y, image.width, image.height).fill('#202020');
    doc.image(picture, image.x, image.y, { fit: [image.width, image.height], align: 'center', valign: 'center' });
  } else drawPlaceholder(doc, image, shot.shotType || 'No picture', size);
  doc.rect(image.x, image.y, image.width, image.height).lineWidth(0.5).strokeColor(RULE).stroke();
  const info = [shot.shotType, shot.cameraMove, durationText(shot.seconds), `TC ${shot.timecodeIn}`].filter(Boolean).join('  \u00b7  ');
  textIn(doc, info, cell.info, { font: 'regular', size, color: MUTED });
  const { action, dialogue } = splitText(doc, cell, shot, size);
  textIn(doc, shot.action, action, { font: 'regular', size });
  textIn(doc, shot.dialogue, dialogue, { font: 'bold', size: size - 0.5, color: '#333333' });
}

/**
 * The text area under the info line, the action above the dialogue. A shot without dialogue
 * gives it all to the action, one without action to the dialogue. With both, the dialogue
 * starts where the action ends: each keeps at least its share of the layout when both are
 * long, and what one does not need the other gets (a one-line action leaves a scene's
 * exchange its lines, which its own share alone would cut after the first).
 */
function splitText(doc: Doc, cell: FrameCell, shot: PrintShot, size: number): { action: Box; dialogue: Box } {
  const area = { ...cell.action, height: cell.action.height + cell.dialogue.height };
  if (!shot.action || !shot.dialogue) return { action: area, dialogue: area };
  const needs = (text: string, font: 'regular' | 'bold', fontSize: number) => {
    doc.font(font).fontSize(fontSize);
    // Half a point more than pdfkit measures, so its last line is never dropped for rounding.
    return doc.heightOfString(text, { width: area.width, lineGap: 0 }) + 0.5;
  };
  const actionNeeds = needs(shot.action, 'regular', size);
  const dialogueNeeds = needs(shot.dialogue, 'bold', size - 0.5);
  const actionHeight = Math.min(actionNeeds, Math.max(cell.action.height, area.height - dialogueNeeds));
  return { action: { ...area, height: actionHeight }, dialogue: { ...area, y: area.y + actionHeight, height: area.height - actionHeight } };
}

function drawTableHeader(doc: Doc, paper: Paper): void {
  const layout = tableLayout(paper);
  const { header } = layout;
  doc.rect(header.x, header.y, header.width, header.height).fill(BAND);
  for (const column of layout.columns) {
    const box = { x: column.x + layout.padding, y: header.y + layout.padding, width: column.width - 2 * layout.padding, height: header.height - layout.padding };
    textIn(doc, column.title, box, { font: 'bold', size: layout.fontSize, align: column.align });
  }
}

function drawTableRow(doc: Doc, paper: Paper, index: number, shot: PrintShot): void {
  const layout = tableLayout(paper);
  const row = tableRowBox(layout, index);
  if (index % 2 === 1) doc.rect(row.x, row.y, row.width, row.height).fill('#f4f4f4');
  const cells = shotListCells(shot);
  for (const column of layout.columns) {
    const box = { x: column.x + layout.padding, y: row.y + layout.padding, width: column.width - 2 * layout.padding, height: row.height - layout.padding };
    textIn(doc, cells[column.key], box, { font: column.key === 'number' ? 'bold' : 'regular', size: layout.fontSize, align: column.align });
  }
  doc
    .moveTo(row.x, row.y + row.height)
    .lineTo(row.x + row.width, row.y + row.height)
    .lineWidth(0.25)
    .strokeColor('#c8c8c8')
    .stroke();
}

function checkCancel(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('cancelled');
}

/** Local calendar date, YYYY-MM-DD. */
export function printDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export async function writePdf(shots: readonly PrintShot[], options: PdfOptions): Promise<PdfResult> {
  const { paper, frames, contents, signal } = options;
  const log = options.log ?? (() => {});
  const frame = pageFrame(paper);
  const doc = new PDFDocument({
    size: [frame.width, frame.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    // No default font: pdfkit would load its Helvetica metrics from its own folder (absent from a
    // bundle), and a default DejaVu Sans would defeat the cache of the registered one (pdfkit
    // 0.20 then parses the font file again on every font change, about 10 ms each).
    font: null as unknown as string,
    info: { Title: `${options.projectName} \u2014 storyboard and shot list`, Creator: 'Shotline', CreationDate: options.date },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', options.fonts.regular);
  doc.registerFont('bold', options.fonts.bold);

  const drawsBoard = contents !== 'shot-list';
  const drawsList = contents !== 'storyboard';
  const steps = (drawsBoard ? shots.length : 0) + (drawsList ? shots.length : 0) || 1;
  let done = 0;
  const step = () => options.onProgress?.(Math.min(1, ++done / steps));
  let placeholders = 0;
  let boardPages = 0;
  let listPages = 0;

  // Shots that share a take share its picture: decoded once, embedded once.
  const decoded = new Map<string, Promise<PreparedPicture | null>>();
  const picture = (shot: PrintShot) => {
    const key = shot.pictures.map((p) => p.file).join('\n');
    let ready = decoded.get(key);
    if (!ready) decoded.set(key, (ready = preparePicture(shot.pictures, shot.label, log)));
    return ready;
  };
  const opened = new Map<Buffer, Buffer>();

  if (drawsBoard) {
    const cells = storyboardCells(paper, frames, options.aspect);
    for (let start = 0; start < Math.max(1, shots.length); start += frames) {
      doc.addPage();
      boardPages++;
      titleLine(doc, paper, options.projectName, 'Storyboard');
      // A page's pictures are decoded side by side (sharp works on its own threads), then drawn in order.
      const page = shots.slice(start, start + frames);
      checkCancel(signal);
      const pictures = await Promise.all(page.map((shot) => picture(shot)));
      for (const [i, shot] of page.entries()) {
        checkCancel(signal);
        const prepared = pictures[i]!;
        drawFrame(doc, cells[i]!, shot, i === 0, prepared ? openedImage(doc, prepared, opened) : null);
        if (!pictures[i]) placeholders++;
        step();
      }
    }
  }
  if (drawsList) {
    const { rowsPerPage } = tableLayout(paper);
    for (let start = 0; start < Math.max(1, shots.length); start += rowsPerPage) {
      doc.addPage();
      listPages++;
      titleLine(doc, paper, options.projectName, 'Shot list');
      drawTableHeader(doc, paper);
      for (const [i, shot] of shots.slice(start, start + rowsPerPage).entries()) {
        checkCancel(signal);
        drawTableRow(doc, paper, i, shot);
        step();
      }
    }
  }

  // Footers last, when the page count is known.
  const range = doc.bufferedPageRange();
  const date = printDate(options.date);
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const { footer } = frame;
    doc
      .moveTo(footer.x, footer.y)
      .lineTo(footer.x + footer.width, footer.y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    const line = { x: footer.x, y: footer.y + 4, width: footer.width / 3, height: 11 };
    textIn(doc, options.projectName, line, { font: 'regular', size: 8, color: MUTED });
    textIn(doc, date, { ...line, x: footer.x + footer.width / 3 }, { font: 'regular', size: 8, color: MUTED, align: 'center' });
    textIn(doc, `Page ${i + 1} of ${range.count}`, { ...line, x: footer.x + (2 * footer.width) / 3 }, { font: 'regular', size: 8, color: MUTED, align: 'right' });
  }
  checkCancel(signal);
  doc.end();
  await ended;
  const expected = documentPages(shots.length, { paper, frames, contents });
  if (range.count !== expected) throw new Error(`The PDF has ${range.count} pages where the layout planned ${expected}.`);
  await writeFileAtomically(options.outPath, Buffer.concat(chunks));
  return { pages: range.count, storyboardPages: boardPages, shotListPages: listPages, placeholders };
}
