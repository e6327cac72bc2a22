/**
 * The `pdf` export format on a real project, read back by poppler (not by pdfkit): the words of
 * every frame and row (pdftotext, with their boxes), the picture of page 1 (pdftoppm) sampled
 * where the layout module puts each frame, the page count for every frames-per-page setting on
 * a 200-shot project (pdfinfo), the embedded fonts (pdffonts), A4 against Letter, cancel.
 *
 * Pictures are made cheaply with sharp: solid-colour JPEG posters for a selected take and a
 * still-frame take, a WebP reference (pdfkit cannot embed WebP), and a poster that is not an
 * image at all (it must print as a placeholder with a log line, not fail the export).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTake } from '../../shared/defaults';
import type { ExportJob, GenerationRequest, Shot } from '../../shared/domain';
import { FRAMES_PER_PAGE, pageFrame, storyboardCells, tableLayout, tableRowBox, type Box } from '../../shared/print/page-layout';
import { gatherPrintShots } from '../../main/export/print/gather-print';
import { printDate, writePdf } from '../../main/export/print/pdf-writer';
import { findShippedFonts } from '../../main/media/shipped-fonts';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';
import { near, pdfFonts, pdfInfo, pdfText, pdfWords, renderPage, type PdfWord } from './pdf-readers';

afterAll(cleanupTempDirs);

const RED: [number, number, number] = [220, 30, 30];
const BLUE: [number, number, number] = [30, 60, 220];
const GREEN: [number, number, number] = [30, 190, 60];
const PLACEHOLDER: [number, number, number] = [0xd9, 0xd9, 0xd9];
const ASPECT = 640 / 360;

const LONG_PROMPT = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
const HEADINGS = ['EXT. HARBOUR - DAWN', 'INT. LAMP ROOM - NIGHT'] as const;
/** Each shot's dialogue as stored (the first an exchange of three lines, with a mention). */
const DIALOGUE = ['@Mara: It is still turning.\nKeeper: The lamp needs oil.\n@Mara: Then we fetch it.', 'Keeper: Then we wait, Mara.', 'Mara: Für immer? Ça alors.'];
/** ...and as printed, line by line: the mention as the name. */
const PRINTED_DIALOGUE = DIALOGUE.flatMap((d) => d.split('\n')).map((line) => line.replace(/^@/, ''));

let t: TestApp;
let shots: Shot[];

async function solid(file: string, color: readonly number[], format: 'jpeg' | 'webp'): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const image = sharp({ create: { width: 640, height: 360, channels: 3, background: { r: color[0]!, g: color[1]!, b: color[2]! } } });
  await (format === 'jpeg' ? image.jpeg({ quality: 95 }) : image.webp({ quality: 95 })).toFile(file);
}

function request(shot: Shot, output?: 'image'): GenerationRequest {
  return { provider: 'animatic', model: 'animatic', prompt: shot.prompt, seconds: shot.seconds, size: '640x360', fps: { num: 24, den: 1 }, ...(output ? { output } : {}) };
}

/** A take of `shot` whose poster is `poster` (project-relative). */
function addTake(shot: Shot, poster: string, kind: 'clip' | 'still'): string {
  const take = newTake({
    id: `take-${shot.id}-${kind}`,
    shotId: shot.id,
    request: request(shot, kind === 'still' ? 'image' : undefined),
    requestHash: `hash-${shot.id}-${kind}`,
    files: { original: poster, poster, normalised: kind === 'clip' ? poster : null },
    durationSeconds: kind === 'clip' ? shot.seconds : null,
    now: new Date().toISOString(),
  });
  t.store.takes.insert(take);
  if (kind === 'clip') t.store.shots.update(shot.id, { selectedTakeId: take.id });
  return take.id;
}

async function exportPdf(app: TestApp, name: string, options: Record<string, string>): Promise<{ file: string; job: ExportJob }> {
  const file = path.join(app.root, name);
  const started = ok<ExportJob>(await app.call('export.start', { format: 'pdf', outPath: file, options }));
  const job = await app.project.exports.wait(started.id);
  expect(job.status, job.message).toBe('done');
  return { file, job };
}

