/**
 * Where a still from an image model goes once it has arrived: a shot's still becomes a frame
 * take (kept with the shot's takes, shown on its card, never selected as the shot's clip); an
 * element's reference sheet becomes one more image of the element (media/refs, like a dropped
 * image). One commit each, with the job's end.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newTake } from '../../shared/defaults';
import type { Element, GenerationRequest, Job, Take } from '../../shared/domain';
import { importReferenceImage } from '../media/import-reference';
import type { JobChange } from '../store/job-repository';
import type { ProjectStore } from '../store/project-store';
import { ingestStill } from './ingest-still';

export interface LandStillDeps {
  store: ProjectStore;
  /** Commits a job change and tells listeners (the queue's `update`). */
  update(id: string, change: JobChange): Job;
}

export type LandedStill = { take: Take; element?: undefined } | { element: Element; take?: undefined };

/** `downloaded`: the project-relative file the still was downloaded to. */
export async function landStill(deps: LandStillDeps, job: Job, request: GenerationRequest, downloaded: string): Promise<LandedStill> {
  const { store } = deps;
  if (job.elementId) {
    const image = await importReferenceImage(store.dir, { path: store.resolve(downloaded) });
    // The download folder is spent: the sheet now lives in media/refs under its hash.
    fs.rmSync(store.resolve(path.posix.dirname(downloaded)), { recursive: true, force: true });
    const named = { ...image, name: `reference sheet (${request.model.replaceAll('/', '-')}).${path.extname(image.path).slice(1)}` };
    const element = store.transaction(() => {
      const current = store.elements.get(job.elementId!);
      const updated = store.elements.update(current.id, { images: [...current.images, named] });
      deps.update(job.id, { status: 'done', progress: 1, message: 'Reference sheet added to the element.' });
      return updated;
    });
    return { element };
  }
  const still = await ingestStill(downloaded, (rel) => store.resolve(rel));
  const take: Take = newTake({
    id: crypto.randomUUID(),
    shotId: job.shotId!,
    parentTakeId: null,
    request,
    requestHash: store.jobs.hash(job.id),
    remoteId: job.remoteId,
    costUsd: job.estimateUsd,
    durationSeconds: null,
    files: { original: still.original, normalised: null, poster: still.poster, filmstrip: null },
    now: new Date().toISOString(),
  });
  // A frame take is not a clip: the shot's selected take stays as it is.
  store.transaction(() => {
    store.takes.insert(take);
    deps.update(job.id, { status: 'done', progress: 1, takeId: take.id, message: 'Still frame ready.' });
  });
  return { take };
}
