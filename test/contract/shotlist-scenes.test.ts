/** Shot lists with `scenes` (and without: old files import as before), through the real importer. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Shotlist, describeShotlistIssues } from '../../shared/shotlist';
import { importShotlist } from '../../main/services/shotlist-import';
import { ProjectStore } from '../../main/store/project-store';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

let root: string;
let store: ProjectStore;

beforeEach(async () => {
  root = makeTempDir('shotlist-scenes');
  await makeImage(path.join(root, 'cliff.png'), { width: 64, height: 48, color: '#3f6b73' });
  store = await ProjectStore.create(root, { name: 'Film' });
  return () => store.close();
});

function write(name: string, list: unknown): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, JSON.stringify(list));
  return file;
}

const WITH_SCENES = {
  scenes: [
    {
      number: '4',
      heading: 'EXT. CLIFF - DAY',
      synopsis: 'Mara walks to the lighthouse.',
      color: '#4a90d9',
      shots: [
        { title: 'Cliff walk', prompt: 'Wide: Mara walks.', references: ['cliff.png'], notes: 'Steadicam; needs a safety line.' },
        { prompt: 'Close-up: she looks up.' },
      ],
    },
    { heading: 'INT. LAMP ROOM - NIGHT', shots: [{ prompt: 'The lamp turns.' }] },
  ],
};

describe('shot lists with scenes', () => {
  it('import scene by scene: headings, synopsis, colour, numbers, shots in order with notes', async () => {
    const result = await importShotlist(store, write('scenes.json', WITH_SCENES));
    expect(result).toMatchObject({ shotsAdded: 3, scenesAdded: 2 });
    const scenes = store.scenes.list();
    expect(scenes.map((s) => [s.number, s.heading, s.synopsis, s.color])).toEqual([
      ['4', 'EXT. CLIFF - DAY', 'Mara walks to the lighthouse.', '#4a90d9'],
      // No number given: the next after the last one.
      ['5', 'INT. LAMP ROOM - NIGHT', '', null],
    ]);
    const shots = store.shots.list();
    expect(shots.map((s) => [s.number, s.prompt, s.sceneId])).toEqual([
      ['4A', 'Wide: Mara walks.', scenes[0]!.id],
      ['4B', 'Close-up: she looks up.', scenes[0]!.id],
      ['5A', 'The lamp turns.', scenes[1]!.id],
    ]);
    expect(shots[0]!.notes).toBe('Steadicam; needs a safety line.');
    expect(shots[0]!.references).toHaveLength(1);
    expect(result.snapshot.scenes.map((s) => s.number)).toEqual(['4', '5']);
  });

  it('old files with top-level shots import unchanged, into scene 1 (or the last scene)', async () => {
    await importShotlist(store, write('flat.json', { shots: [{ prompt: 'One.' }, { prompt: 'Two.', notes: 'n' }] }));
    expect(store.scenes.list().map((s) => s.number)).toEqual(['1']);
    expect(store.shots.list().map((s) => [s.number, s.prompt, s.notes])).toEqual([
      ['1A', 'One.', ''],
      ['1B', 'Two.', 'n'],
    ]);
    // A second file with scenes follows the project's own scenes.
    await importShotlist(store, write('more.json', { scenes: [{ heading: 'EXT. SEA', shots: [{ prompt: 'Three.' }] }] }));
    expect(store.scenes.list().map((s) => s.number)).toEqual(['1', '2']);
    await importShotlist(store, write('flat2.json', { shots: [{ prompt: 'Four.' }] }));
    expect(store.shots.list().map((s) => `${s.number} ${s.prompt}`)).toEqual(['1A One.', '1B Two.', '2A Three.', '2B Four.']);
  });

  it('refuses a scene number the project already has, and changes nothing', async () => {
    await importShotlist(store, write('first.json', WITH_SCENES));
    const before = { scenes: store.scenes.list(), shots: store.shots.list() };
    await expect(importShotlist(store, write('again.json', { scenes: [{ number: '5', heading: 'X', shots: [{ prompt: 'p' }] }] }))).rejects.toThrow(
      /scenes\[0\] is scene 5, which the project already has/,
    );
    expect({ scenes: store.scenes.list(), shots: store.shots.list() }).toEqual(before);
  });

  it('the schema wants exactly one of shots and scenes, unique scene numbers, palette colours and a shot somewhere', () => {
    const problems = (list: unknown) => {
      const parsed = Shotlist.safeParse(list);
      return parsed.success ? [] : describeShotlistIssues(parsed.error);
    };
    expect(problems(WITH_SCENES)).toEqual([]);
    expect(problems({ shots: [{ prompt: 'p' }] })).toEqual([]);
    expect(problems({ shots: [{ prompt: 'p' }], scenes: WITH_SCENES.scenes })[0]).toMatch(/either "shots".*or "scenes"/);
    expect(problems({})[0]).toMatch(/either "shots"/);
    expect(problems({ scenes: [{ heading: 'A', shots: [] }] })).toContain('scenes: must hold at least one shot');
    expect(problems({ scenes: [{ number: '2', shots: [{ prompt: 'p' }] }, { number: '2', shots: [] }] })).toContain(
      'scenes[1].number: "2" is already used by scenes[0]; scene numbers must be unique',
    );
    expect(problems({ scenes: [{ color: 'red', shots: [{ prompt: 'p' }] }] })[0]).toMatch(/^scenes\[0\]\.color: expected one of the scene colours/);
    expect(problems({ scenes: [{ shots: [{ prompt: '' }] }] })[0]).toMatch(/^scenes\[0\]\.shots\[0\]\.prompt:/);
  });
});