/** Words of page `page` whose centre lies inside `box`. */
const wordsIn = (words: PdfWord[], page: number, box: Box) =>
  words.filter((w) => w.page === page && (w.xMin + w.xMax) / 2 >= box.x && (w.xMin + w.xMax) / 2 <= box.x + box.width && (w.yMin + w.yMax) / 2 >= box.y && (w.yMin + w.yMax) / 2 <= box.y + box.height);

beforeAll(async () => {
  t = makeTestApp({ overrides: { progressIntervalMs: 0 } });
  await t.app.workspace.create({ name: 'Lighthouse Été', parentDir: t.root, size: '640x360' });
  t.store.elements.add({ kind: 'character', name: 'Mara', description: 'A keeper in a yellow coat.' });
  const harbour = t.store.scenes.lastOrNew();
  t.store.scenes.update(harbour.id, { heading: HEADINGS[0], color: '#4a90d9' });
  const lampRoom = t.store.scenes.add(undefined, { heading: HEADINGS[1] });
  let scene = harbour.id;
  const add = (fields: Partial<Shot>) => t.store.shots.add(undefined, { seconds: 2, ...fields }, scene);
  add({ title: 'Harbour', prompt: '@Mara walks to the harbour wall.', shotType: 'wide', cameraMove: 'static', dialogue: DIALOGUE[0]! });
  add({ title: 'The still', prompt: 'Gulls over the rocks.', shotType: 'medium', cameraMove: 'pan left', dialogue: DIALOGUE[1]! });
  add({ title: 'Reference', prompt: 'The lamp room.', shotType: 'close-up', dialogue: DIALOGUE[2]! });
  scene = lampRoom.id;
  add({ title: 'Broken poster', prompt: 'Rain on the glass.', shotType: 'extreme close-up' });
  add({ title: 'Too much text', prompt: LONG_PROMPT, shotType: 'insert' });
  add({ title: 'Harbour again', prompt: 'Back on the wall.', shotType: 'wide' });
  shots = t.store.shots.list();
  const dir = t.store.dir;
  await solid(path.join(dir, 'media/takes/a/poster.jpg'), RED, 'jpeg');
  addTake(shots[0]!, 'media/takes/a/poster.jpg', 'clip');
  await solid(path.join(dir, 'media/takes/b/poster.jpg'), BLUE, 'jpeg');
  addTake(shots[1]!, 'media/takes/b/poster.jpg', 'still');
  await solid(path.join(dir, 'media/refs/green.webp'), GREEN, 'webp');
  t.store.shots.setReferences(shots[2]!.id, [{ id: 'ref-green', path: 'media/refs/green.webp', name: 'green.webp', fit: 'cover', width: 640, height: 360 }]);
  fs.mkdirSync(path.join(dir, 'media/takes/d'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'media/takes/d/poster.jpg'), 'this is not a JPEG');
  addTake(shots[3]!, 'media/takes/d/poster.jpg', 'clip');
  // The sixth shot reuses the first one's take file (as an identical request does).
  addTake(shots[5]!, 'media/takes/a/poster.jpg', 'clip');
  // A paid line in the ledger for the cost column (an estimate, as for a service that reports none).
  t.store.ledger.record({ jobId: null, shotId: shots[0]!.id, provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, costUsd: 0.4 });
  shots = t.store.shots.list();
});

