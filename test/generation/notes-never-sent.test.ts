/**
 * A shot's notes are for the crew: they never reach a model. Checked at the service's door (every
 * request the fake service recorded), in the stored request, and in the prompt composer itself.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import { FAKEVID_MODEL, fakevidAdapter, registryWithFakevid } from '../fake-provider/fakevid';
import { startFakeVideoServer } from '../fake-provider/fake-video-server';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeHarness, ok, type Harness } from './harness';

const KEY = 'fakevid-token-notes-0456';
const NOTE = 'CREW ONLY: rig the lamp on a dimmer, pickup day 3';
let h: Harness | null = null;
afterEach(async () => {
  await h?.app.dispose();
  h = null;
});
afterAll(() => cleanupTempDirs());

describe("a shot's notes", () => {
  it('are in no request a provider receives, nor in the stored request, nor in the take', async () => {
    const server = await startFakeVideoServer({ apiKey: KEY, renderMs: 30 });
    try {
      h = await makeHarness({ keys: { fakevid: KEY }, providers: { fakevid: { baseUrl: server.baseUrl } }, overrides: { registry: registryWithFakevid(), adapters: { fakevid: fakevidAdapter } }, size: '640x360' });
      const shot = h.store.shots.add(undefined, { prompt: 'The lamp turns.', seconds: 2, provider: 'fakevid', model: FAKEVID_MODEL.model, size: '640x360', notes: NOTE, dialogue: 'Mara: Still turning.' });
      expect(h.store.shots.get(shot.id).notes).toBe(NOTE);
      const started = ok<{ jobs: Job[] }>(await h.call('generation.start', { shotIds: [shot.id] }));
      await h.generation.idle();
      const stored = JSON.stringify(h.store.jobs.request(started.jobs[0]!.id));
      expect(stored).toContain('The lamp turns.');
      expect(stored).not.toContain('dimmer');
      const creates = server.requests.filter((r) => r.method === 'POST');
      expect(creates.length).toBeGreaterThan(0);
      // The prompt did go out (so the check below can fail), and the notes did not.
      expect(JSON.stringify(creates.map((r) => r.json))).toContain('The lamp turns.');
      for (const request of server.requests) expect(JSON.stringify(request)).not.toContain('dimmer');
      for (const take of h.store.takes.ofShot(shot.id)) expect(JSON.stringify(take)).not.toContain('dimmer');
      // Not in the preview the inspector shows either.
      const preview = ok<{ prompt: string }>(await h.call('generation.preview', { shotId: shot.id }));
      expect(preview.prompt).not.toContain('dimmer');
    } finally {
      await server.close();
    }
  });

  it('are not read by the prompt composer even when a whole shot record is handed to it', () => {
    const shot = { prompt: 'A door.', cameraMove: 'push in', shotType: 'wide', dialogue: '', soundNotes: 'wind', seconds: 2, avoid: '', notes: NOTE };
    const composed = composePrompt({ style: 'grainy', shot, elements: [], model: { ...FAKEVID_MODEL, negativePrompt: true }, imageAttached: false });
    expect(JSON.stringify(composed)).not.toContain('dimmer');
    expect(composed.prompt).toContain('A door.');
  });
});
