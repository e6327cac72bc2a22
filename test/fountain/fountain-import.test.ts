/**
 * Fountain into a real project (SQLite in a temp folder, the real contract door, real ffmpeg for
 * the takes): a first import, a re-import after an edit that keeps every take, undo as one step,
 * export back to Fountain and import again into a new project, and the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main';
import { ProjectStore } from '../../main/store/project-store';
import type { FountainApplyResult, FountainPreview } from '../../shared/contract/fountain';
import type { EditResult } from '../../shared/contract/edits';
import type { Shot, Take } from '../../shared/domain';
import { cleanupTempDirs, makeClip, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';
import { LIGHTHOUSE } from './lighthouse-script';

let root: string;
let t: TestApp;
afterAll(async () => {
  await t?.app.dispose();
  cleanupTempDirs();
});
beforeAll(async () => {
  root = makeTempDir('fountain-import');
  t = makeTestApp({ settingsDir: path.join(root, 'settings') });
  ok(await t.call('projects.create', { name: 'Keeper', parentDir: root, size: '320x180', fps: 24 }));
});

const b64 = (file: string) => fs.readFileSync(file).toString('base64');
/** Scenes and their shots as plain rows, for comparing projects. */
function outline(store: ProjectStore) {
  const shots = store.shots.list();
  return store.scenes.list().map((scene) => ({
    number: scene.number,
    heading: scene.heading,
    synopsis: scene.synopsis,
    shots: shots
      .filter((s) => s.sceneId === scene.id)
      .map((s) => ({ number: s.number, title: s.title, prompt: s.prompt, dialogue: s.dialogue, notes: s.notes, transition: s.transition })),
  }));
}

