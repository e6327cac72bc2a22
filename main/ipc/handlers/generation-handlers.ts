/** Handlers for generation: estimates, jobs, takes, spend, and API keys (write-only). */
import type { SecretsStatus } from '../../../shared/contract/generation';
import { generationFor } from '../../generation/session-generation';
import { TakeService } from '../../generation/take-service';
import type { AppSession } from '../../services/app-session';
import type { Handlers } from '../dispatch';

type GenerationCalls =
  | 'generation.estimate'
  | 'generation.start'
  | 'generation.spend'
  | 'jobs.list'
  | 'jobs.cancel'
  | 'takes.list'
  | 'takes.select'
  | 'takes.delete'
  | 'takes.remix'
  | 'secrets.set'
  | 'secrets.clear'
  | 'secrets.status';

export function generationHandlers(session: AppSession): Pick<Handlers, GenerationCalls> {
  const generation = () => generationFor(session);
  const takes = () => new TakeService(session.requireStore());
  const keyStatus = (provider: string) => {
    const secrets = generation().secrets;
    return secrets.status().find((s) => s.provider === provider) ?? { provider, isSet: false, source: null };
  };
  return {
    'generation.estimate': (input) => generation().estimate(input),
    'generation.start': (input) => generation().start(input),
    'generation.spend': () => generation().ledger(),
    'jobs.list': () => generation().requireQueue().repo.listJobs(),
    'jobs.cancel': ({ jobId }) => generation().cancel(jobId),
    'takes.list': ({ shotId }) => takes().list(shotId),
    'takes.select': ({ shotId, takeId }) => {
      takes().select(shotId, takeId);
      return null;
    },
    'takes.delete': ({ takeId }) => {
      takes().delete(takeId);
      return null;
    },
    'takes.remix': ({ takeId, prompt }) => generation().remix(takeId, prompt),
    // Keys go in, never out: every answer is a status.
    'secrets.set': ({ provider, key }) => {
      generation().secrets.set(provider, key);
      return keyStatus(provider);
    },
    'secrets.clear': ({ provider }) => {
      generation().secrets.clear(provider);
      return keyStatus(provider);
    },
    'secrets.status': (): SecretsStatus => ({ keys: generation().secrets.status(), warning: generation().secrets.warning }),
  };
}
