/**
 * `shotline render`, `export` and `sheet` as child processes on a tiny project (three 1 s shots at
 * 640x360, animatic provider, offline): exit codes, outputs checked with ffprobe, progress on
 * stderr; the refusals (missing takes by shot number, a bad --transition, a missing output
 * folder); and a real full disk: the export runs under a file-size limit (RLIMIT_FSIZE, inherited
 * by ffmpeg), fails with a message that says so, and leaves no output and no partial file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main';
import { cliBundle } from '../helpers/cli-bundle';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const root = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process. With `maxFileKb`, through `sh -c 'ulimit -f'`, so node
 * and every ffmpeg it starts cannot write a file larger than that.
 */
function shotline(args: string[], maxFileKb?: number): Promise<Run> {
  const [command, argv] =
    maxFileKb === undefined
      ? [process.execPath, [cliBundle, ...args]]
      : // dash counts `ulimit -f` in 512-byte blocks.
        ['sh', ['-c', `ulimit -f ${maxFileKb * 2} && exec "$0" "$@"`, process.execPath, cliBundle, ...args]];
  return new Promise((resolve) => {
    execFile(command, argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function probe(file: string) {
  const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  const data = JSON.parse(stdout) as { streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>; format: { duration: string } };
  return { duration: Number(data.format.duration), streams: data.streams.map((s) => `${s.codec_type}:${s.codec_name}${s.width ? `:${s.width}x${s.height}` : ''}`).sort() };
}

/** Files left in a folder, hidden ones included (temp folders of an export start with a dot). */
const leftIn = (dir: string) => fs.readdirSync(dir).sort();

/** A shot list of three 1 s shots; the second pushes in on a noisy picture so the film is not tiny. */
function writeList(dir: string, name: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const list = {
    name,
    size: '640x360',
    fps: 24,
    shots: ['Harbour at dawn', 'Gulls', 'The beam'].map((title, i) => ({
      title,
      prompt: `${title}: shot ${i + 1} of the tiny film`,
      camera: i === 1 ? 'push in' : 'static',
      seconds: 1,
      provider: 'animatic',
      ...(i === 1 ? { references: ['noise.png'] } : {}),
    })),
  };
  fs.writeFileSync(path.join(dir, 'shots.json'), JSON.stringify(list, null, 2));
}

let work: string;
let out: string;
let project: string;
let film: string;
let rendered: Run;

beforeAll(async () => {
  work = makeTempDir('export cli');
  out = path.join(work, 'out');
  fs.mkdirSync(out);
  const listDir = path.join(work, 'tiny');
  writeList(listDir, 'Tiny');
  // Full-frame noise: the push-in changes every pixel every frame, so the take weighs ~1 MB/s.
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'nullsrc=s=640x360,geq=random(1)*255:128:128', '-frames:v', '1', path.join(listDir, 'noise.png')]);
  film = path.join(out, 'film.mp4');
  rendered = await shotline(['render', listDir, '--out', film]);
  project = path.join(listDir, 'Tiny.shotline');
}, 120_000);

describe('shotline render, export and sheet', () => {
  it('render generates the three shots with the animatic and exports them as one MP4', async () => {
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(fs.existsSync(project)).toBe(true);
    const got = await probe(film);
    expect(got.streams).toEqual(['audio:aac', 'video:h264:640x360']);
    expect(Math.abs(got.duration - 3)).toBeLessThanOrEqual(1 / 24 + 0.001);
    expect(rendered.stderr).toMatch(/export \d+%/);
    expect(leftIn(out)).toEqual(['film.mp4']);
  });

  it('export joins the takes with dissolves, shortening the film by each overlap, with progress on stderr', async () => {
    const file = path.join(out, 'dissolves.mp4');
    const run = await shotline(['export', project, '--out', file, '--transition', 'dissolve:0.5']);
    expect(run.code, run.stderr).toBe(0);
    const got = await probe(file);
    expect(got.streams).toEqual(['audio:aac', 'video:h264:640x360']);
    expect(Math.abs(got.duration - (3 - 2 * 0.5))).toBeLessThanOrEqual(1 / 24 + 0.001);
    expect(run.stderr).toMatch(/export \d+%/);
    expect(run.stdout).toMatch(/dissolves\.mp4/);
    fs.rmSync(file);
  });

  it('sheet writes a PNG grid of the three shots', async () => {
    const file = path.join(out, 'sheet.png');
    const run = await shotline(['sheet', project, '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Three 320x(180+64) cells in one row, 8 px gaps and margins.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3 * 320 + 4 * 8, 180 + 64 + 2 * 8]);
    expect((await probe(file)).streams).toEqual(['video:png:992x260']);
    fs.rmSync(file);
  });
});

describe('refusals', () => {
  it('names the shots without takes, a bad --transition and a missing output folder, exiting non-zero and writing nothing', async () => {
    // A project whose shots have no takes yet (imported in this process: setup, not the subject).
    const bare = path.join(work, 'bare');
    writeList(bare, 'Bare');
    fs.copyFileSync(path.join(work, 'tiny', 'noise.png'), path.join(bare, 'noise.png'));
    const quiet = { out: () => {}, err: () => {}, cwd: root };
    expect(await runCli(['new', path.join(bare, 'Bare.shotline')], quiet)).toBe(0);
    expect(await runCli(['import', path.join(bare, 'Bare.shotline'), path.join(bare, 'shots.json')], quiet)).toBe(0);

    const [missing, transition, folder] = await Promise.all([
      shotline(['export', path.join(bare, 'Bare.shotline'), '--out', path.join(out, 'missing.mp4')]),
      shotline(['export', project, '--out', path.join(out, 'wipe.mp4'), '--transition', 'wipe:1']),
      shotline(['export', project, '--out', path.join(out, 'nowhere', 'film.mp4')]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Shots 1A, 1B, 1C have no ready take/);
    expect(transition.code).toBe(2);
    expect(transition.stderr).toMatch(/--transition must be own, cut, dissolve:SECONDS or dip:SECONDS \(SECONDS from 0.04 to 10\), not "wipe:1"/);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/folder .*nowhere does not exist/);
    expect(leftIn(out)).toEqual(['film.mp4']);
  });
});

describe('a full disk', () => {
  it('stops the export with a message, a non-zero exit and nothing left behind, whether Shotline or ffmpeg was writing', async () => {
    const size = fs.statSync(film).size;
    expect(size).toBeGreaterThan(400 * 1024);
    // Half the film fits: the project database (a few dozen kB) still can be written.
    const limitKb = Math.floor(size / 1024 / 2);
    const full = path.join(out, 'full');
    fs.mkdirSync(full);
    const [own, viaFfmpeg] = await Promise.all([
      // Cuts: Shotline's own MP4 writer gets EFBIG.
      shotline(['export', project, '--out', path.join(full, 'cuts.mp4')], limitKb),
      // Loudness normalisation: ffmpeg writes the output and is killed by SIGXFSZ.
      shotline(['export', project, '--out', path.join(full, 'loud.mp4'), '--loudnorm'], limitKb),
    ]);
    for (const run of [own, viaFfmpeg]) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/is full, or the export is larger than the biggest file it may hold; nothing was kept\. Free some space or choose another folder/);
    }
    expect(leftIn(full)).toEqual([]);
  });
});
