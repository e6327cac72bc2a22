/**
 * The hand-off folders through the real export service and a real project (SQLite, takes
 * ingested by the real ffmpeg), at 24, 23.976 and 29.97 fps: every editor format writes
 * `<name>/` with the interchange file and each used take once (hard-linked) in `media/`; the
 * paths in each file resolve from inside the folder after the folder is moved elsewhere;
 * `melt` renders the moved MLT file to the same number of frames as Shotline's own MP4 export, with the same
 * picture frame for frame (each shot's colour, dissolves and dips within a small tolerance);
 * cancel and failure leave nothing, an earlier hand-off is replaced, another folder is not.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../shared/domain';
import type { FrameRate } from '../../shared/frame-rate';
import { secondsToFrames } from '../../shared/timecode';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { BUILT_IN_EXPORT_FORMATS } from '../../main/export/formats';
import { FORMAT, colourClip, frameCount, houseTakeIn, lumas, tools } from './export-fixtures';
import { all, parseXml } from '../shared/interchange-fixtures';

const run = promisify(execFile);

afterAll(cleanupTempDirs);

const FORMATS = [
  { id: 'edl', ext: '.edl' },
  { id: 'fcpxml', ext: '.fcpxml' },
  { id: 'xmeml', ext: '.xml' },
  { id: 'otio', ext: '.otio' },
  { id: 'mlt', ext: '.mlt' },
] as const;

/** The media paths a hand-off file names, read the way each format writes them. */
function mediaPaths(format: string, text: string): string[] {
  const uri = (u: string) => u.split('/').map(decodeURIComponent).join('/');
  switch (format) {
    case 'edl':
      return [...text.matchAll(/^\* (?:FROM|TO) CLIP NAME: (.+)$/gm)].map((m) => m[1]!).filter((n) => n !== 'BLACK');
    case 'fcpxml':
      return all(parseXml(text), 'media-rep').map((n) => uri(n.attrs.src!));
    case 'xmeml':
      return all(parseXml(text), 'pathurl').map((n) => uri(n.text));
    case 'otio': {
      const urls: string[] = [];
      JSON.stringify(JSON.parse(text), (key, value: unknown) => {
        if (key === 'target_url') urls.push(uri(String(value)));
        return value;
      });
      return urls;
    }
    default:
      return all(parseXml(text), 'property').filter((p) => p.attrs.name === 'resource' && !p.text.startsWith('0x')).map((p) => p.text);
  }
}

/** Mean [R, G, B] of the left half of every frame (the colour that says which shot it is). */
async function leftColoursOfAll(file: string): Promise<Array<[number, number, number]>> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'crop=140:160:10:10,scale=1:1:flags=area', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 24 });
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i + 2 < stdout.length; i += 3) out.push([stdout[i]!, stdout[i + 1]!, stdout[i + 2]!]);
  return out;
}

const COLOURS = { orange: [255, 165, 0], purple: [128, 0, 128], cyan: [0, 255, 255] } as const;

