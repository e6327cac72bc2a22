/**
 * `shotline export --format fcpxml|xmeml|otio|mlt` on a real project (three 1 s animatic takes
 * at 25 fps, a trim and a dissolve), through the bundled CLI: each writes a hand-off folder with
 * the interchange file and the takes, the XML ones well-formed for xmllint, the OTIO one read
 * back into the cut with the frames of the project, and `--out` with the wrong extension refused.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOtio } from '../../shared/interchange/otio';
import { ProjectStore } from '../../main/store/project-store';
import { animaticProject, harbourShots, shotline } from '../helpers/cli-project';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);


let work: string;
let project: string;

beforeAll(async () => {
  work = makeTempDir('handoff cli');
  project = await animaticProject(work, { name: 'Harbour hand-off', size: '640x360', fps: 25, shots: harbourShots() }, ['--fps', '25']);
  const store = await ProjectStore.open(project);
  const first = store.shots.list()[0]!;
  store.shots.update(first.id, { trimIn: 0.2 });
  store.close();
}, 120_000);

describe('shotline export to editors', () => {
  it.each([
    { format: 'fcpxml', ext: '.fcpxml' },
    { format: 'xmeml', ext: '.xml' },
    { format: 'otio', ext: '.otio' },
    { format: 'mlt', ext: '.mlt' },
  ])('--format $format writes a hand-off folder', async ({ format, ext }) => {
    const out = path.join(work, `${format}-cut${ext}`);
    const run = await shotline(['export', project, '--format', format, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const folder = path.join(work, `${format}-cut`);
    expect(run.stdout).toContain(folder);
    expect(fs.readdirSync(folder).sort()).toEqual(['media', `${format}-cut${ext}`].sort());
    expect(fs.readdirSync(path.join(folder, 'media')).sort()).toEqual(['001A_Harbour-at-dawn_take1.mp4', '001B_Gulls_take1.mp4', '001C_The-beam_take1.mp4']);
    const file = path.join(folder, `${format}-cut${ext}`);
    if (format === 'otio') {
      const cut = readOtio(fs.readFileSync(file, 'utf8'));
      expect(cut.rate).toEqual({ num: 25, den: 1 });
      // 1 s takes at 25 fps; the first trimmed by 0.2 s (5 frames); a 0.5 s dissolve into the third.
      expect(cut.shots.map((s) => [s.title, s.inFrame, s.outFrame, s.transition.kind])).toEqual([
        ['Harbour at dawn', 5, 25, 'cut'],
        ['Gulls', 0, 25, 'dissolve'],
        ['The beam', 0, 25, 'cut'],
      ]);
      for (const s of cut.shots) expect(fs.existsSync(path.join(folder, s.media!))).toBe(true);
    } else {
      await new Promise<void>((resolve, reject) => execFile('xmllint', ['--noout', '--nonet', file], (error) => (error ? reject(error) : resolve())));
    }
  });

  it('refuses --out without the format\'s extension', async () => {
    const run = await shotline(['export', project, '--format', 'fcpxml', '--out', path.join(work, 'cut.xml')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--out must end in \.fcpxml/);
  });
});
