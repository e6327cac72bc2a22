/** Handlers for generation: estimates, jobs, takes, spend, and API keys (write-only). */
import type { SecretsStatus } from '../../../shared/contract/generation';
import type { AppServices } from '../../app/compose';
import type { Handlers } from '../dispatch';

type GenerationCalls =
  | 'generation.estimate'
  | 'generation.start'
  | 'generation.spend'
  | 'jobs.list'
  | 'jobs.cancel'
  | 'jobs.resend'
  | 'jobs.retryFollowUp'
  | 'takes.list'
  | 'takes.select'
  | 'takes.delete'
  | 'takes.remix'
  | 'takes.extend'
  | 'takes.edit'
  | 'takes.estimateFollowUp'
  | 'secrets.set'
  | 'secrets.clear'
  | 'secrets.status';

export function generationHandlers(app: AppServices): Pick<Handlers, GenerationCalls> {
  const project = () => app.workspace.require();
  const keyStatus = (provider: string) => app.secrets.status().find((s) => s.provider === provider) ?? { provider, isSet: false, source: null };
  return {
    'generation.estimate': (input) => project().generation.estimate(input),
    'generation.start': (input) => project().generation.start(input),
    'generation.spend': () => project().generation.ledger(),
    'jobs.list': () => project().store.jobs.list(),
    'jobs.cancel': ({ jobId }) => project().generation.cancel(jobId),
    'jobs.resend': ({ jobId }) => project().generation.resend(jobId),
    'jobs.retryFollowUp': ({ jobId }) => project().generation.retryFollowUp(jobId),
    'takes.list': ({ shotId }) => project().takes.list(shotId),
    'takes.select': ({ shotId, takeId }) => {
      project().takes.select(shotId, takeId);
      return null;
    },
    'takes.delete': ({ takeId }) => {
      project().takes.delete(takeId);
      return null;
    },
    'takes.remix': ({ takeId, prompt }) => project().generation.remix(takeId, prompt),
    'takes.extend': ({ takeId, prompt, seconds }) => project().generation.extend(takeId, { prompt, seconds }),
    'takes.edit': ({ takeId, prompt, model }) => project().generation.edit(takeId, { prompt, model }),
    'takes.estimateFollowUp': (input) => project().generation.estimateFollowUp(input),
    // Keys go in, never out: every answer is a status.
    'secrets.set': ({ provider, key }) => {
      app.secrets.set(provider, key);
      return keyStatus(provider);
    },
    'secrets.clear': ({ provider }) => {
      app.secrets.clear(provider);
      return keyStatus(provider);
    },
    'secrets.status': (): SecretsStatus => ({ keys: app.secrets.status(), warning: app.secrets.warning }),
  };
}