describe.each([
  { label: '24', rate: { num: 24, den: 1 } as FrameRate },
  { label: '23.976', rate: { num: 24000, den: 1001 } as FrameRate },
  { label: '29.97', rate: { num: 30000, den: 1001 } as FrameRate },
])('hand-off folders at $label fps', ({ rate }) => {
  let t: TestApp;
  let takeFiles: string[];

  async function exportTo(format: string, outPath: string, options: Record<string, boolean | number | string> = { fillMissing: true }): Promise<ExportJob> {
    const job = t.project.exports.start({ format, outPath, options });
    return t.project.exports.wait(job.id);
  }

  beforeAll(async () => {
    const root = makeTempDir('handoff');
    t = makeTestApp({ settingsDir: path.join(root, 'settings'), version: 'test' });
    const { store } = await t.app.workspace.create({ parentDir: root, name: 'Harbour & Beam', size: '320x180', fps: rate });
    const a = store.shots.add(null, { title: 'Harbour', prompt: 'The harbour at dawn', seconds: 2, transition: { kind: 'dissolve', seconds: 0.5 } });
    const b = store.shots.add(a.id, { title: 'Gulls', prompt: 'Gulls over the pier', seconds: 2, trimIn: 0.25, transition: { kind: 'dip', seconds: 0.5 } });
    const c = store.shots.add(b.id, { title: 'Harbour again', prompt: 'Back to the harbour', seconds: 2, trimIn: 1 });
    const d = store.shots.add(c.id, { title: 'Not made yet', seconds: 1 });
    store.shots.add(d.id, { title: 'The beam', prompt: 'The lighthouse beam', seconds: 1 });
    const shots = store.shots.list();
    const src = makeTempDir('handoff src');
    const format = { ...FORMAT, fps: rate };
    takeFiles = [];
    // An earlier take of Gulls, not selected: the selected one is its take 2.
    store.takes.insert(await houseTakeIn(store.dir, await colourClip(path.join(src, 'first.mp4'), 'white', 1, 400), 'take-first', format, shots[1]!.id));
    for (const [k, color, f] of [[0, 'orange', 300], [1, 'purple', 500], [4, 'cyan', 700]] as const) {
      const take = await houseTakeIn(store.dir, await colourClip(path.join(src, `${color}.mp4`), color, 2, f), `take-${color}`, format, shots[k]!.id);
      store.takes.insert(take);
      store.shots.update(shots[k]!.id, { selectedTakeId: take.id });
      takeFiles.push(store.resolve(take.files.normalised!));
    }
    // Shot 3 uses shot 1's take again.
    store.shots.update(shots[2]!.id, { selectedTakeId: 'take-orange' });
  }, 180_000);

  afterAll(async () => {
    await t.app.dispose();
  });

  it('writes each format as a folder with its takes once, and relative paths that resolve after a move', async () => {
    const out = makeTempDir('handoff out');
    const moved = makeTempDir('handoff moved');
    for (const { id, ext } of FORMATS) {
      const outPath = path.join(out, `${id} cut${ext}`);
      const job = await exportTo(id, outPath);
      expect(job.status, job.message).toBe('done');
      const folder = path.join(out, `${id} cut`);
      expect(job.message).toContain(folder);
      // The job points at the file written (the dialog reveals it).
      expect(job.outputPath).toBe(path.join(folder, `${id} cut${ext}`));
      expect(fs.existsSync(outPath)).toBe(false);
      expect(fs.readdirSync(folder).sort()).toEqual([`${id} cut${ext}`, 'media'].sort());
      const media = fs.readdirSync(path.join(folder, 'media')).sort();
      expect(media).toEqual(['001A_Harbour_take1.mp4', '001B_Gulls_take2.mp4', '001E_The-beam_take1.mp4']);
      // Same disk: hard links to the project's takes, no copies.
      for (const [k, name] of media.entries()) expect(fs.statSync(path.join(folder, 'media', name)).ino).toBe(fs.statSync(takeFiles[k]!).ino);

      fs.renameSync(folder, path.join(moved, `${id} cut`));
      const there = path.join(moved, `${id} cut`);
      const text = fs.readFileSync(path.join(there, `${id} cut${ext}`), 'utf8');
      const paths = mediaPaths(id, text);
      expect(paths.length, id).toBeGreaterThanOrEqual(3);
      for (const p of paths) {
        expect(path.isAbsolute(p), `${id}: ${p}`).toBe(false);
        expect(fs.existsSync(path.join(there, p)), `${id}: ${p}`).toBe(true);
      }
      expect(new Set(paths.map((p) => path.basename(p)))).toEqual(new Set(media));
      if (id !== 'edl' && id !== 'otio') await run('xmllint', ['--noout', '--nonet', path.join(there, `${id} cut${ext}`)]);
    }
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('melt renders the MLT hand-off like the MP4 export, frame for frame', async () => {
    const out = makeTempDir('handoff melt');
    const mp4 = path.join(out, 'cut.mp4');
    const done = await exportTo('mp4', mp4);
    expect(done.status, done.message).toBe('done');
    expect((await exportTo('mlt', path.join(out, 'cut.mlt'))).status).toBe('done');
    const moved = makeTempDir('handoff melt moved');
    fs.renameSync(path.join(out, 'cut'), path.join(moved, 'cut'));
    const rendered = path.join(out, 'melt.mp4');
    // Run from elsewhere: the takes are found relative to the .mlt file, not the working folder.
    await run('melt', ['-quiet', path.join(moved, 'cut', 'cut.mlt'), '-consumer', `avformat:${rendered}`, 'vcodec=libx264', 'acodec=aac', 'preset=ultrafast', 'crf=10'], { cwd: out });

    const frames = await frameCount(mp4);
    expect(await frameCount(rendered)).toBe(frames);
    const all = Array.from({ length: frames }, (_, k) => k);
    const [ours, theirs] = await Promise.all([leftColoursOfAll(mp4), leftColoursOfAll(rendered)]);
    expect([ours.length, theirs.length]).toEqual([frames, frames]);
    const s = (seconds: number) => secondsToFrames(seconds, rate);
    // Where each shot plays in both: orange, dissolve, purple (trimmed by a quarter second), dip, orange from 1 s, black, cyan.
    const len = [s(2), s(2) - s(0.25), s(1), s(1), s(2)];
    const dissolve = s(0.5);
    expect(frames).toBe(len.reduce((x, y) => x + y, 0) - dissolve);
    const starts = len.map((_, k) => len.slice(0, k).reduce((x, y) => x + y, 0) - (k > 0 ? dissolve : 0));
    const close = (x: readonly number[], y: readonly number[], tol: number) => x.every((v, i) => Math.abs(v - y[i]!) <= tol);
    const mid = (k: number) => starts[k]! + Math.floor(len[k]! / 2);
    for (const [k, colour] of [[0, COLOURS.orange], [1, COLOURS.purple], [2, COLOURS.orange], [4, COLOURS.cyan]] as const) {
      expect(close(ours[mid(k)]!, colour, 40), `MP4 shot ${k + 1} ${ours[mid(k)]}`).toBe(true);
      expect(close(theirs[mid(k)]!, colour, 40), `melt shot ${k + 1} ${theirs[mid(k)]}`).toBe(true);
    }
    // Every frame: the same picture (dissolve and fade curves differ by at most a step).
    const worst = all.map((k) => Math.max(...ours[k]!.map((v, i) => Math.abs(v - theirs[k]![i]!))));
    const blackFrames = new Set(Array.from({ length: len[3]! }, (_, k) => starts[3]! + k));
    const off = all.filter((k) => !blackFrames.has(k) && worst[k]! > 24);
    expect(off, `frames that differ: ${off.map((k) => `${k}:${ours[k]}/${theirs[k]}`).join(' ')}`).toEqual([]);
    // The shot without a take is black in both (the MP4's slate carries its title in white text).
    const [l1, l2] = await Promise.all([lumas(mp4, [...blackFrames]), lumas(rendered, [...blackFrames])]);
    expect(Math.max(...l1, ...l2)).toBeLessThan(60);
    // The dip reaches black at the cut between shots 2 and 3.
    const [dip] = await lumas(rendered, [starts[2]! - 1]);
    expect(dip).toBeLessThan(40);
  }, 180_000);

  it('puts extra sound lanes in media/ and in each file, and melt still renders the cut', async () => {
    const { store } = t.project;
    fs.mkdirSync(path.join(store.dir, 'media', 'sounds'), { recursive: true });
    await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'sine=f=880:r=48000:d=3', '-ac', '2', path.join(store.dir, 'media', 'sounds', 'score.wav')]);
    const s = (seconds: number) => secondsToFrames(seconds, rate);
    const sequence = {
      ...t.project.exports.sequence(),
      audioLanes: () => [{ name: 'Music', clips: [{ name: 'Score', file: 'media/sounds/score.wav', mediaFrames: s(3), inFrame: 0, outFrame: s(2), at: s(1) }] }],
    };
    const out = makeTempDir('handoff lanes');
    for (const { id, ext } of FORMATS.filter((f) => f.id !== 'edl')) {
      const format = BUILT_IN_EXPORT_FORMATS.find((f) => f.id === id)!;
      const outPath = path.join(out, `${id}${ext}`);
      const context = { store, sequence, outPath, tools, fonts: null as never, selfTest: null, signal: new AbortController().signal, progress: () => {}, log: () => {} };
      await format.run(context, { fillMissing: true });
      const folder = path.join(out, id);
      expect(fs.readdirSync(path.join(folder, 'media'))).toContain('Music_01_Score.wav');
      const text = fs.readFileSync(path.join(folder, `${id}${ext}`), 'utf8');
      expect(mediaPaths(id, text), id).toContain('media/Music_01_Score.wav');
      if (id === 'mlt') {
        const rendered = path.join(out, 'lanes.mp4');
        await run('melt', ['-quiet', path.join(folder, `${id}${ext}`), '-consumer', `avformat:${rendered}`, 'vcodec=libx264', 'acodec=aac', 'preset=ultrafast']);
        expect(await frameCount(rendered)).toBe(s(2) + s(2) - s(0.25) + s(1) + s(1) + s(2) - s(0.5));
      }
    }
    // A sound file gone by the time the media is linked: the export fails half-way and leaves nothing.
    const broken = makeTempDir('handoff lanes broken');
    const gone = { ...sequence, audioLanes: () => [{ name: 'Music', clips: [{ name: 'Gone', file: 'media/sounds/gone.wav', mediaFrames: s(3), inFrame: 0, outFrame: s(2), at: 0 }] }] };
    const context = { store, sequence: gone, outPath: path.join(broken, 'cut.otio'), tools, fonts: null as never, selfTest: null, signal: new AbortController().signal, progress: () => {}, log: () => {} };
    await expect(BUILT_IN_EXPORT_FORMATS.find((f) => f.id === 'otio')!.run(context, { fillMissing: true })).rejects.toThrow(/sound file .*gone\.wav is missing/);
    expect(fs.readdirSync(broken)).toEqual([]);
  }, 120_000);

  it('cancel leaves nothing behind', async () => {
    const out = makeTempDir('handoff cancel');
    const job = t.project.exports.start({ format: 'xmeml', outPath: path.join(out, 'cut.xml'), options: { fillMissing: true } });
    t.project.exports.cancel(job.id);
    const done = await t.project.exports.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses shots without a take unless filled, replaces an earlier hand-off, never another folder', async () => {
    const out = makeTempDir('handoff again');
    const refused = await exportTo('fcpxml', path.join(out, 'cut.fcpxml'), {});
    expect(refused.status).toBe('failed');
    expect(refused.message).toMatch(/Shot 1D has no ready take/);
    expect(fs.readdirSync(out)).toEqual([]);

    expect((await exportTo('fcpxml', path.join(out, 'cut.fcpxml'))).status).toBe('done');
    fs.writeFileSync(path.join(out, 'cut', 'cut.fcpxml'), 'stale');
    expect((await exportTo('fcpxml', path.join(out, 'cut.fcpxml'))).status).toBe('done');
    expect(fs.readFileSync(path.join(out, 'cut', 'cut.fcpxml'), 'utf8')).toMatch(/^<\?xml/);
    expect(fs.readdirSync(out)).toEqual(['cut']);

    fs.mkdirSync(path.join(out, 'notes'));
    fs.writeFileSync(path.join(out, 'notes', 'shopping.txt'), 'keep me');
    const kept = await exportTo('otio', path.join(out, 'notes.otio'));
    expect(kept.status).toBe('failed');
    expect(kept.message).toMatch(/not a Shotline hand-off folder/);
    expect(fs.readdirSync(path.join(out, 'notes'))).toEqual(['shopping.txt']);
    expect(fs.readdirSync(out).sort()).toEqual(['cut', 'notes']);
  });
});
