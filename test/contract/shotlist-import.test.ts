/** The `shotlist.import` call through the real dispatcher, and the shot-list schema itself. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import { Shotlist, describeShotlistIssues, mentionedNames } from '../../shared/shotlist';
import type { Dispatch } from '../../main/ipc/dispatch';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { importShotlist } from '../../main/services/shotlist-import';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';

let root: string;
let t: TestApp;
let dispatch: Dispatch;

beforeAll(async () => {
  root = makeTempDir('shotlist');
  t = makeTestApp({ settingsDir: path.join(root, 'settings'), version: 'test' });
  dispatch = t.dispatch;
  fs.mkdirSync(path.join(root, 'list', 'img'), { recursive: true });
  await makeImage(path.join(root, 'list', 'img', 'mara.png'), { width: 64, height: 48, color: '#e8c21a' });
  await makeImage(path.join(root, 'list', 'img', 'cliff.png'), { width: 64, height: 48, color: '#3f6b73' });
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

function writeList(name: string, list: unknown): string {
  const file = path.join(root, 'list', name);
  fs.writeFileSync(file, JSON.stringify(list));
  return file;
}

const LIST = {
  name: 'Renamed',
  size: '1920x1080',
  fps: 25,
  style: '35mm film, overcast light',
  elements: [{ name: 'Mara', kind: 'character', description: 'grey braid, yellow raincoat', images: ['img/mara.png'] }],
  shots: [
    { title: 'Cliff walk', prompt: 'Wide shot: @Mara walks toward @Lamp', camera: 'slow push in', seconds: 4, references: ['img/cliff.png', 'img/mara.png'], transition: { kind: 'dissolve', seconds: 1 } },
    { prompt: 'Close-up: @Mara looks up', seconds: 2.5, continue: true, dialogue: "Mara: It's still turning.", sound: 'wind', avoid: 'crowds', audio: false, shotType: 'close-up', provider: 'openai', model: 'sora-2', size: '1280x720' },
  ],
};

describe('shotlist.import', () => {
  it('needs an open project', async () => {
    const result = await dispatch('shotlist.import', { path: writeList('early.json', LIST) });
    expect(result).toMatchObject({ ok: false, error: { code: 'no_project' } });
  });

  it('imports into a new project: format, style, elements with images, shots mapped field by field', async () => {
    expect((await dispatch('projects.create', { name: 'Film', parentDir: root })).ok).toBe(true);
    const result = (await dispatch('shotlist.import', { path: writeList('list.json', LIST) })) as Envelope<ProjectSnapshot>;
    if (!result.ok) throw new Error(result.error.message);
    const { project, shots, elements } = result.value;
    expect(project).toMatchObject({ name: 'Renamed', style: '35mm film, overcast light', format: { width: 1920, height: 1080, fps: { num: 25, den: 1 } } });
    expect(elements).toHaveLength(1);
    expect(elements[0]).toMatchObject({ name: 'Mara', description: 'grey braid, yellow raincoat', images: [{ name: 'mara.png', width: 64, height: 48 }] });
    expect(shots.map((s) => s.prompt)).toEqual(['Wide shot: @Mara walks toward @Lamp', 'Close-up: @Mara looks up']);
    expect(shots[0]).toMatchObject({ title: 'Cliff walk', cameraMove: 'slow push in', seconds: 4, continuePrevious: false, size: '1920x1080', transition: { kind: 'dissolve', seconds: 1 } });
    expect(shots[0]!.references.map((r) => r.name)).toEqual(['cliff.png', 'mara.png']);
    expect(shots[1]).toMatchObject({ continuePrevious: true, dialogue: "Mara: It's still turning.", soundNotes: 'wind', avoid: 'crowds', audio: false, shotType: 'close-up', provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 2.5 });
    // The same image used twice is stored once, with its own reference id at each use.
    expect(shots[0]!.references[1]!.path).toBe(elements[0]!.images[0]!.path);
    expect(shots[0]!.references[1]!.id).not.toBe(elements[0]!.images[0]!.id);
    expect(fs.readdirSync(path.join(result.value.path, 'media', 'refs'))).toHaveLength(2);
  });

  it('appends to a project with content: style replaced, name and format kept, unknown @mentions warned about', async () => {
    const store = t.store;
    const result = await importShotlist(store, writeList('more.json', {
      name: 'Ignored', fps: 30, style: 'new style',
      shots: [{ prompt: 'Insert: @Ghost turns the lamp' }],
    }));
    expect(result.snapshot.project).toMatchObject({ name: 'Renamed', style: 'new style', format: { fps: { num: 25, den: 1 } } });
    expect(result.snapshot.shots).toHaveLength(3);
    expect(result.snapshot.shots[2]).toMatchObject({ prompt: 'Insert: @Ghost turns the lamp', seconds: 4 });
    expect(result.warnings).toEqual([expect.stringContaining('@Ghost')]);
  });

  it('refuses a relative path at the door', async () => {
    const result = await dispatch('shotlist.import', { path: 'list/list.json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('path: must be an absolute path') } });
  });
});

describe('the shot-list schema', () => {
  it('names unknown fields, duplicate element names and empty prompts', () => {
    const parsed = Shotlist.safeParse({
      shots: [{ prompt: ' ', lens: '85mm' }],
      elements: [{ name: 'Mara', kind: 'character' }, { name: 'mara', kind: 'prop' }],
      colour: 'teal',
    });
    expect(parsed.success).toBe(false);
    const lines = describeShotlistIssues(parsed.error!);
    expect(lines).toContain('shots[0]: Unrecognized key: "lens"');
    expect(lines).toContain('(top level): Unrecognized key: "colour"');
    expect(lines.join('\n')).toMatch(/shots\[0\]\.prompt: must not be empty/);
    expect(lines.join('\n')).toMatch(/elements\[1\]\.name: "mara" is already used by elements\[0\]/);
  });

  it('needs at least one shot and applies defaults', () => {
    expect(Shotlist.safeParse({ shots: [] }).success).toBe(false);
    const ok = Shotlist.parse({ shots: [{ prompt: 'a' }] });
    expect(ok.shots?.[0]).toMatchObject({ seconds: 4, continue: false, camera: '', references: [] });
    expect(ok.elements).toEqual([]);
  });

  it('finds @mentions as written', () => {
    expect(mentionedNames("@Mara's lamp, @Tomas and @Mara again; @Élodie-2.")).toEqual(['Mara', 'Tomas', 'Élodie-2']);
  });
});
