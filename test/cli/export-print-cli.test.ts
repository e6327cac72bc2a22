/**
 * `shotline export --format pdf` and `--format csv` on a real project (three 1 s animatic takes
 * at 25 fps, made by `shotline generate`), read back by poppler and csv-parse: the PDF's pages,
 * paper, words and the take posters printed where the layout puts the frames; the CSV's BOM,
 * header and one record per shot with accents, commas and quotes intact.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { CSV_COLUMNS } from '../../shared/print/print-shots';
import { storyboardCells, tableLayout } from '../../shared/print/page-layout';
import { animaticProject, shotline } from '../helpers/cli-project';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { pdfInfo, pdfText } from '../export/pdf-readers';

afterAll(cleanupTempDirs);


const SHOTS = [
  { title: 'Café at dawn', prompt: '@Mara opens the shutters, "slowly", humming.', shotType: 'wide', camera: 'static', dialogue: 'Mara: Bonjour, Zoë.' },
  { title: 'Gulls', prompt: 'Gulls wheel over the harbour, one, two, three.', shotType: 'medium', camera: 'pan left', dialogue: 'Zoë: Ça va?' },
  { title: 'The beam', prompt: 'The beam sweeps across the water.', shotType: 'close-up', camera: 'slow push in', dialogue: 'Mara: Still turning.' },
];

let work: string;
let project: string;
let posters: string[];
let numbers: string[];
const NOTES = 'Crew: bring the smoke machine,\ntwo "hazers".';
const HEADINGS = ['EXT. HARBOUR - DAWN', 'INT. LAMP ROOM - NIGHT'];

beforeAll(async () => {
  work = makeTempDir('print cli');
  const list = {
    name: 'Harbour Café',
    size: '640x360',
    fps: 25,
    elements: [{ name: 'Mara', kind: 'character', description: 'a keeper' }],
    shots: SHOTS.map((s) => ({ ...s, seconds: 1, provider: 'animatic' })),
  };
  project = await animaticProject(work, list, ['--fps', '25', '--size', '640x360']);
  // Two scenes: the first two shots at the harbour, the third moved to a scene of its own.
  const store = await ProjectStore.open(project);
  store.scenes.update(store.scenes.first()!.id, { heading: HEADINGS[0] });
  const night = store.scenes.add(undefined, { heading: HEADINGS[1], color: '#8e6fd1' });
  store.shots.move(store.shots.list()[2]!.id, null, night.id);
  store.shots.update(store.shots.list()[1]!.id, { notes: NOTES });
  numbers = store.shots.list().map((shot) => shot.number);
  posters = store.shots.list().map((shot) => store.resolve(store.takes.find(shot.selectedTakeId!)!.files.poster!));
  store.close();
}, 120_000);

describe('shotline export --format pdf', () => {
  it('prints the storyboard on Letter with the take posters in their frames, then the shot list', async () => {
    const file = path.join(work, 'board.pdf');
    const run = await shotline(['export', project, '--format', 'pdf', '--paper', 'letter', '--frames-per-page', '2', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/board\.pdf/);
    const info = await pdfInfo(file);
    // Two storyboard pages (2 + 1 frames) and one shot-list page.
    expect(info.Pages).toBe('3');
    expect(info['Page size']).toMatch(/^792 x 612 pts \(letter\)/);
    const text = (await pdfText(file)).replace(/\s+/g, ' ');
    for (const shot of SHOTS) {
      expect(text).toContain(shot.title);
      expect(text).toContain(shot.dialogue);
    }
    for (const heading of HEADINGS) expect(text).toContain(heading);
    for (const number of numbers) expect(text).toContain(`${number} `);
    expect(numbers).toEqual(['1A', '1B', '2A']);
    expect(text).toContain('Mara opens the shutters');
    expect(text).not.toContain('@Mara');
    // Shot 2 starts at 1 s: 00:00:01:00 at 25 fps.
    expect(text).toContain('TC 00:00:01:00');

    // Each take's poster, shrunk, against the same frame box of page 1 rendered by pdftoppm.
    // (The animatic's title cards are dark with light text, so the comparison sees the text too.)
    const pageFile = path.join(work, 'page1');
    await new Promise<void>((resolve, reject) => execFile('pdftoppm', ['-f', '1', '-l', '1', '-r', '72', '-png', '-singlefile', file, pageFile], (e) => (e ? reject(e) : resolve())));
    const cells = storyboardCells('letter', 2, 640 / 360);
    const small = (input: Sharp) => input.removeAlpha().resize(32, 18, { fit: 'fill' }).raw().toBuffer();
    for (const [i, poster] of posters.slice(0, 2).entries()) {
      const box = cells[i]!.image;
      const region = { left: Math.ceil(box.x) + 1, top: Math.ceil(box.y) + 1, width: Math.floor(box.width) - 3, height: Math.floor(box.height) - 3 };
      const printed = await small(sharp(`${pageFile}.png`).extract(region));
      const own = await small(sharp(poster));
      const spread = Math.max(...own) - Math.min(...own);
      expect(spread, 'the poster is not one flat colour').toBeGreaterThan(60);
      const meanDiff = own.reduce((sum, v, k) => sum + Math.abs(v - printed[k]!), 0) / own.length;
      // About 0.5 here; another shot's poster (a different title on the same card) is about 4 away.
      expect(meanDiff, `shot ${i + 1}'s poster in its frame`).toBeLessThan(2);
    }
  }, 60_000);

  it('prints only the shot list when asked, and refuses a frames-per-page it does not offer', async () => {
    const file = path.join(work, 'list.pdf');
    const run = await shotline(['export', project, '--format', 'pdf', '--contents', 'shot-list', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expect((await pdfInfo(file)).Pages).toBe(String(Math.ceil(SHOTS.length / tableLayout('a4').rowsPerPage)));
    const bad = await shotline(['export', project, '--format', 'pdf', '--frames-per-page', '5', '--out', path.join(work, 'bad.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--frames-per-page/);
    expect(fs.existsSync(path.join(work, 'bad.pdf'))).toBe(false);
  }, 60_000);
});

describe('shotline export --format csv', () => {
  it('writes a UTF-8 CSV with a BOM, a header and one record per shot', async () => {
    const file = path.join(work, 'shots.csv');
    const run = await shotline(['export', project, '--format', 'csv', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(SHOTS.length);
    records.forEach((r, i) => {
      expect(r.Shot).toBe(numbers[i]);
      expect(r.Scene).toBe(i < 2 ? '1' : '2');
      expect(r['Scene heading']).toBe(HEADINGS[i < 2 ? 0 : 1]);
      expect(r.Title).toBe(SHOTS[i]!.title);
      expect(r.Dialogue).toBe(SHOTS[i]!.dialogue);
      expect(r['Shot type']).toBe(SHOTS[i]!.shotType);
      expect(r.Camera).toBe(SHOTS[i]!.camera);
      expect(Number(r['Duration (s)'])).toBe(1);
      expect(r['Timecode in']).toBe(`00:00:0${i}:00`);
      expect(r.Status).toBe('Ready');
      expect(r.Model).toBe('animatic');
      expect(r['Cost (USD)']).toBe('0.00');
    });
    expect(records.map((r) => r.Notes)).toEqual(['', NOTES, '']);
    expect(records[0]!.Action).toBe('Mara opens the shutters, "slowly", humming.');
  }, 60_000);
});
