/**
 * `generation.preview` through the real dispatcher: what it shows equals what `generation.start`
 * then stores on the job for the same shot (prompt, negative prompt, first frame, references,
 * price), it writes nothing into the project, it names a waiting shot and a registry refusal in
 * main's own words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import type { StartResult } from '../../shared/contract/generation';
import type { Dispatch } from '../../main/ipc/dispatch';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';

let root: string;
let t: TestApp;
let dispatch: Dispatch;
let snapshot: ProjectSnapshot;

async function ok<T>(name: Parameters<Dispatch>[0], input: unknown): Promise<T> {
  const result = (await dispatch(name, input)) as Envelope<T>;
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

const preview = (shotId: string) => ok<GenerationPreview>('generation.preview', { shotId });
const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : []);

beforeAll(async () => {
  root = makeTempDir('preview');
  // Vertex jobs can be queued with a project and a credentials file; the file's token service
  // and the base URL are a closed local port, so nothing leaves the machine.
  fs.mkdirSync(path.join(root, 'list'), { recursive: true });
  const keyFile = path.join(root, 'wif.json');
  fs.writeFileSync(path.join(root, 'subject.txt'), 'subject-token');
  fs.writeFileSync(keyFile, JSON.stringify({
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: 'http://127.0.0.1:9/v1/token',
    credential_source: { file: path.join(root, 'subject.txt') },
  }));
  t = makeTestApp({ providers: { vertex: { baseUrl: 'http://127.0.0.1:9/', fields: { project: 'preview-test', keyFile } } } });
  dispatch = t.dispatch;
  await makeImage(path.join(root, 'list', 'mara.png'), { width: 64, height: 48, color: '#e8c21a' });
  await makeImage(path.join(root, 'list', 'cliff.png'), { width: 80, height: 40, color: '#3f6b73' });
  const list = {
    name: 'Preview',
    size: '640x360',
    fps: 25,
    style: '35mm film, overcast light',
    elements: [{ name: 'Mara', kind: 'character', description: 'grey braid, yellow raincoat', images: ['mara.png'] }],
    shots: [
      { title: 'Cliff', prompt: 'Wide shot: @Mara walks along the cliff', camera: 'slow push in', seconds: 2, references: ['cliff.png'], provider: 'animatic', model: 'animatic', size: '640x360' },
      { title: 'Follow', prompt: '@Mara stops', seconds: 2, continue: true, provider: 'animatic', model: 'animatic', size: '640x360' },
      { title: 'Veo', prompt: 'Close-up: @Mara looks up at the lamp', seconds: 8, provider: 'vertex', model: 'veo-3.1-fast-generate-001', size: '1280x720' },
      { title: 'Wrong size', prompt: 'The sea', seconds: 4, provider: 'openai', model: 'sora-2', size: '640x360' },
    ],
  };
  fs.writeFileSync(path.join(root, 'list', 'list.json'), JSON.stringify(list));
  await ok('projects.create', { name: 'Preview', parentDir: root });
  snapshot = await ok<ProjectSnapshot>('shotlist.import', { path: path.join(root, 'list', 'list.json') });
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('generation.preview', () => {
  it('equals the request a real start stores (first frame from a reference) and writes nothing', async () => {
    const shot = snapshot.shots[0]!;
    const before = filesUnder(path.join(snapshot.path, 'media'));
    const seen = await preview(shot.id);
    expect(filesUnder(path.join(snapshot.path, 'media'))).toEqual(before);
    expect(seen.prompt).toContain('Mara');
    expect(seen.firstFrame).toEqual({ source: 'reference', path: shot.references[0]!.path, fit: shot.references[0]!.fit, width: 640, height: 360 });
    expect(seen.references).toEqual([]);
    expect(seen.problem).toBeNull();
    expect(seen.usd).toBe(0);

    const started = await ok<StartResult>('generation.start', { shotIds: [shot.id] });
    const job = started.jobs[0]!;
    const sent = t.store.jobs.request(job.id);
    expect(sent.prompt).toBe(seen.prompt);
    expect(sent.negativePrompt ?? null).toBe(seen.negativePrompt);
    expect(sent.firstFrame && { width: sent.firstFrame.width, height: sent.firstFrame.height }).toEqual({ width: 640, height: 360 });
    expect((sent.references ?? []).map((r) => ({ path: r.file, name: r.name }))).toEqual(seen.references);
  });

  it('says a continuing shot waits for the previous take, and still shows its words', async () => {
    const seen = await preview(snapshot.shots[1]!.id);
    expect(seen.waiting).toMatch(/continues/);
    expect(seen.problem).toBeNull();
    expect(seen.prompt).toContain('Mara');
  });

  it('lists element images sent as references and the negative prompt exactly as the job stores them', async () => {
    const shot = snapshot.shots[2]!;
    const seen = await preview(shot.id);
    const mara = snapshot.elements.find((e) => e.name === 'Mara')!;
    expect(seen.firstFrame).toBeNull();
    expect(seen.references.map((r) => r.path)).toEqual([mara.images[0]!.path]);
    expect(seen.usd).toBeGreaterThan(0);
    expect(seen.problem).toBeNull();
    expect(seen.negativePrompt).toBeTruthy();

    const started = await ok<StartResult>('generation.start', { shotIds: [shot.id] });
    const job = started.jobs[0]!;
    const sent = t.store.jobs.request(job.id);
    expect(sent.prompt).toBe(seen.prompt);
    expect(sent.negativePrompt ?? null).toBe(seen.negativePrompt);
    expect(sent.firstFrame).toBeUndefined();
    expect((sent.references ?? []).map((r) => ({ path: r.file, name: r.name }))).toEqual(seen.references);
    expect(job.estimateUsd).toBeCloseTo(seen.usd!, 6);
  });

  it('names a registry refusal in the words generation.start refuses with', async () => {
    const shot = snapshot.shots[3]!;
    const seen = await preview(shot.id);
    // sora-2 is retired at OpenAI's own URL: the registry's words, before anything is sent.
    expect(seen.problem).toMatch(/retired/);
    const refused = await dispatch('generation.start', { shotIds: [shot.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused', message: seen.problem } });
  });

  it('refuses an unknown shot with not_found', async () => {
    const result = await dispatch('generation.preview', { shotId: '00000000-0000-4000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
