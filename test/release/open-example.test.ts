/**
 * `projects.openExample` through the dispatcher, on the real example (drawn references, real
 * SQLite project, real image import): a fresh copy in the projects folder each time, the
 * shipped example untouched, and no half-made project when something is wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLighthouseRefs } from '../../examples/lighthouse/make-refs';
import type { ProjectSnapshot } from '../../shared/contract';
import { composeApp, type AppServices } from '../../main/app/compose';
import { createDispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { welcomeHandlers } from '../../main/ipc/handlers/welcome-handlers';
import type { ExampleLocatorInputs } from '../../main/release/bundled-example';
import { AppSettings } from '../../main/settings/app-settings';

const repo = path.resolve(import.meta.dirname, '../..');
const shipped = JSON.parse(fs.readFileSync(path.join(repo, 'examples/lighthouse/shots.json'), 'utf8')) as { shots: unknown[]; elements: unknown[] };
let work: string;
let resourcesPath: string;
const apps: AppServices[] = [];

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

function setup(example: ExampleLocatorInputs) {
  const home = fs.mkdtempSync(path.join(work, 'home-'));
  const app = composeApp({ kind: 'web', version: 'test', mediaBase: '', settings: new AppSettings(home) });
  apps.push(app);
  const events: Array<[string, unknown]> = [];
  app.events.subscribe((name, payload) => events.push([name, payload]));
  const dispatch = createDispatch({ ...createHandlers(app), ...welcomeHandlers(app, () => example) });
  return { app, dispatch, events, projectsDir: path.join(home, 'projects') };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-open-example-'));
  resourcesPath = path.join(work, 'Shotline Ré', 'resources');
  const dir = path.join(resourcesPath, 'examples', 'lighthouse');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(repo, 'examples/lighthouse/shots.json'), path.join(dir, 'shots.json'));
  await makeLighthouseRefs(path.join(dir, 'refs'));
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('projects.openExample', () => {
  it('opens a fresh copy of the bundled example in the projects folder, and another one next time', async () => {
    const { dispatch, events, projectsDir, app } = setup({ resourcesPath, appRoot: null });
    const before = listTree(path.join(resourcesPath, 'examples'));
    const first = (await dispatch('projects.openExample', {})) as { ok: true; value: ProjectSnapshot };
    expect(first.ok).toBe(true);
    expect(first.value.path).toBe(path.join(projectsDir, 'Lighthouse.shotline'));
    expect(first.value.project.name).toBe('Lighthouse');
    expect(first.value.shots).toHaveLength(shipped.shots.length);
    expect(first.value.elements).toHaveLength(shipped.elements.length);
    // The images now live in the project, not in the installation.
    const refs = first.value.shots.flatMap((s) => s.references.map((r) => r.path));
    expect(refs.length).toBeGreaterThan(0);
    for (const rel of refs) expect(fs.existsSync(path.join(first.value.path, rel)), rel).toBe(true);
    expect(app.workspace.current?.store.dir).toBe(first.value.path);
    expect(events.filter(([n]) => n === 'project.changed').map(([, p]) => (p as ProjectSnapshot).path)).toEqual([first.value.path]);
    expect(app.settings.get().recentProjects[0]?.path).toBe(first.value.path);

    const second = (await dispatch('projects.openExample', {})) as { ok: true; value: ProjectSnapshot };
    expect(second.value.path).toBe(path.join(projectsDir, 'Lighthouse 2.shotline'));
    expect(listTree(path.join(resourcesPath, 'examples'))).toEqual(before);
  });

  it('refuses unknown input fields', async () => {
    const { dispatch } = setup({ resourcesPath, appRoot: null });
    expect(await dispatch('projects.openExample', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('says where it looked when the example is missing, and makes nothing', async () => {
    const { dispatch, projectsDir } = setup({ resourcesPath: path.join(work, 'no-resources'), appRoot: null });
    const result = await dispatch('projects.openExample', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((result as { error: { message: string } }).error.message).toContain(path.join(work, 'no-resources', 'examples', 'lighthouse'));
    expect(fs.existsSync(projectsDir)).toBe(false);
  });

  it('a broken example leaves no half-made project behind', async () => {
    const broken = path.join(work, 'broken-resources');
    const dir = path.join(broken, 'examples', 'lighthouse');
    fs.mkdirSync(path.join(dir, 'refs'), { recursive: true });
    fs.copyFileSync(path.join(resourcesPath, 'examples/lighthouse/refs/cliff.png'), path.join(dir, 'refs/cliff.png'));
    fs.writeFileSync(path.join(dir, 'shots.json'), JSON.stringify({ name: 'Lighthouse', shots: [{ title: 'A', prompt: 'x', seconds: 'four', references: ['refs/cliff.png'] }] }));
    const { dispatch, projectsDir, app } = setup({ resourcesPath: broken, appRoot: null });
    const result = await dispatch('projects.openExample', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.readdirSync(projectsDir)).toEqual([]);
    expect(app.workspace.current).toBeNull();
  });
});
