/**
 * Where everything sits on a printed page of the storyboard and the shot list, in PDF points
 * (1/72 inch, origin top left, as pdfkit draws). Pure numbers, so the layout is tested without
 * a PDF and the tests of the real PDF ask this module where a frame should be.
 *
 * Every page: a margin all round, a title line at the top, a footer line at the bottom (page N
 * of M, project name, date). Storyboard pages hold a grid of equal cells (2, 3, 4 or 6 a page);
 * shot-list pages a table of fixed-height rows, so the page count follows from the shot count
 * alone and text that does not fit is cut (with an ellipsis) instead of moving the next row.
 */

export type Paper = 'a4' | 'letter';
export const PAPERS: readonly Paper[] = ['a4', 'letter'];

export type FramesPerPage = 2 | 3 | 4 | 6;
export const FRAMES_PER_PAGE: readonly FramesPerPage[] = [2, 3, 4, 6];

/** A rectangle in points from the page's top left. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Landscape page sizes in points: A4 is 297 x 210 mm, Letter 11 x 8.5 in. */
export function pageSize(paper: Paper): { width: number; height: number } {
  return paper === 'a4' ? { width: 841.89, height: 595.28 } : { width: 792, height: 612 };
}

export const MARGIN = 36;
export const TITLE_HEIGHT = 22;
export const FOOTER_HEIGHT = 16;
/** Space between storyboard cells. */
export const CELL_GAP = 14;

/** The parts common to every page. */
export interface PageFrame {
  width: number;
  height: number;
  /** The title line (project name and what the page is). */
  title: Box;
  /** Between the title and the footer: the grid or the table. */
  body: Box;
  /** Page N of M, project name, date. */
  footer: Box;
}

export function pageFrame(paper: Paper): PageFrame {
  const { width, height } = pageSize(paper);
  const inner = width - 2 * MARGIN;
  const title = { x: MARGIN, y: MARGIN, width: inner, height: TITLE_HEIGHT };
  const footer = { x: MARGIN, y: height - MARGIN - FOOTER_HEIGHT, width: inner, height: FOOTER_HEIGHT };
  const bodyTop = title.y + title.height + 6;
  const body = { x: MARGIN, y: bodyTop, width: inner, height: footer.y - 6 - bodyTop };
  return { width, height, title, body, footer };
}

/** Columns x rows for each frames-per-page setting. */
export function gridShape(frames: FramesPerPage): { columns: number; rows: number } {
  switch (frames) {
    case 2:
      return { columns: 2, rows: 1 };
    case 3:
      return { columns: 3, rows: 1 };
    case 4:
      return { columns: 2, rows: 2 };
    case 6:
      return { columns: 3, rows: 2 };
  }
}

/** One storyboard cell, top to bottom. */
export interface FrameCell {
  /** The whole cell. */
  box: Box;
  /** The scene heading band (filled where a scene starts). */
  band: Box;
  /** Shot number and title. */
  label: Box;
  /** The frame picture's box (the image is fitted inside, centred). */
  image: Box;
  /** Shot type, camera move, duration, timecode: one line. */
  info: Box;
  /** The action (prompt). */
  action: Box;
  /** The dialogue. */
  dialogue: Box;
  /** Body text size in points. */
  fontSize: number;
  /** Line height for `fontSize` (what the boxes are counted in). */
  lineHeight: number;
}

/** Line height as a multiple of the font size (pdfkit's default gap for DejaVu Sans is about this). */
export const LINE_FACTOR = 1.25;

/**
 * The cells of a storyboard page, in reading order. `aspect` is the frame's width / height (the
 * project's size); the picture keeps it and takes at most 60% of the cell, so the text below
 * always has room.
 */
export function storyboardCells(paper: Paper, frames: FramesPerPage, aspect: number): FrameCell[] {
  if (!(aspect > 0) || !Number.isFinite(aspect)) throw new Error(`A frame aspect must be a positive number, not ${aspect}.`);
  const { body } = pageFrame(paper);
  const { columns, rows } = gridShape(frames);
  const width = (body.width - (columns - 1) * CELL_GAP) / columns;
  const height = (body.height - (rows - 1) * CELL_GAP) / rows;
  const fontSize = frames === 6 ? 7.5 : frames === 4 ? 8 : 9;
  const lineHeight = fontSize * LINE_FACTOR;
  const cells: FrameCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = body.x + c * (width + CELL_GAP);
      const y = body.y + r * (height + CELL_GAP);
      const band = { x, y, width, height: Math.round(fontSize * 2) };
      const label = { x, y: band.y + band.height + 2, width, height: lineHeight + 2 };
      const imageHeight = Math.min(width / aspect, height * 0.6);
      const imageWidth = Math.min(width, imageHeight * aspect);
      const image = { x: x + (width - imageWidth) / 2, y: label.y + label.height + 2, width: imageWidth, height: imageHeight };
      const info = { x, y: image.y + image.height + 3, width, height: lineHeight };
      const textTop = info.y + info.height + 2;
      const textHeight = y + height - textTop;
      // Whole lines each: the action gets the larger part, the dialogue the rest.
      const lines = Math.max(2, Math.floor(textHeight / lineHeight));
      const dialogueLines = Math.max(1, Math.floor(lines * 0.4));
      const actionLines = Math.max(1, lines - dialogueLines);
      const action = { x, y: textTop, width, height: actionLines * lineHeight };
      const dialogue = { x, y: textTop + action.height, width, height: Math.min(dialogueLines * lineHeight, y + height - (textTop + action.height)) };
      cells.push({ box: { x, y, width, height }, band, label, image, info, action, dialogue, fontSize, lineHeight });
    }
  }
  return cells;
}

