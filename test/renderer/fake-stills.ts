/**
 * The fake client's answers for stills and priced follow-ups, as main gives them: a still is
 * estimated with the free local still unless a test sets another estimate; `generation.still`
 * and `elements.generateSheet` queue a job of their kind; `takes.useAsFirstFrame` puts the frame
 * first among the shot's references and turns "continue" off; remix, extend and edit queue a
 * job linked to its take, and `takes.estimateFollowUp` answers what `followUpEstimate` says.
 */
import type { FollowUpEstimate, FollowUpInput } from '../../shared/contract/generation';
import type { StillEstimate } from '../../shared/contract/stills';
import type { Element, Job, Shot, Take } from '../../shared/domain';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { fakeId } from './fake-client';

/** The parts of the fake client these answers read and change. */
export interface FakeStillsHost {
  shots: Shot[];
  elements: Element[];
  takes: Take[];
  stillEstimate: StillEstimate;
  followUpEstimate(input: FollowUpInput): FollowUpEstimate;
  /** Jobs the still, sheet and follow-up calls queued, oldest first. */
  queued: Job[];
}

export const FREE_STILL_ESTIMATE: StillEstimate = {
  provider: 'animatic',
  model: 'animatic-still',
  displayName: 'Animatic still (ffmpeg, local)',
  size: '1280x720',
  usd: 0,
  text: '$0.00',
  problem: null,
};

export function fakeJob(fields: Partial<Job>): Job {
  const now = new Date().toISOString();
  return {
    id: fakeId(), kind: 'generate', shotId: null, elementId: null, provider: 'animatic', model: 'animatic', status: 'queued', progress: 0,
    remoteId: null, takeId: null, parentTakeId: null, estimateUsd: 0, attempts: 0, message: '', waitingFor: null, createdAt: now, updatedAt: now,
    ...fields,
  };
}

/** A still frame take of a shot, as main stores one (an image, never the shot's clip). */
export function makeStillTake(take: Take): Take {
  const file = `media/takes/${take.id}/still.png`;
  return { ...take, provider: 'animatic', model: 'animatic-still', durationSeconds: null, request: { ...take.request, model: 'animatic-still', output: 'image' }, files: { original: file, normalised: null, poster: null, filmstrip: null } };
}

function notFound(name: string, what: string): never {
  throw new ContractCallError(name, { code: 'not_found', message: `${what} does not exist (it may have been deleted). Reload the project.` });
}

/** The answer for one of these calls, or undefined for any other call. */
export function answerStills(host: FakeStillsHost, name: string, input: Record<string, unknown>): unknown {
  const queue = (fields: Partial<Job>) => {
    const job = fakeJob(fields);
    host.queued.push(job);
    return structuredClone(job);
  };
  const takeOf = (id: unknown) => host.takes.find((t) => t.id === id) ?? notFound(name, `Take ${String(id)}`);
  const choice = { provider: (input.provider as string) ?? host.stillEstimate.provider!, model: (input.model as string) ?? host.stillEstimate.model! };
  switch (name) {
    case 'generation.estimateStill':
      // A model picked in the panel: priced as a paid still of that model.
      if (input.model) return { ...structuredClone(host.stillEstimate), provider: input.provider as string, model: input.model as string, displayName: input.model as string, usd: 0.05, text: '$0.05' };
      return structuredClone(host.stillEstimate);
    case 'generation.still':
      if (!host.shots.some((s) => s.id === input.shotId)) notFound(name, `Shot ${String(input.shotId)}`);
      return queue({ kind: 'still', shotId: input.shotId as string, ...choice, estimateUsd: host.stillEstimate.usd ?? 0 });
    case 'elements.generateSheet':
      if (!host.elements.some((e) => e.id === input.elementId)) notFound(name, `Element ${String(input.elementId)}`);
      return queue({ kind: 'sheet', elementId: input.elementId as string, ...choice });
    case 'takes.useAsFirstFrame': {
      const take = takeOf(input.takeId);
      if (take.request.output !== 'image') {
        throw new ContractCallError(name, { code: 'refused', message: 'Only a still frame can become the first frame; this take is a clip. Make a still of the shot first.' });
      }
      const shot = host.shots.find((s) => s.id === take.shotId) ?? notFound(name, 'The shot');
      const image = { id: fakeId(), path: `media/refs/${take.id}.png`, name: `still ${take.createdAt.slice(0, 10)}.png`, fit: 'cover' as const, width: 1280, height: 720 };
      shot.references = [image, ...shot.references.filter((r) => r.path !== image.path)];
      shot.continuePrevious = false;
      return structuredClone(shot);
    }
    case 'takes.estimateFollowUp':
      return host.followUpEstimate(input as FollowUpInput);
    case 'takes.remix':
    case 'takes.extend':
    case 'takes.edit': {
      const take = takeOf(input.takeId);
      const kind = name.slice('takes.'.length) as 'remix' | 'extend' | 'edit';
      return queue({ kind, shotId: take.shotId, provider: take.provider, model: take.model, parentTakeId: take.id });
    }
    case 'jobs.retryFollowUp': {
      const old = host.queued.find((j) => j.id === input.jobId) ?? notFound(name, `Job ${String(input.jobId)}`);
      return queue({ kind: old.kind, shotId: old.shotId, provider: old.provider, model: old.model, parentTakeId: old.parentTakeId });
    }
    default:
      return undefined;
  }
}
