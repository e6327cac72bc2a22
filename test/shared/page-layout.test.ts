/**
 * The printed page's layout as numbers: page sizes, the storyboard grid for every
 * frames-per-page setting (cells inside the body, apart, in reading order, pictures at the
 * frame's aspect, text boxes inside their cell), the shot-list table and the page counts.
 */
import { describe, expect, it } from 'vitest';
import {
  FRAMES_PER_PAGE,
  PAPERS,
  documentPages,
  gridShape,
  pageFrame,
  shotListPages,
  storyboardCells,
  storyboardPages,
  tableLayout,
  tableRowBox,
  type Box,
} from '../../shared/print/page-layout';

const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1e-6 && inner.y >= outer.y - 1e-6 && inner.x + inner.width <= outer.x + outer.width + 1e-6 && inner.y + inner.height <= outer.y + outer.height + 1e-6;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('page layout', () => {
  it('has landscape A4 (297 x 210 mm) and Letter (11 x 8.5 in) pages', () => {
    const mm = 72 / 25.4;
    const a4 = pageFrame('a4');
    expect(a4.width).toBeCloseTo(297 * mm, 1);
    expect(a4.height).toBeCloseTo(210 * mm, 1);
    expect([pageFrame('letter').width, pageFrame('letter').height]).toEqual([11 * 72, 8.5 * 72]);
    for (const paper of PAPERS) {
      const f = pageFrame(paper);
      expect(f.title.y + f.title.height).toBeLessThanOrEqual(f.body.y);
      expect(f.body.y + f.body.height).toBeLessThanOrEqual(f.footer.y);
      expect(f.footer.y + f.footer.height).toBeLessThanOrEqual(f.height);
    }
  });

  for (const paper of PAPERS) {
    for (const frames of FRAMES_PER_PAGE) {
      for (const aspect of [16 / 9, 4 / 3, 2.39, 9 / 16]) {
        it(`${paper}, ${frames} frames a page, aspect ${aspect.toFixed(2)}: cells in the body, apart, boxes inside their cell`, () => {
          const cells = storyboardCells(paper, frames, aspect);
          const { columns, rows } = gridShape(frames);
          expect(cells).toHaveLength(frames);
          expect(columns * rows).toBe(frames);
          const body = pageFrame(paper).body;
          cells.forEach((cell, i) => {
            expect(within(cell.box, body)).toBe(true);
            for (const part of [cell.band, cell.label, cell.image, cell.info, cell.action, cell.dialogue]) expect(within(part, cell.box), JSON.stringify(part)).toBe(true);
            // Top to bottom, never on top of one another.
            const parts = [cell.band, cell.label, cell.image, cell.info, cell.action, cell.dialogue];
            parts.slice(1).forEach((p, k) => expect(p.y).toBeGreaterThanOrEqual(parts[k]!.y + parts[k]!.height - 1e-6));
            expect(cell.image.width / cell.image.height).toBeCloseTo(aspect, 6);
            expect(cell.action.height).toBeGreaterThanOrEqual(cell.lineHeight);
            expect(cell.dialogue.height).toBeGreaterThanOrEqual(cell.lineHeight - 1e-6);
            // Reading order: left to right, then down.
            if (i > 0) {
              const prev = cells[i - 1]!.box;
              expect(cell.box.y > prev.y || (cell.box.y === prev.y && cell.box.x > prev.x)).toBe(true);
            }
            for (const other of cells.slice(i + 1)) expect(overlap(cell.box, other.box)).toBe(false);
          });
        });
      }
    }
  }

  it('fits whole fixed-height rows under the repeated header', () => {
    for (const paper of PAPERS) {
      const layout = tableLayout(paper);
      const body = pageFrame(paper).body;
      const last = tableRowBox(layout, layout.rowsPerPage - 1);
      expect(last.y + last.height).toBeLessThanOrEqual(body.y + body.height);
      const next = tableRowBox(layout, layout.rowsPerPage);
      expect(next.y + next.height).toBeGreaterThan(body.y + body.height);
      const right = layout.columns.at(-1)!;
      expect(right.x + right.width).toBeCloseTo(body.x + body.width, 6);
    }
  });

  it('counts pages from the shot count alone', () => {
    expect(FRAMES_PER_PAGE.map((n) => storyboardPages(200, n))).toEqual([100, 67, 50, 34]);
    expect(storyboardPages(0, 4)).toBe(1);
    const rows = tableLayout('a4').rowsPerPage;
    expect(shotListPages(rows, 'a4')).toBe(1);
    expect(shotListPages(rows + 1, 'a4')).toBe(2);
    expect(documentPages(200, { paper: 'a4', frames: 6, contents: 'both' })).toBe(34 + Math.ceil(200 / rows));
    expect(documentPages(200, { paper: 'a4', frames: 6, contents: 'storyboard' })).toBe(34);
    expect(documentPages(200, { paper: 'a4', frames: 6, contents: 'shot-list' })).toBe(Math.ceil(200 / rows));
  });
});