describe('pdf export', () => {
  it('prints each frame where the layout says: number, picture (poster, still, WebP reference, placeholder), texts cut to their boxes', async () => {
    const { file, job } = await exportPdf(t, 'board.pdf', { paper: 'a4', framesPerPage: '6', contents: 'both' });
    if (process.env.PEEK) fs.copyFileSync(file, process.env.PEEK);
    expect(job.message).toMatch(/2 pages: 6 shots; 2 frames without a picture/);
    const info = await pdfInfo(file);
    expect(info.Pages).toBe('2');
    expect(info['Page size']).toMatch(/^841\.89 x 595\.28 pts \(A4\)/);

    const words = await pdfWords(file);
    const cells = storyboardCells('a4', 6, ASPECT);
    for (const [i, shot] of shots.entries()) {
      const cell = cells[i]!;
      expect(wordsIn(words, 1, cell.label)[0]?.text, `shot ${i + 1}'s number`).toBe(shot.number);
      // The scene heading band on the first shot of each scene, and on no other.
      const band = wordsIn(words, 1, cell.band).map((w) => w.text).join(' ');
      if (i === 0) expect(band).toBe(`1 ${HEADINGS[0]}`);
      else if (i === 3) expect(band).toBe(`2 ${HEADINGS[1]}`);
      else expect(band).toBe('');
      expect(wordsIn(words, 1, cell.label).map((w) => w.text).join(' ')).toContain(shot.title);
    }
    // Nothing spills out of its frame: every word of the page body lies wholly inside one cell.
    const body = pageFrame('a4').body;
    const inside = (w: PdfWord, b: Box) => w.xMin >= b.x - 1 && w.xMax <= b.x + b.width + 1 && w.yMin >= b.y - 1 && w.yMax <= b.y + b.height + 1;
    for (const w of wordsIn(words, 1, body)) expect(cells.some((c) => inside(w, c.box)), `"${w.text}" at ${w.xMin},${w.yMin}`).toBe(true);
    // The action, with @Mara printed as the name, and its dialogue right under it: a one-line
    // action leaves the dialogue the lines it needs, beyond its own share of the frame.
    const frameText = wordsIn(words, 1, { ...cells[0]!.action, height: cells[0]!.action.height + cells[0]!.dialogue.height }).map((w) => w.text).join(' ');
    expect(frameText).toBe(`Mara walks to the harbour wall. ${PRINTED_DIALOGUE.slice(0, 3).join(' ')}`);
    // Shot type, camera, duration and timecode on the info line (shot 2 starts at 2 s, 24 fps).
    expect(wordsIn(words, 1, cells[1]!.info).map((w) => w.text).join(' ')).toBe('medium · pan left · 2.0 s · TC 00:00:02:00');
    // The long prompt is cut inside its box with an ellipsis: its last words are not printed.
    // (A shot without dialogue gives the dialogue's box to the action.)
    const textArea = { ...cells[4]!.action, height: cells[4]!.action.height + cells[4]!.dialogue.height };
    const cut = wordsIn(words, 1, textArea);
    expect(cut.length).toBeGreaterThan(5);
    expect(cut.at(-1)!.text.endsWith('\u2026')).toBe(true);
    for (const w of cut) expect(w.yMax).toBeLessThanOrEqual(textArea.y + textArea.height + 1);
    expect(Math.max(...cut.map((w) => w.yMax))).toBeGreaterThan(cells[4]!.action.y + cells[4]!.action.height);
    expect(words.some((w) => w.text === 'word119')).toBe(false);

    // Every dialogue line, whole (pdftotext may wrap a line at the box's width).
    const text = (await pdfText(file)).replace(/\s+/g, ' ');
    for (const line of PRINTED_DIALOGUE) expect(text).toContain(line);

    // The picture of page 1: each frame's colour at its box's centre; the placeholders' grey beside their label.
    const page = await renderPage(file, 1, t.root);
    expect([page.width, page.height]).toEqual([Math.ceil(841.89), Math.ceil(595.28)]);
    const centre = (b: Box) => page.pixel(b.x + b.width / 2, b.y + b.height / 2);
    expect(centre(cells[0]!.image), 'selected take poster').toSatisfy((c: number[]) => near(c, RED));
    expect(centre(cells[1]!.image), 'still frame').toSatisfy((c: number[]) => near(c, BLUE));
    expect(centre(cells[2]!.image), 'WebP reference').toSatisfy((c: number[]) => near(c, GREEN));
    expect(centre(cells[5]!.image), 'the reused take').toSatisfy((c: number[]) => near(c, RED));
    // ... embedded once: page 1 draws four pictures from three image objects.
    const { stdout } = await promisify(execFile)('pdfimages', ['-list', '-f', '1', '-l', '1', file]);
    const objects = stdout.split('\n').slice(2).filter(Boolean).map((line) => line.trim().split(/\s+/)[10]);
    expect(objects).toHaveLength(4);
    expect(new Set(objects).size).toBe(3);
    for (const i of [3, 4]) {
      const b = cells[i]!.image;
      expect(page.pixel(b.x + b.width * 0.12, b.y + b.height / 2), `placeholder of shot ${i + 1}`).toSatisfy((c: number[]) => near(c, PLACEHOLDER, 6));
    }
    // The placeholder names the shot type; the broken poster is a log line, not a failed export.
    expect(wordsIn(words, 1, cells[3]!.image).map((w) => w.text).join(' ')).toBe('extreme close-up');
    expect(t.logs.some((l) => l.includes(`Shot ${shots[3]!.number}: its take poster poster.jpg cannot be read`))).toBe(true);

    // The shot list: one row per shot under a header, with the cost from the ledger.
    const table = tableLayout('a4');
    expect(wordsIn(words, 2, table.header).sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ')).toBe('Shot Scene Description Shot type Camera Duration Model Status Cost');
    for (const i of shots.keys()) {
      const row = tableRowBox(table, i);
      const cols = Object.fromEntries(table.columns.map((c) => [c.key, wordsIn(words, 2, { ...c, y: row.y, height: row.height }).map((w) => w.text).join(' ')]));
      expect(cols.number).toBe(shots[i]!.number);
      expect(cols.scene).toBe(i < 3 ? `1 ${HEADINGS[0]}` : `2 ${HEADINGS[1]}`);
      expect(cols.description?.startsWith(shots[i]!.title)).toBe(true);
      expect(cols.duration).toBe('2.0 s');
      expect(cols.cost).toBe(i === 0 ? '$0.40 est.' : '-');
      expect(cols.status).toBe(i === 0 || i === 3 || i === 5 ? 'Ready' : 'No take');
    }

    // Footer on every page: page N of M, the project name, the date.
    const today = printDate(new Date());
    for (const n of [1, 2]) {
      const pageText = (await pdfText(file, { first: n, last: n })).replace(/\s+/g, ' ');
      expect(pageText).toContain(`Page ${n} of 2`);
      expect(pageText).toContain('Lighthouse Été');
      expect(pageText).toContain(today);
    }

    // The shipped fonts, embedded (as subsets).
    const fonts = await pdfFonts(file);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
  });

  it('prints Letter pages when asked, and only what is asked', async () => {
    const { file } = await exportPdf(t, 'letter.pdf', { paper: 'letter', framesPerPage: '2', contents: 'storyboard' });
    const info = await pdfInfo(file);
    expect(info['Page size']).toMatch(/^792 x 612 pts \(letter\)/);
    expect(info.Pages).toBe(String(Math.ceil(shots.length / 2)));
    expect(await pdfText(file)).not.toContain('Description');
    const list = await exportPdf(t, 'list.pdf', { paper: 'letter', framesPerPage: '2', contents: 'shot-list' });
    expect((await pdfInfo(list.file)).Pages).toBe('1');
    expect(await pdfText(list.file)).toContain('Description');
  });

  it('refuses options the format does not have', async () => {
    const bad = await t.call('export.start', { format: 'pdf', outPath: path.join(t.root, 'x.pdf'), options: { framesPerPage: '5' } });
    expect(bad.error?.message).toMatch(/options\.framesPerPage/);
  });
});

describe('pdf export of 200 shots', () => {
  let big: TestApp;
  beforeAll(async () => {
    big = makeTestApp({ overrides: { progressIntervalMs: 0 } });
    await big.app.workspace.create({ name: 'Long film', parentDir: makeTempDir('pdf long'), size: '1280x720' });
    // Ten scenes of twenty shots.
    big.store.transaction(() => {
      let scene = big.store.scenes.lastOrNew();
      big.store.scenes.update(scene.id, { heading: 'EXT. SCENE ONE - DAY' });
      for (let i = 0; i < 200; i++) {
        if (i > 0 && i % 20 === 0) scene = big.store.scenes.add(undefined, { heading: `INT. ROOM ${i / 20 + 1} - NIGHT` });
        big.store.shots.add(undefined, { title: `Shot title ${i + 1}`, prompt: `Action of shot ${i + 1}.`, dialogue: `Voice ${i + 1}: line ${i + 1}.`, seconds: 1 }, scene.id);
      }
    });
  });

  it('has one storyboard page per N frames for every frames-per-page setting', async () => {
    for (const frames of FRAMES_PER_PAGE) {
      const { file } = await exportPdf(big, `board-${frames}.pdf`, { framesPerPage: String(frames), contents: 'storyboard' });
      expect((await pdfInfo(file)).Pages, `${frames} frames a page`).toBe(String(Math.ceil(200 / frames)));
      if (frames !== 6) continue;
      // Every scene heading once in a band, every shot number as a frame's first word, every dialogue line.
      const text = (await pdfText(file)).replace(/\s+/g, ' ');
      const scenes = big.store.scenes.list();
      expect(scenes).toHaveLength(10);
      // (A page that opens mid-scene names it again, marked "continued".)
      for (const scene of scenes) {
        const named = text.split(`${scene.number} ${scene.heading}`).slice(1);
        expect(named.filter((after) => !after.startsWith(' (continued)')).length, scene.heading).toBe(1);
      }
      const all = await pdfWords(file);
      const cells = storyboardCells('a4', 6, 1280 / 720);
      const labels = big.store.shots.list().map((_, i) => wordsIn(all, Math.floor(i / 6) + 1, cells[i % 6]!.label)[0]?.text);
      expect(labels).toEqual(big.store.shots.list().map((s) => s.number));
      for (let i = 0; i < 200; i++) expect(text).toContain(`Voice ${i + 1}: line ${i + 1}.`);
    }
  }, 120_000);

  it('repeats the table header on every shot-list page and lists every shot once', async () => {
    const { file } = await exportPdf(big, 'list.pdf', { contents: 'shot-list' });
    const rows = tableLayout('a4').rowsPerPage;
    expect(rows).toBeGreaterThan(15);
    const pages = Math.ceil(200 / rows);
    expect((await pdfInfo(file)).Pages).toBe(String(pages));
    const words = await pdfWords(file);
    const layout = tableLayout('a4');
    const numberColumn = layout.columns[0]!;
    const numbers: string[] = [];
    for (let page = 1; page <= pages; page++) {
      expect(wordsIn(words, page, layout.header).map((w) => w.text).join(' '), `page ${page}`).toContain('Description');
      numbers.push(...wordsIn(words, page, { ...numberColumn, y: layout.header.y + layout.header.height, height: rows * layout.rowHeight }).map((w) => w.text));
    }
    expect(numbers).toEqual(big.store.shots.list().map((s) => s.number));
  }, 60_000);

  it('stops halfway when cancelled and writes nothing, not even a temp file', async () => {
    const dir = makeTempDir('pdf cancel');
    const outPath = path.join(dir, 'half.pdf');
    const controller = new AbortController();
    const steps: number[] = [];
    const shots = gatherPrintShots(big.store, big.project.exports.sequence());
    const writing = writePdf(shots, {
      paper: 'a4',
      frames: 2,
      contents: 'both',
      projectName: 'Long film',
      aspect: 16 / 9,
      date: new Date(),
      fonts: findShippedFonts(),
      outPath,
      signal: controller.signal,
      onProgress: (fraction) => {
        steps.push(fraction);
        if (steps.length === 50) controller.abort();
      },
    });
    await expect(writing).rejects.toThrow(/cancelled/);
    expect(steps).toHaveLength(50);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('leaves nothing behind when cancelled', async () => {
    const outPath = path.join(big.root, 'cancelled.pdf');
    const job = ok<ExportJob>(await big.call('export.start', { format: 'pdf', outPath, options: { framesPerPage: '2' } }));
    big.project.exports.cancel(job.id);
    expect((await big.project.exports.wait(job.id)).status).toBe('cancelled');
    expect(fs.readdirSync(big.root).filter((f) => f.includes('cancelled'))).toEqual([]);
  });
});
