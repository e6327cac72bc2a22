/** `shotline import` of a shot list with scenes, and `shotline info` printing the scenes before the shots. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../main/cli/commands/info-command';
import { runCli } from '../../main/cli/main';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), cwd });
  return { code, stdout, stderr };
}

describe('shotline info with scenes', () => {
  it('lists each scene (number, heading, shot count, duration) before the shots, which carry their stable numbers', async () => {
    const work = makeTempDir('cli-scenes');
    const dir = path.join(work, 'Storm.shotline');
    expect((await cli(['new', dir], work)).code).toBe(0);
    fs.writeFileSync(
      path.join(work, 'storm.json'),
      JSON.stringify({
        fps: 24,
        scenes: [
          { number: '4', heading: 'EXT. CLIFF - DAY', shots: [{ prompt: 'Wide: the cliff.', seconds: 3 }, { prompt: 'She looks up.', seconds: 2, notes: 'Crane if we get one.' }] },
          { heading: 'INT. LAMP ROOM - NIGHT', synopsis: 'The keeper.', shots: [{ title: 'Lamp', prompt: 'The lamp turns.', seconds: 5 }] },
          { number: '7', heading: 'EXT. SEA - NIGHT', shots: [] },
        ],
      }),
    );
    const imported = await cli(['import', dir, 'storm.json'], work);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 3 shots and 0 elements \(0 images\) in 3 scenes from storm\.json/);

    const json = await cli(['info', dir, '--json'], work);
    const info = JSON.parse(json.stdout) as ProjectInfo;
    expect(info.scenes.map((s) => [s.number, s.heading, s.shots, s.durationSeconds, s.timecodeIn])).toEqual([
      ['4', 'EXT. CLIFF - DAY', 2, 5, '00:00:00:00'],
      ['5', 'INT. LAMP ROOM - NIGHT', 1, 5, '00:00:05:00'],
      ['7', 'EXT. SEA - NIGHT', 0, 0, null],
    ]);
    expect(info.shots.map((s) => [s.number, s.shotNumber, s.scene])).toEqual([
      [1, '4A', '4'],
      [2, '4B', '4'],
      [3, '5A', '5'],
    ]);
    expect(info.shots[1]!.notes).toBe('Crane if we get one.');

    const table = (await cli(['info', dir], work)).stdout;
    expect(table).toContain('3 scenes, 3 shots, total 00:00:10:00');
    const lines = table.split('\n');
    const sceneLine = lines.findIndex((l) => /^\s+5\s+00:00:05:00\s+1\s+5\.00s\s+INT\. LAMP ROOM - NIGHT$/.test(l));
    const emptyScene = lines.findIndex((l) => /^\s+7\s+--\s+0\s+0\.00s\s+EXT\. SEA - NIGHT$/.test(l));
    const shotLine = lines.findIndex((l) => /^\s+5A\s+00:00:05:00\s+5\.00s\s+Lamp\b/.test(l));
    expect(sceneLine).toBeGreaterThan(0);
    expect(emptyScene).toBeGreaterThan(sceneLine);
    // Scenes come before the shots.
    expect(shotLine).toBeGreaterThan(emptyScene);
  });
});