/** Storyboard pages for `shots` shots (at least one page, so an empty project still prints). */
export function storyboardPages(shots: number, frames: FramesPerPage): number {
  return Math.max(1, Math.ceil(shots / frames));
}

/** One column of the shot-list table. */
export interface TableColumn {
  key: ShotListColumnKey;
  title: string;
  /** Share of the table's width. */
  share: number;
  align: 'left' | 'right';
}

export type ShotListColumnKey = 'number' | 'scene' | 'description' | 'shotType' | 'camera' | 'duration' | 'model' | 'status' | 'cost';

/** The shot-list columns, left to right (the CSV has the same, plus a few the paper has no room for). */
export const SHOT_LIST_COLUMNS: readonly TableColumn[] = [
  { key: 'number', title: 'Shot', share: 0.055, align: 'left' },
  { key: 'scene', title: 'Scene', share: 0.15, align: 'left' },
  { key: 'description', title: 'Description', share: 0.3, align: 'left' },
  { key: 'shotType', title: 'Shot type', share: 0.085, align: 'left' },
  { key: 'camera', title: 'Camera', share: 0.1, align: 'left' },
  { key: 'duration', title: 'Duration', share: 0.065, align: 'right' },
  { key: 'model', title: 'Model', share: 0.1, align: 'left' },
  { key: 'status', title: 'Status', share: 0.075, align: 'left' },
  { key: 'cost', title: 'Cost', share: 0.07, align: 'right' },
];

export const TABLE_FONT_SIZE = 8;
/** Text lines a shot-list row holds (more is cut with an ellipsis). */
export const TABLE_ROW_LINES = 2;
export const TABLE_CELL_PADDING = 3;

export interface TableLayout {
  /** The header row (repeated on every page). */
  header: Box;
  rowHeight: number;
  rowsPerPage: number;
  /** Each column's left edge and width, in `SHOT_LIST_COLUMNS` order. */
  columns: Array<TableColumn & { x: number; width: number }>;
  fontSize: number;
  padding: number;
}

export function tableLayout(paper: Paper): TableLayout {
  const { body } = pageFrame(paper);
  const lineHeight = TABLE_FONT_SIZE * LINE_FACTOR;
  const header = { x: body.x, y: body.y, width: body.width, height: lineHeight + 2 * TABLE_CELL_PADDING };
  const rowHeight = TABLE_ROW_LINES * lineHeight + 2 * TABLE_CELL_PADDING;
  const rowsPerPage = Math.floor((body.height - header.height) / rowHeight);
  let x = body.x;
  const columns = SHOT_LIST_COLUMNS.map((column) => {
    const width = column.share * body.width;
    const placed = { ...column, x, width };
    x += width;
    return placed;
  });
  return { header, rowHeight, rowsPerPage, columns, fontSize: TABLE_FONT_SIZE, padding: TABLE_CELL_PADDING };
}

/** The box of row `index` (0-based within its page). */
export function tableRowBox(layout: TableLayout, index: number): Box {
  return { x: layout.header.x, y: layout.header.y + layout.header.height + index * layout.rowHeight, width: layout.header.width, height: layout.rowHeight };
}

/** Shot-list pages for `shots` shots (at least one). */
export function shotListPages(shots: number, paper: Paper): number {
  return Math.max(1, Math.ceil(shots / tableLayout(paper).rowsPerPage));
}

/** What to print. */
export type PrintContents = 'storyboard' | 'shot-list' | 'both';
export const PRINT_CONTENTS: readonly PrintContents[] = ['both', 'storyboard', 'shot-list'];

/** Pages of the whole document: the storyboard first, then the shot list. */
export function documentPages(shots: number, options: { paper: Paper; frames: FramesPerPage; contents: PrintContents }): number {
  const board = options.contents === 'shot-list' ? 0 : storyboardPages(shots, options.frames);
  const list = options.contents === 'storyboard' ? 0 : shotListPages(shots, options.paper);
  return board + list;
}
