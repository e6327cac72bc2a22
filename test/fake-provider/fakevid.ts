/**
 * Everything a new provider is: a descriptor and a model entry (data, as they would stand in
 * shared/registry/models.json) and one adapter. Tests register these through the composition
 * root's overrides and nothing else; no screen, key store or command is told about Fakevid.
 */
import type { Registry } from '../../shared/registry/registry';
import { shippedRegistry } from '../../shared/registry/registry';
import type { ModelEntry, ProviderEntry } from '../../shared/registry/registry-schema';
import type { AdapterFactory } from '../../main/providers';
import { downloadResponseToFile } from '../../main/providers/download-to-file';
import { classifyHttpFailure, neverSent } from '../../main/providers/http-errors';
import { ProviderError, type CreateGuard, type FindSubmittedOptions, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../../main/providers/provider';

export const FAKEVID_DESCRIPTOR: ProviderEntry = {
  displayName: 'Fakevid (test service)',
  local: false,
  defaultBaseUrl: null,
  auth: { kind: 'apiKey', keyEnv: ['FAKEVID_TOKEN'], baseUrlEnv: ['FAKEVID_BASE_URL'], fields: [] },
  capabilities: { firstFrame: false, lastFrame: false, maxReferences: 0, audio: true, remix: false, edit: false, extend: true, cancel: true, stills: false },
  resume: 'poll',
  billing: { kind: 'per_second' },
};

export const FAKEVID_MODEL: ModelEntry = {
  provider: 'fakevid',
  model: 'fake-1',
  displayName: 'Fake One',
  promptFamily: 'sora',
  output: 'video',
  sizes: ['640x360'],
  seconds: { values: [2, 4] },
  imageInputs: { firstFrame: false, lastFrame: false, maxReferences: 0, referencesExcludeFrames: false },
  audio: true,
  negativePrompt: false,
  constraints: [],
  prices: [{ sizes: ['*'], usdPerSecond: 0.05, source: 'provider' }],
  status: { state: 'active' },
};

/** The shipped registry with Fakevid added. */
export function registryWithFakevid(): Registry {
  const shipped = shippedRegistry();
  return { ...shipped, providers: { ...shipped.providers, fakevid: FAKEVID_DESCRIPTOR }, models: [...shipped.models, FAKEVID_MODEL] };
}

class FakevidProvider implements VideoProvider {
  readonly id = 'fakevid';
  constructor(
    private readonly key: string,
    private readonly baseUrl: string,
    /** Fakevid offers both a key and a list: tests pick which one the adapter relies on. */
    readonly createGuard: CreateGuard,
  ) {}

  private async call(method: string, path: string, doing: string, body?: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      throw new ProviderError('network', `Could not reach Fakevid while ${doing} (${(error as Error).message}).`, neverSent(error) ? { sent: 'no' } : {});
    }
    if (!response.ok) throw classifyHttpFailure('Fakevid', doing, { status: response.status, message: await response.text() });
    return response;
  }

  async submit(request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
    const [width, height] = request.size.split('x').map(Number);
    const headers: Record<string, string> = this.createGuard === 'idempotency-key' ? { 'idempotency-key': idempotencyKey } : {};
    const body = { prompt: request.prompt, width, height, seconds: request.seconds };
    const job = (await (await this.call('POST', '/v2/jobs', 'creating a job', body, signal, headers)).json()) as { id: string };
    return { remoteId: job.id };
  }

  async findSubmitted(request: ProviderRequest, { since, taken, signal }: FindSubmittedOptions): Promise<SubmitResult | null> {
    const { jobs } = (await (await this.call('GET', `/v2/jobs?created_after=${since}`, 'listing recent jobs', undefined, signal)).json()) as { jobs: Array<{ id: string; prompt: string }> };
    const found = jobs.find((j) => j.prompt === request.prompt && !taken?.has(j.id));
    return found ? { remoteId: found.id } : null;
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const job = (await (await this.call('GET', `/v2/jobs/${remoteId}`, `checking ${remoteId}`, undefined, signal)).json()) as { state: string; progress: number; cost_usd?: number };
    return {
      state: job.state === 'done' ? 'completed' : job.state === 'rendering' ? 'running' : 'queued',
      progress: job.progress,
      ...(job.cost_usd !== undefined ? { billed: { amount: job.cost_usd, unit: 'usd' as const } } : {}),
    };
  }

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const response = await this.call('GET', `/v2/jobs/${remoteId}/file`, `downloading ${remoteId}`, undefined, signal);
    await downloadResponseToFile(response, destination, { what: `Fakevid video ${remoteId}` }, signal);
  }

  async extend(remoteId: string, request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    const job = (await (await this.call('POST', `/v2/jobs/${remoteId}/extend`, `extending ${remoteId}`, { prompt: request.prompt, seconds: request.seconds }, signal)).json()) as { id: string };
    return { remoteId: job.id };
  }

  async cancel(remoteId: string): Promise<void> {
    await this.call('POST', `/v2/jobs/${remoteId}/cancel`, `cancelling ${remoteId}`);
  }
}

/** Fakevid's adapter relying on one of its create guards (default: its idempotency key). */
export function fakevidAdapterWith(guard: CreateGuard): AdapterFactory {
  return ({ apiKey, baseUrl }) => {
    if (!apiKey) throw new Error('Fakevid needs a key (FAKEVID_TOKEN, or Settings).');
    if (!baseUrl) throw new Error('Fakevid needs a base URL (FAKEVID_BASE_URL, or Settings).');
    return new FakevidProvider(apiKey, baseUrl, guard);
  };
}

export const fakevidAdapter: AdapterFactory = fakevidAdapterWith('idempotency-key');
