/**
 * A shot's "avoid" and sound switch travel only where the model takes them: "avoid" joins the
 * negative prompt (after the sound notes' "no ..."), sound off goes out as `audio: false`, and a
 * model without either gets neither (the prompt composer warns that "avoid" is not sent).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import type { Registry } from '../../shared/registry/registry';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import { FAKEVID_DESCRIPTOR, FAKEVID_MODEL, fakevidAdapter, registryWithFakevid } from '../fake-provider/fakevid';
import { startFakeVideoServer } from '../fake-provider/fake-video-server';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'fakevid-token-avoid-0123';
let h: Harness | null = null;
afterEach(async () => {
  await h?.app.dispose();
  h = null;
});
afterAll(() => cleanupTempDirs());

/** Fakevid with a model that makes sound and takes a negative prompt, and one with neither. */
function registryWithSound(): Registry {
  const base = registryWithFakevid();
  const sound = { ...FAKEVID_MODEL, model: 'fake-sound', audio: true, negativePrompt: true };
  const silent = { ...FAKEVID_MODEL, model: 'fake-silent', audio: false, negativePrompt: false };
  return {
    ...base,
    providers: { ...base.providers, fakevid: { ...FAKEVID_DESCRIPTOR, capabilities: { ...FAKEVID_DESCRIPTOR.capabilities, audio: true } } },
    models: [...base.models, sound, silent],
  };
}

describe("a shot's avoid and sound", () => {
  it('go out as the negative prompt and audio:false where the model takes them, and not otherwise', async () => {
    const server = await startFakeVideoServer({ apiKey: KEY, renderMs: 30 });
    try {
      h = await makeHarness({ keys: { fakevid: KEY }, providers: { fakevid: { baseUrl: server.baseUrl } }, overrides: { registry: registryWithSound(), adapters: { fakevid: fakevidAdapter } }, size: '640x360' });
      const fields = { prompt: 'The harbour at dawn.', seconds: 2, provider: 'fakevid', size: '640x360' as const, soundNotes: 'gulls; no music' };
      const withSound = h.store.shots.add(undefined, { ...fields, model: 'fake-sound', avoid: 'no text on screen, crowds', audio: false });
      const plain = h.store.shots.add(withSound.id, { ...fields, model: 'fake-silent', avoid: 'crowds', audio: false });
      const started = ok<{ jobs: Job[] }>(await h.call('generation.start', { shotIds: [withSound.id, plain.id] }));
      const [a, b] = started.jobs.map((j) => h!.store.jobs.request(j.id));
      expect(a!.negativePrompt).toMatch(/music, text on screen, crowds$/);
      expect(a!.audio).toBe(false);
      expect(b!.negativePrompt).toBeUndefined();
      expect(b!.audio).toBeUndefined();
      await h.generation.idle();

      // Sound back to the model's default: nothing is sent, and the request is a new one.
      ok(await h.call('shots.update', { id: withSound.id, patch: { audio: null } }));
      const again = ok<{ jobs: Job[] }>(await h.call('generation.start', { shotIds: [withSound.id] }));
      expect(h.store.jobs.request(again.jobs[0]!.id).audio).toBeUndefined();
      await h.generation.idle();
    } finally {
      await server.close();
    }
  });

  it('warns that "avoid" is not sent to a model without a negative prompt', () => {
    const model = { ...FAKEVID_MODEL, audio: false };
    const composed = composePrompt({ style: '', shot: { prompt: 'A door.', cameraMove: '', shotType: '', dialogue: '', soundNotes: '', seconds: 2, avoid: 'crowds; rain' }, elements: [], model, imageAttached: false });
    expect(composed.negativePrompt).toBeUndefined();
    expect(composed.warnings).toContain('"Avoid" (crowds, rain) is not sent: this model has no negative-prompt field. Describe what the frame shows instead.');
  });
});
