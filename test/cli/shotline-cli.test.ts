import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLighthouseRefs } from '../../examples/lighthouse/make-refs';
import type { ProjectInfo } from '../../main/cli/commands/info-command';
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

/** Runs the real CLI in a child process, as `npx shotline` does. */
function shotline(args: string[], cwd = root, command: [string, string[]] = [process.execPath, [cliBundle]]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command[0], [...command[1], ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function ok(args: string[], cwd?: string): Promise<Run> {
  const run = await shotline(args, cwd);
  if (run.code !== 0) throw new Error(`shotline ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run;
}

/**
 * The same CLI entry point in this process, from the sources. Checks that only need output (help,
 * state before/after) run here; what the tests are about (new, import, failures and their exit
 * codes) runs the bundle as a child process.
 */
async function inProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), cwd: root });
  return { code, stdout, stderr };
}

async function info(dir: string): Promise<ProjectInfo> {
  const run = await inProcess(['info', dir, '--json']);
  if (run.code !== 0) throw new Error(`info exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ProjectInfo;
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const refsOf = (dir: string) => {
  const refs = path.join(dir, 'media', 'refs');
  return fs.existsSync(refs) ? fs.readdirSync(refs).sort() : [];
};

/** Everything an import could change: the shots/elements/style as info reports them, the media, the db bytes. */
async function state(dir: string) {
  return { info: await info(dir), refs: refsOf(dir), db: sha(path.join(dir, 'project.db')) };
}

let work: string;
let example: string;

beforeAll(async () => {
  // The example's images are drawn by its own script, next to a copy of shots.json.
  work = makeTempDir('cli');
  example = path.join(work, 'lighthouse');
  await makeLighthouseRefs(path.join(example, 'refs'));
  fs.copyFileSync(path.join(root, 'examples/lighthouse/shots.json'), path.join(example, 'shots.json'));
});

/** Writes a variant of the example's shot list beside it (so its relative image paths still work). */
function variant(name: string, edit: (list: Record<string, unknown> & { shots: Array<Record<string, unknown>> }) => void): string {
  const list = JSON.parse(fs.readFileSync(path.join(example, 'shots.json'), 'utf8'));
  edit(list);
  const file = path.join(example, name);
  fs.writeFileSync(file, JSON.stringify(list, null, 2));
  return file;
}

describe('shotline new / import / info', () => {
  it('imports the Lighthouse example and reports the shots in order with durations and timecodes', async () => {
    const dir = path.join(work, 'Lighthouse.shotline');
    const created = await ok(['new', dir]);
    expect(created.stdout).toContain(`Created project "Lighthouse" at ${dir}`);

    const imported = await ok(['import', dir, path.join(example, 'shots.json')]);
    expect(imported.stdout).toMatch(/Imported 6 shots and 3 elements \(5 images\)/);
    expect(imported.stderr).toBe('');

    const result = JSON.parse((await ok(['info', dir, '--json'])).stdout) as ProjectInfo;
    expect(result).toMatchObject({ name: 'Lighthouse', size: '1280x720', fps: 24, style: '35mm film, overcast light, muted teal palette' });
    expect(result.shots.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.shots.map((s) => s.title)).toEqual(['Headland', 'Cliff walk', 'Looking up', 'The keeper', 'Two of them', 'Lamp room']);
    expect(result.shots.map((s) => s.durationSeconds)).toEqual([4, 5, 4, 4, 5, 3]);
    // The 1 s dissolve after shot 1 overlaps; the dip to black after shot 5 does not shorten.
    expect(result.shots.map((s) => s.timecodeIn)).toEqual([
      '00:00:00:00',
      '00:00:03:00',
      '00:00:08:00',
      '00:00:12:00',
      '00:00:16:00',
      '00:00:21:00',
    ]);
    expect(result.totalSeconds).toBe(24);
    expect(result.totalTimecode).toBe('00:00:24:00');
    expect(result.shots[1]).toMatchObject({ cameraMove: 'slow push in', prompt: expect.stringContaining('@Mara walks') });
    expect(result.shots[2]).toMatchObject({ continuePrevious: true, dialogue: "Mara: It's still turning." });
    expect(result.shots.filter((s) => s.continuePrevious)).toHaveLength(1);

    // Images were copied into the project and are referenced by project-relative paths.
    expect(result.elements.map((e) => e.name).sort()).toEqual(['Lighthouse', 'Mara', 'Tomas']);
    const paths = [...result.elements.flatMap((e) => e.images), ...result.shots.flatMap((s) => s.references)];
    expect(paths).toHaveLength(7);
    for (const p of paths) {
      expect(p).toMatch(/^media\/refs\/[0-9a-f]{16}\.png$/);
      expect(fs.existsSync(path.join(dir, p))).toBe(true);
    }
    expect(refsOf(dir)).toHaveLength(5);

    const table = await inProcess(['info', dir]);
    expect(table.stdout).toContain('00:00:21:00');
    expect(table.stdout).toContain('@Tomas (character, 1 image)');
  });

  it('creates <dir>/<NAME>.shotline when <dir> does not end in .shotline, and refuses an existing one', async () => {
    const parent = path.join(work, 'films');
    const run = await ok(['new', parent, '--name', 'Harbour', '--size', '1920x1080', '--fps', '25']);
    const dir = path.join(parent, 'Harbour.shotline');
    expect(run.stdout).toContain(`at ${dir} (1920x1080, 25 fps)`);
    expect(await info(dir)).toMatchObject({ name: 'Harbour', size: '1920x1080', fps: 25, shots: [] });

    const again = await shotline(['new', parent, '--name', 'Harbour']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${dir} already exists`);
  });

  it('rejects bad arguments with the usage line and exit code 2', async () => {
    const bogus = await shotline(['new', path.join(work, 'x'), '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/Unknown option '--bogus'/);
    expect(bogus.stderr).toContain('Usage: shotline new <dir>');

    const badSize = await inProcess(['new', path.join(work, 'y.shotline'), '--size', '1281x720']);
    expect(badSize.code).toBe(1);
    expect(badSize.stderr).toMatch(/--size "1281x720": width and height must be even/);
    expect(fs.existsSync(path.join(work, 'y.shotline'))).toBe(false);

    const missing = await inProcess(['import', path.join(work, 'Lighthouse.shotline')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing <shotlist.json|script.fountain>');

    const unknown = await inProcess(['explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "explode"/);
  });

  it('prints --help for every command', async () => {
    for (const name of ['new', 'import', 'info', 'models', 'estimate', 'generate', 'export', 'stills', 'render', 'sheet']) {
      const run = await inProcess([name, '--help']);
      expect(run.code).toBe(0);
      // Every command works on a project folder, except the model list.
      expect(run.stdout).toMatch(new RegExp(`^Usage: shotline ${name} ${name === 'models' ? '\\[--provider' : '<dir>'}`));
    }
  });

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const run = await shotline(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('works as `npx shotline` from the checkout', async () => {
    // A fresh npm cache, as a new user has: npx links the checkout's `bin` there (a cache made
    // before the bin moved would still hold the old link, which main/cli/shotline.mjs serves).
    const cache = makeTempDir('npx-cache');
    const run = await shotline(['--help'], root, ['npx', ['--cache', cache, '--no-install', 'shotline']]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Commands:\n\s+new\s/);
  });
});

describe('shotline import: bad shot lists change nothing', () => {
  let dir: string;
  beforeAll(async () => {
    // A project that already has content, so "unchanged" means more than "still empty".
    dir = path.join(work, 'Guarded.shotline');
    expect((await inProcess(['new', dir])).code).toBe(0);
    const first = variant('first.json', (list) => {
      list.shots = list.shots.slice(0, 2);
      list.elements = [];
      for (const s of list.shots) delete s.references;
    });
    expect((await inProcess(['import', dir, first])).code).toBe(0);
  });

  async function refused(file: string): Promise<string> {
    const before = await state(dir);
    const run = await shotline(['import', dir, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(await state(dir)).toEqual(before);
    return run.stderr;
  }

  it('an unknown field is named with where it is', async () => {
    const file = variant('unknown-field.json', (list) => {
      list.shots[3]!.lens = '85mm';
    });
    const stderr = await refused(file);
    expect(stderr).toContain('unknown-field.json');
    expect(stderr).toMatch(/shots\[3\]: Unrecognized key: "lens"/);
  });

  it('a wrong type is named with its field', async () => {
    const stderr = await refused(variant('wrong-type.json', (list) => void (list.shots[0]!.seconds = 'four')));
    expect(stderr).toMatch(/shots\[0\]\.seconds: .*expected number/);
  });

  it('a missing image is named as written and as resolved', async () => {
    const file = variant('missing-image.json', (list) => {
      list.shots[4]!.references = ['refs/nope.png'];
    });
    const stderr = await refused(file);
    expect(stderr).toContain('"refs/nope.png"');
    expect(stderr).toContain(path.join(example, 'refs', 'nope.png'));
  });

  it('invalid JSON is reported with the file name and the line and column', async () => {
    const file = path.join(example, 'broken.json');
    fs.writeFileSync(file, '{\n  "shots": [\n    { "prompt": "a", }\n  ]\n}\n');
    const stderr = await refused(file);
    expect(stderr).toContain('broken.json is not valid JSON');
    expect(stderr).toMatch(/line 3, column 22/);
  });

  it('an image that is not an image fails after earlier images were copied, and those copies are removed', async () => {
    fs.writeFileSync(path.join(example, 'refs', 'fake.png'), 'this is text, not a PNG');
    const file = variant('fake-image.json', (list) => {
      list.shots[5]!.references = ['refs/fake.png'];
    });
    const stderr = await refused(file);
    expect(stderr).toContain('image "refs/fake.png"');
    expect(stderr).toMatch(/not an image Shotline can read/);
  });

  it('an element name the project already uses is a conflict', async () => {
    const once = variant('el-a.json', (list) => {
      list.shots = list.shots.slice(0, 1);
      list.elements = [{ name: 'Gull', kind: 'prop' }];
      delete list.shots[0]!.references;
    });
    expect((await inProcess(['import', dir, once])).code).toBe(0);
    const stderr = await refused(variant('el-b.json', (list) => void (list.elements = [{ name: 'gull', kind: 'prop' }])));
    expect(stderr).toMatch(/already has an element with that name/);
  });
});
