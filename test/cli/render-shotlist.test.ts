import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), cwd });
  return { code, stdout, stderr };
}

const seconds = (file: string) =>
  Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));

/** A two-shot list (tiny frames, one-second shots) with one reference image, in a folder with spaces and accents. */
async function tinyList(): Promise<string> {
  const folder = path.join(makeTempDir('render list'), 'Mon film à moi');
  fs.mkdirSync(path.join(folder, 'refs'), { recursive: true });
  await makeImage(path.join(folder, 'refs', 'sea.png'), { width: 640, height: 360, color: 'teal' });
  const list = {
    name: 'Tiny film',
    size: '640x360',
    fps: 24,
    shots: [
      { title: 'Sea', prompt: 'The sea at dawn', seconds: 1, references: ['refs/sea.png'] },
      { title: 'Card', prompt: 'A title card', seconds: 1, camera: 'push in' },
    ],
  };
  fs.writeFileSync(path.join(folder, 'shots.json'), JSON.stringify(list));
  return folder;
}

describe('shotline render <shot-list folder>', () => {
  it('imports the list into <folder>/<Name>.shotline on the first run, renders it, and reuses the project after', async () => {
    const folder = await tinyList();
    const out = path.join(folder, 'out.mp4');
    const first = await cli(['render', folder, '--out', out], folder);
    expect(first.code, first.stderr).toBe(0);
    const project = path.join(folder, 'Tiny film.shotline');
    expect(fs.existsSync(path.join(project, 'project.db'))).toBe(true);
    expect(first.stderr).toMatch(/Made .*Tiny film\.shotline from shots\.json \(2 shots/);
    expect(seconds(out)).toBeCloseTo(2, 1);

    fs.rmSync(out);
    const second = await cli(['render', path.join(folder, 'shots.json'), '--out', out], folder);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/Using .*Tiny film\.shotline/);
    expect(second.stdout).toMatch(/Nothing to generate/);
    expect(fs.existsSync(out)).toBe(true);
  });

  it('a broken list is named and leaves no project folder behind', async () => {
    const folder = await tinyList();
    const list = JSON.parse(fs.readFileSync(path.join(folder, 'shots.json'), 'utf8'));
    list.shots[0].references = ['refs/missing.png'];
    fs.writeFileSync(path.join(folder, 'shots.json'), JSON.stringify(list));
    const run = await cli(['render', folder, '--out', path.join(folder, 'out.mp4')], folder);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/refs\/missing\.png/);
    expect(fs.readdirSync(folder).sort()).toEqual(['refs', 'shots.json']);
  });
});
