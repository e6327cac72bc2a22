/**
 * The queue with the local animatic provider (real ffmpeg, offline, $0): a title-card shot, a
 * shot whose reference image is its first frame, and a shot that continues the previous one
 * from its last frame fitted to the exact size; and a local job caught mid-render re-runs.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Take } from '../../shared/domain';
import type { StartResult } from '../../shared/contract/generation';
import type { GenerationRequest } from '../../shared/domain';
import { sha256Hex } from '../../main/generation/request-hash';
import { cleanupTempDirs, makeImage } from '../helpers/make-media';
import { ffmpegIngest } from '../../main/generation/ingest';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { makeHarness, ok } from './harness';

afterAll(() => cleanupTempDirs());

describe('generation with the animatic provider', () => {
  it('renders offline, uses the reference as first frame, and continues from the previous take', { timeout: 120_000 }, async () => {
    const h = await makeHarness({ size: '640x360', overrides: { ingest: ffmpegIngest(() => locateFfmpeg(processLocatorInputs(null))) } });
    const refRel = 'media/refs/red.png';
    fs.mkdirSync(h.store.resolve('media/refs'), { recursive: true });
    await makeImage(h.store.resolve(refRel), { width: 200, height: 300, color: '#ff0000' });
    const card = h.store.shots.add(undefined, { title: 'Title', prompt: 'A lighthouse.', seconds: 1 });
    const withRef = h.store.shots.add(undefined, { title: 'Red', prompt: 'Red light.', seconds: 1, cameraMove: 'push in' });
    h.store.shots.setReferences(withRef.id, [{ id: crypto.randomUUID(), path: refRel, name: 'red.png', fit: 'cover', width: 200, height: 300 }]);
    const cont = h.store.shots.add(undefined, { title: 'After', prompt: 'Later.', seconds: 1, continuePrevious: true });
    expect(card.provider).toBe('animatic');

    // One start: the continued shot waits in main's queue for the previous shot's take.
    const first = ok<StartResult>(await h.call('generation.start', { onlyMissing: true }));
    expect(first.estimateUsd).toBe(0);
    expect(first.jobs.map((j) => j.status)).toEqual(['queued', 'queued', 'waiting']);
    expect(first.jobs[2]).toMatchObject({ shotId: cont.id, waitingFor: withRef.id, message: expect.stringMatching(/Waiting for the take of "Red"/) });
    expect(first.deferred).toEqual([]);
    await h.generation.idle();
    expect(h.store.jobs.find(first.jobs[2]!.id)).toMatchObject({ status: 'done', waitingFor: null });

    for (const shot of h.store.shots.list()) {
      const takes = ok<Take[]>(await h.call('takes.list', { shotId: shot.id }));
      expect(takes, shot.title).toHaveLength(1);
      expect(takes[0]!.files.normalised).not.toBeNull();
      expect(shot.selectedTakeId).toBe(takes[0]!.id);
    }
    const refTake = ok<Take[]>(await h.call('takes.list', { shotId: withRef.id }))[0]!;
    const refReq = refTake.request as unknown as GenerationRequest;
    expect(refReq.firstFrame).toMatchObject({ width: 640, height: 360, mime: 'image/png' });
    expect(refReq.card?.cameraMove).toBe('push in');
    const contReq = ok<Take[]>(await h.call('takes.list', { shotId: cont.id }))[0]!.request as unknown as GenerationRequest;
    expect(contReq.firstFrame).toMatchObject({ width: 640, height: 360 });
    // The stored hash is the hash of the bytes that were sent, and the file is kept.
    const bytes = fs.readFileSync(h.store.resolve(contReq.firstFrame!.file));
    expect(sha256Hex(bytes)).toBe(contReq.firstFrame!.sha256);
    expect(contReq.firstFrame!.sha256).not.toBe(refReq.firstFrame!.sha256);
    expect(h.store.ledger.list()).toHaveLength(0);
  });

  it('re-runs a local job that was mid-render when the app stopped', { timeout: 60_000 }, async () => {
    const h = await makeHarness({ size: '640x360' });
    const shot = h.store.shots.add(undefined, { title: 'Again', prompt: 'Waves.', seconds: 1 });
    const repo = h.store.jobs;
    const request: GenerationRequest = { provider: 'animatic', model: 'animatic', prompt: 'Waves.', seconds: 1, size: '640x360', fps: { num: 24, den: 1 }, card: { title: 'Again', text: 'Waves.', cameraMove: '' } };
    const job = repo.insert({ kind: 'generate', shotId: shot.id, request, hash: 'local-1', estimateUsd: 0 });
    repo.update(job.id, { status: 'running', remoteId: 'animatic-from-a-dead-process' });
    const dir = h.store.dir;
    await h.app.workspace.close();
    await h.app.workspace.open(dir);
    await h.queue.idle();
    const after = h.store.jobs.find(job.id)!;
    expect(after.status, after.message).toBe('done');
    expect(after.remoteId).not.toBe('animatic-from-a-dead-process');
    expect(h.store.shots.get(shot.id).selectedTakeId).toBe(after.takeId);
  });
});
