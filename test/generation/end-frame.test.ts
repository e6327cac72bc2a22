/**
 * A shot's end frame: dropped onto the shot like a reference (target `endFrame`, one image,
 * the last one dropped wins), fitted to the model's exact size and sent as the last frame where
 * the model takes one, shown in the preview; for a model that takes none it stays home, and the
 * preview says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ReferenceOwner } from '../../shared/contract/references';
import type { GenerationPreview } from '../../shared/contract/generation-preview';
import type { Job } from '../../shared/domain';
import type { Registry } from '../../shared/registry/registry';
import { FAKEVID_DESCRIPTOR, FAKEVID_MODEL, fakevidAdapter, registryWithFakevid } from '../fake-provider/fakevid';
import { startFakeVideoServer } from '../fake-provider/fake-video-server';
import { cleanupTempDirs, makeImage } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'fakevid-token-end-frame-0123';
let h: Harness | null = null;
afterEach(async () => {
  await h?.app.dispose();
  h = null;
});
afterAll(() => cleanupTempDirs());

/** Fakevid with a model that takes a first and a last frame. */
function registryWithFrames(): Registry {
  const base = registryWithFakevid();
  const frames = { ...FAKEVID_MODEL, model: 'fake-frames', imageInputs: { firstFrame: true, lastFrame: true, maxReferences: 0, referencesExcludeFrames: false } };
  return {
    ...base,
    providers: { ...base.providers, fakevid: { ...FAKEVID_DESCRIPTOR, capabilities: { ...FAKEVID_DESCRIPTOR.capabilities, firstFrame: true, lastFrame: true } } },
    models: [...base.models, frames],
  };
}

async function upload(file: string) {
  return { name: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') };
}

describe('end frames', () => {
  it('are set from a drop, replaced by the next, fitted and sent as the last frame', async () => {
    const server = await startFakeVideoServer({ apiKey: KEY, renderMs: 40 });
    try {
      h = await makeHarness({
        keys: { fakevid: KEY },
        providers: { fakevid: { baseUrl: server.baseUrl } },
        overrides: { registry: registryWithFrames(), adapters: { fakevid: fakevidAdapter } },
        size: '640x360',
      });
      const shot = h.store.shots.add(undefined, { prompt: 'The door closes.', seconds: 2, provider: 'fakevid', model: 'fake-frames', size: '640x360' });
      const open = await makeImage(path.join(h.root, 'open.png'), { width: 320, height: 200, color: '#225588' });
      const wrong = await makeImage(path.join(h.root, 'wrong.png'), { width: 100, height: 100, color: '#00ff00' });
      const shut = await makeImage(path.join(h.root, 'shut.png'), { width: 300, height: 180, color: '#aa2211' });
      ok(await h.call('references.add', { target: { kind: 'shot', id: shot.id }, files: [await upload(open)] }));
      ok(await h.call('references.add', { target: { kind: 'endFrame', id: shot.id }, files: [await upload(wrong)] }));
      const owner = ok<ReferenceOwner>(await h.call('references.add', { target: { kind: 'endFrame', id: shot.id }, files: [await upload(shut)] }));
      expect(owner.shot!.endFrame).toMatchObject({ name: 'shut.png', width: 300, height: 180 });
      expect(owner.shot!.references).toHaveLength(1); // the end frame is not a reference

      const preview = ok<GenerationPreview>(await h.call('generation.preview', { shotId: shot.id }));
      expect(preview.lastFrame).toEqual({ path: owner.shot!.endFrame!.path, fit: 'cover', width: 640, height: 360 });
      expect(preview.firstFrame).toMatchObject({ source: 'reference', width: 640, height: 360 });

      const started = ok<{ jobs: Job[] }>(await h.call('generation.start', { shotIds: [shot.id] }));
      await h.generation.idle();
      const sent = h.store.jobs.request(started.jobs[0]!.id);
      expect(sent.lastFrame).toMatchObject({ width: 640, height: 360, mime: 'image/png' });
      // The file sent is the end frame fitted to the frame: its colour, at the exact size.
      const stats = await sharp(h.store.resolve(sent.lastFrame!.file)).stats();
      expect(await sharp(h.store.resolve(sent.lastFrame!.file)).metadata()).toMatchObject({ width: 640, height: 360 });
      expect(stats.channels[0]!.mean).toBeGreaterThan(150); // red, not the green image replaced before
      expect(stats.channels[1]!.mean).toBeLessThan(60);
      expect(h.store.jobs.find(started.jobs[0]!.id)!.status).toBe('done');

      ok(await h.call('references.remove', { target: { kind: 'endFrame', id: shot.id }, referenceId: owner.shot!.endFrame!.id }));
      expect(h.store.shots.get(shot.id).endFrame).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('stay home for a model that takes none, and the preview says so', async () => {
    h = await makeHarness({ size: '640x360' });
    const shot = h.store.shots.add(undefined, { prompt: 'A gate.', seconds: 2, provider: 'animatic', model: 'animatic', size: '640x360' });
    const end = await makeImage(path.join(h.root, 'end.png'), { width: 64, height: 36 });
    ok(await h.call('references.add', { target: { kind: 'endFrame', id: shot.id }, files: [await upload(end)] }));
    const preview = ok<GenerationPreview>(await h.call('generation.preview', { shotId: shot.id }));
    expect(preview.lastFrame).toBeNull();
    expect(preview.problem).toBeNull();
    expect(preview.warnings.join(' ')).toMatch(/takes no end frame, so the shot's end frame is not sent/);
  });
});