describe('Fountain into a project', () => {
  let first: FountainApplyResult;
  const takeOf: Record<string, Take> = {};

  it('previews and imports a script as scenes, shots and characters', async () => {
    const preview = ok<FountainPreview>(await t.call('fountain.preview', { text: LIGHTHOUSE }));
    expect(preview).toMatchObject({ title: 'The Last Keeper', fresh: true, scenes: 3, shots: 3, characters: ['Mara', 'Tomas', 'DrOkafor'] });
    expect(t.store.shots.list()).toHaveLength(0);

    first = ok<FountainApplyResult>(await t.call('fountain.apply', { text: LIGHTHOUSE, fileName: 'keeper.fountain' }));
    expect(outline(t.store)).toEqual([
      {
        number: '1',
        heading: 'EXT. CLIFF PATH - DAY',
        synopsis: 'Mara comes back to the lighthouse after twenty years.',
        shots: [
          {
            number: '1A',
            title: 'Wind flattens the grass. Mara (60s, yellow raincoat) climbs...',
            prompt: 'Wind flattens the grass. @Mara (60s, yellow raincoat) climbs the path.\nThe lighthouse stands white against the cloud.',
            dialogue: "@Mara (V.O.): (quietly) It's still turning.",
            notes: 'Drone plate needed for this one',
            transition: { kind: 'dissolve', seconds: 1 },
          },
        ],
      },
      {
        number: '2',
        heading: 'INT. LIGHTHOUSE - LAMP ROOM - DUSK',
        synopsis: '',
        shots: [expect.objectContaining({ number: '2A', prompt: 'The great lens turns. @Tomas, the keeper, wipes the glass. @Mara steps in behind him.' })],
      },
      { number: '3', heading: 'RADIO ROOM', synopsis: '', shots: [expect.objectContaining({ number: '3A', transition: { kind: 'dip', seconds: 1 } })] },
    ]);
    expect(t.store.elements.list().map((e) => [e.name, e.kind])).toEqual([
      ['DrOkafor', 'character'],
      ['Mara', 'character'],
      ['Tomas', 'character'],
    ]);
    // The snapshot answered is the project as it is now.
    expect(first.snapshot.scenes.map((s) => s.number)).toEqual(['1', '2', '3']);
  });

  it('re-imports an edited script without losing takes, as one undo step', async () => {
    const shots = t.store.shots.list();
    const clip = await makeClip(path.join(root, 'take.mp4'), { width: 160, height: 120, seconds: 1 });
    // Takes on the cliff shot (its action will change) and the radio-room shot (its scene goes).
    for (const shot of [shots[0]!, shots[2]!]) {
      takeOf[shot.id] = ok<Take>(await t.call('takes.import', { shotId: shot.id, file: { name: 'take.mp4', dataBase64: b64(clip) } }));
    }
    const before = outline(t.store);
    const edited = LIGHTHOUSE.replace('Wind flattens the grass.', 'Rain lashes the grass.')
      .replace('INT. LIGHTHOUSE - LAMP ROOM - DUSK #2#', 'INT. LIGHTHOUSE - LAMP ROOM - NIGHT #2#')
      .replace(/\.RADIO ROOM[\s\S]*$/, 'EXT. JETTY - NIGHT #4#\n\nAn empty mooring.\n\nBOATMAN\nNobody sails tonight.\n');
    const preview = ok<FountainPreview>(await t.call('fountain.preview', { text: edited }));
    expect(preview.fresh).toBe(false);
    expect(preview.counts).toEqual({ scenesAdded: 1, scenesRemoved: 0, scenesRenamed: 1, shotsAdded: 1, shotsChanged: 1, shotsRemoved: 0, shotsKeptForTakes: 1 });
    expect(preview.lines).toContain('~ Scene 2 INT. LIGHTHOUSE - LAMP ROOM - NIGHT: renamed from "INT. LIGHTHOUSE - LAMP ROOM - DUSK"');
    expect(preview.lines).toContain('  ~ shot 1A: prompt, title changed (its takes are kept)');
    expect(preview.lines).toContain('  ! shot 3A is no longer in the script but has takes: it is kept');
    expect(preview.lines).toContain('+ character @Boatman');

    const applied = ok<FountainApplyResult>(await t.call('fountain.apply', { text: edited }));
    const after = outline(t.store);
    expect(after.map((s) => [s.number, s.heading])).toEqual([
      ['1', 'EXT. CLIFF PATH - DAY'],
      ['2', 'INT. LIGHTHOUSE - LAMP ROOM - NIGHT'],
      ['4', 'EXT. JETTY - NIGHT'],
      ['3', 'RADIO ROOM'],
    ]);
    expect(after[0]!.shots[0]!.prompt).toMatch(/^Rain lashes the grass\. @Mara/);
    expect(after[2]!.shots[0]).toMatchObject({ number: '4A', prompt: 'An empty mooring.', dialogue: '@Boatman: Nobody sails tonight.' });
    // Every take is still there, and still selected.
    for (const [shotId, take] of Object.entries(takeOf)) {
      const shot = t.store.shots.get(shotId);
      expect(shot.selectedTakeId).toBe(take.id);
      expect(t.store.takes.ofShot(shotId).map((x) => x.id)).toEqual([take.id]);
    }

    // One undo puts the project back as it was, takes and all.
    const undone = ok<EditResult>(await t.call('edits.apply', { command: applied.inverse }));
    expect(outline(t.store)).toEqual(before);
    expect(t.store.elements.list().map((e) => e.name)).toEqual(['DrOkafor', 'Mara', 'Tomas']);
    for (const [shotId, take] of Object.entries(takeOf)) expect(t.store.shots.get(shotId).selectedTakeId).toBe(take.id);
    // ...and redo (the inverse of the undo) applies it again.
    ok<EditResult>(await t.call('edits.apply', { command: undone.inverse }));
    expect(outline(t.store).map((s) => s.heading)).toEqual(after.map((s) => s.heading));
  });

  it('undoes a long script in one step the contract accepts', async () => {
    ok(await t.call('projects.create', { name: 'Long', parentDir: root, size: '320x180', fps: 24 }));
    const parts = ['Title: Long'];
    for (let s = 1; s <= 60; s++) {
      parts.push(`INT. ROOM ${s} - DAY`);
      for (let p = 1; p <= 5; p++) parts.push(`Beat ${s}.${p}: MARA crosses the room.`, `MARA\nLine ${s}.${p}.`);
    }
    const applied = ok<FountainApplyResult>(await t.call('fountain.apply', { text: parts.join('\n\n') }));
    expect(t.store.scenes.list()).toHaveLength(60);
    expect(t.store.shots.list()).toHaveLength(300);
    expect(t.store.shots.list()[299]).toMatchObject({ number: '60E', prompt: 'Beat 60.5: @Mara crosses the room.', dialogue: '@Mara: Line 60.5.' });
    // The edit contract takes at most 100 commands in a batch; the undo is grouped to fit.
    expect(applied.inverse.kind === 'batch' ? applied.inverse.edits.length : 1).toBeLessThanOrEqual(100);
    ok<EditResult>(await t.call('edits.apply', { command: applied.inverse }));
    expect(t.store.shots.list()).toHaveLength(0);
    expect(t.store.scenes.list()).toHaveLength(0);
    expect(t.store.elements.list()).toHaveLength(0);
  });

  it('swaps scene numbers and order when the script does, and undoes it', async () => {
    ok(await t.call('projects.create', { name: 'Swap', parentDir: root, size: '320x180', fps: 24 }));
    const a = 'INT. ATTIC - DAY #1#\n\nDust.\n\nINT. BASEMENT - NIGHT #2#\n\nWater.\n';
    ok(await t.call('fountain.apply', { text: a }));
    const before = outline(t.store);
    const b = 'INT. BASEMENT - NIGHT #1#\n\nWater.\n\nINT. ATTIC - DAY #2#\n\nDust.\n';
    const applied = ok<FountainApplyResult>(await t.call('fountain.apply', { text: b }));
    expect(outline(t.store).map((s) => [s.number, s.heading, s.shots.map((x) => x.number)])).toEqual([
      ['1', 'INT. BASEMENT - NIGHT', ['1A']],
      ['2', 'INT. ATTIC - DAY', ['2A']],
    ]);
    ok<EditResult>(await t.call('edits.apply', { command: applied.inverse }));
    expect(outline(t.store)).toEqual(before);
  });

  it('refuses what is not a screenplay and changes nothing', async () => {
    const count = t.store.shots.list().length;
    const result = await t.call('fountain.apply', { text: 'PNG\u0000\u0001', fileName: 'image.fountain' });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/image\.fountain: line 1: .*binary/);
    expect(t.store.shots.list()).toHaveLength(count);
  });
});

