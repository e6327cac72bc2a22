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
import { classifyHttpFailure } from '../../main/providers/http-errors';
import { ProviderError, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../../main/providers/provider';

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
  ) {}

  private async call(method: string, path: string, doing: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      throw new ProviderError('network', `Could not reach Fakevid while ${doing} (${(error as Error).message}).`);
    }
    if (!response.ok) throw classifyHttpFailure('Fakevid', doing, { status: response.status, message: await response.text() });
    return response;
  }

  async submit(request: ProviderRequest, { signal }: SubmitOptions): Promise<SubmitResult> {
    const [width, height] = request.size.split('x').map(Number);
    const job = (await (await this.call('POST', '/v2/jobs', 'creating a job', { prompt: request.prompt, width, height, seconds: request.seconds }, signal)).json()) as { id: string };
    return { remoteId: job.id };
  }

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const job = (await (await this.call('GET', `/v2/jobs/${remoteId}`, `checking ${remoteId}`, undefined, signal)).json()) as { state: string; progress: number };
    return { state: job.state === 'done' ? 'completed' : job.state === 'rendering' ? 'running' : 'queued', progress: job.progress };
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

export const fakevidAdapter: AdapterFactory = ({ apiKey, baseUrl }) => {
  if (!apiKey) throw new Error('Fakevid needs a key (FAKEVID_TOKEN, or Settings).');
  if (!baseUrl) throw new Error('Fakevid needs a base URL (FAKEVID_BASE_URL, or Settings).');
  return new FakevidProvider(apiKey, baseUrl);
};