describe('Fountain on the command line, and back', () => {
  it('imports a script into a new project, exports it back, and the export imports to the same project', async () => {
    const work = makeTempDir('fountain-cli');
    fs.writeFileSync(path.join(work, 'keeper.fountain'), LIGHTHOUSE);
    let out = '';
    let err = '';
    const io = { out: (s: string) => (out += `${s}\n`), err: (s: string) => (err += `${s}\n`), cwd: work };
    expect(await runCli(['import', 'films', 'keeper.fountain', '--shots', 'line'], io), err).toBe(0);
    const dir = path.join(work, 'films', 'The Last Keeper.shotline');
    expect(out).toContain(`Created project "The Last Keeper" at ${dir}`);
    expect(out).toContain('Imported 3 scenes, 4 shots and 3 characters from keeper.fountain');

    expect(await runCli(['export', dir, '--format', 'fountain', '--out', 'back.fountain'], io), err).toBe(0);
    const text = fs.readFileSync(path.join(work, 'back.fountain'), 'utf8');
    expect(text).toMatch(/^Title: The Last Keeper\n/);
    expect(text).toContain('EXT. CLIFF PATH - DAY #1#');
    expect(text).toContain('DR OKAFOR (O.S.)\nTomas! The radio!');

    expect(await runCli(['import', 'again.shotline', 'back.fountain', '--shots', 'line'], io), err).toBe(0);
    const a = await ProjectStore.open(dir);
    const b = await ProjectStore.open(path.join(work, 'again.shotline'));
    try {
      expect(outline(b)).toEqual(outline(a));
      expect(b.elements.list().map((e) => [e.name, e.kind])).toEqual(a.elements.list().map((e) => [e.name, e.kind]));
    } finally {
      a.close();
      b.close();
    }

    // A re-import of the same script changes nothing; a dry run of an edit lists it and changes nothing.
    out = '';
    expect(await runCli(['import', dir, 'keeper.fountain', '--shots', 'line'], io), err).toBe(0);
    expect(out).toContain('Nothing changes: the project already matches the script.');
    fs.writeFileSync(path.join(work, 'edit.fountain'), LIGHTHOUSE.replace('Then we wait.\n\nMARA ^', 'Then we wait here.\n\nMARA ^'));
    out = '';
    expect(await runCli(['import', dir, 'edit.fountain', '--shots', 'line', '--dry-run'], io), err).toBe(0);
    expect(out).toContain('~ shot 3A: dialogue changed');
    expect(out).toContain('Would re-import edit.fountain');
    const c = await ProjectStore.open(dir);
    try {
      expect(c.shots.list().some((s: Shot) => s.dialogue.includes('wait here'))).toBe(false);
    } finally {
      c.close();
    }

    err = '';
    expect(await runCli(['import', dir, 'keeper.fountain', '--shots', 'sentence'], io)).toBe(2);
    expect(err).toContain('--shots must be one of paragraph, line, scene');
  });
});
