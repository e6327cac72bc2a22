/**
 * Never pay twice at the `openai` provider: a create the service billed and then lost the
 * answer to (a dropped connection, a 500) is reported without `sent: 'no'`, and findSubmitted
 * finds the video it made in the account's list (real SDK paging against the contract server),
 * finds nothing when the create never arrived or only an older identical video exists, and
 * throws when the list cannot be read. Gateway models (any id, size, seconds from a registry
 * override) go out as they are.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiProvider } from '../../main/providers/openai-provider';
import { judgeVideo } from '../../main/providers/openai/lookup';
import { ProviderError, type ProviderRequest } from '../../main/providers/provider';
import { checkRequest, mergeRegistry, parseRegistryOverride, shippedRegistry } from '../../shared/registry/registry';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { pollToEnd, probeClip } from './provider-test-kit';

let server: OpenAiContractServer;
let dir: string;
let logs: string[];
let counter = 0;

const GATEWAY_MODEL = 'seedance-2-lite';

beforeAll(async () => {
  server = await startOpenAiContractServer({
    renderMs: 100,
    steps: 2,
    // A gateway: Sora plus a model of its own, with its own sizes and durations.
    models: { 'sora-2': ['1280x720', '720x1280'], [GATEWAY_MODEL]: ['864x480', '480x864'] },
    modelSeconds: { [GATEWAY_MODEL]: ['5', '10'] },
  });
  dir = makeTempDir('openai-lookup');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});
afterEach(() => {
  server.clearFaults();
  server.requests.length = 0;
  server.billed.length = 0;
});

function provider(options: { lookupSlackMs?: number } = {}): OpenAiProvider {
  logs = [];
  return new OpenAiProvider({ apiKey: server.apiKey, baseURL: server.baseUrl, log: (line) => logs.push(line), ...options });
}

/** A request with a prompt of its own: the server's list keeps every video of the file. */
function request(overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  counter += 1;
  return { provider: 'openai', model: 'sora-2', prompt: `WIDE: harbour at dawn, take ${counter}`, seconds: 4, size: '1280x720', fps: { num: 24, den: 1 }, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos');
const lists = () => server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/videos');

describe('findSubmitted after a billed create whose answer was lost', () => {
  it('declares the lookup guard and sends the job key with every create', async () => {
    const p = provider();
    expect(p.createGuard).toBe('lookup');
    await p.submit(request(), { idempotencyKey: 'shotline-job-key-1' });
    expect(creates()[0]?.headers['idempotency-key']).toBe('shotline-job-key-1');
  });

  it.each(['billed-drop', 'billed-500'] as const)('%s: the error does not claim "not sent", and the lookup finds the billed video; nothing is created again', async (kind) => {
    const p = provider();
    const req = request({ prompt: 'CLOSE: rain on the window,\nthe street below blurred' });
    server.setFault({ kind, route: 'create' });
    const since = Date.now();
    const error = await failure(p.submit(req, { idempotencyKey: 'shotline-job-2' }));
    expect(error.kind).toBe(kind === 'billed-drop' ? 'network' : 'server');
    expect(error.retryable).toBe(true);
    expect(error.details.sent).toBeUndefined();
    expect(server.billed).toHaveLength(1);

    const found = await p.findSubmitted(req, { idempotencyKey: 'shotline-job-2', since });
    // Matched through the CRLF the multipart prompt came back with.
    expect(found).toEqual({ remoteId: server.billed[0]!.id });
    expect(lists()).toHaveLength(1);
    expect(lists()[0]?.query).toEqual({ order: 'desc', limit: '100' });
    // The found job goes on as any other: poll and download, still one billed create.
    expect((await pollToEnd(p, found!.remoteId)).at(-1)?.state).toBe('completed');
    await p.download(found!.remoteId, path.join(dir, `${kind}.mp4`));
    expect((await probeClip(path.join(dir, `${kind}.mp4`))).width).toBe(1280);
    expect(creates()).toHaveLength(1);
    expect(server.billed).toHaveLength(1);
  });

  it('finds nothing when the create never reached the point of billing', async () => {
    const p = provider();
    const req = request();
    // An identical prompt at another size, and the same settings with another prompt, are not it.
    await p.submit({ ...req, size: '720x1280' }, { idempotencyKey: 'other-1' });
    await p.submit({ ...req, prompt: `${req.prompt}, from above` }, { idempotencyKey: 'other-2' });
    server.setFault({ kind: 'status', route: 'create', status: 500 });
    const since = Date.now();
    expect((await failure(p.submit(req, { idempotencyKey: 'shotline-job-3' }))).kind).toBe('server');
    expect(server.billed).toHaveLength(2);
    expect(await p.findSubmitted(req, { idempotencyKey: 'shotline-job-3', since })).toBeNull();
  });

  it('ignores an identical video made before `since`; an extra slack widens the window', async () => {
    const req = request();
    const since = Date.now();
    server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since - 5 * 60_000 });
    const close = server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since - 30_000 });
    expect(await provider().findSubmitted(req, { idempotencyKey: 'k', since })).toBeNull();
    // With a minute of slack (a service whose clock runs behind), the one 30 s before counts.
    expect(await provider({ lookupSlackMs: 60_000 }).findSubmitted(req, { idempotencyKey: 'k', since })).toEqual({ remoteId: close });
  });

  it('of identical videos in the window, takes the newest (an older one is most often an earlier take)', async () => {
    const p = provider();
    const req = request();
    // `since` as the queue passes it: the first attempt less its clock slack.
    const since = Date.now() - 5 * 60_000;
    server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since - 50_000 });
    server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since + 60_000 });
    const mine = server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since + 5 * 60_000 });
    expect(await p.findSubmitted(req, { idempotencyKey: 'k', since })).toEqual({ remoteId: mine });
    expect(logs.join('\n')).toContain('the newest of 2 identical videos');
  });

  it('never claims a video another job of the project already holds', async () => {
    const p = provider();
    const req = request();
    const since = Date.now() - 5 * 60_000;
    const other = server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since + 60_000 });
    const mine = server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since + 30_000 });
    // The newer identical video is another take's: this job's is the older one.
    expect(await p.findSubmitted(req, { idempotencyKey: 'k', since, taken: new Set([other]) })).toEqual({ remoteId: mine });
    expect(await p.findSubmitted(req, { idempotencyKey: 'k', since, taken: new Set([other, mine]) })).toBeNull();
  });

  it('pages through newer videos with the SDK cursor, and stops at the first page that reaches older ones', async () => {
    const p = provider();
    const req = request();
    const since = Date.now() - 10 * 60_000;
    const target = server.seedVideo({ model: req.model, prompt: req.prompt, seconds: '4', size: req.size, createdAt: since + 1_000 });
    // 150 newer videos push the target onto the second page; 150 older ones follow it.
    for (let i = 0; i < 150; i += 1) server.seedVideo({ model: 'sora-2', prompt: `newer ${i}`, seconds: '4', size: '1280x720', createdAt: since + 60_000 + i });
    for (let i = 0; i < 150; i += 1) server.seedVideo({ model: 'sora-2', prompt: `older ${i}`, seconds: '4', size: '1280x720', createdAt: since - 3_600_000 - i });
    expect(await p.findSubmitted(req, { idempotencyKey: 'k', since })).toEqual({ remoteId: target });
    expect(lists().map((r) => r.query.after !== undefined)).toEqual([false, true]);
  });

  it('throws when the list cannot be read (after the SDK retries a read), so the queue resends nothing', async () => {
    const p = provider();
    server.setFault({ kind: 'status', route: 'list', status: 500, times: 3, retryAfterSeconds: 0 });
    const error = await failure(p.findSubmitted(request(), { idempotencyKey: 'k', since: Date.now() }));
    expect(error.kind).toBe('server');
    expect(lists().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(creates()).toHaveLength(0);

    server.setFault({ kind: 'status', route: 'list', status: 401, times: 1 });
    expect((await failure(p.findSubmitted(request(), { idempotencyKey: 'k', since: Date.now() }))).kind).toBe('auth');
  });

  it('finds a remix whose answer was lost by its source video and prompt', async () => {
    const p = provider();
    const source = await p.submit(request(), { idempotencyKey: 'src' });
    await pollToEnd(p, source.remoteId);
    server.setFault({ kind: 'billed-drop', route: 'remix' });
    const since = Date.now();
    const remix = request({ prompt: 'the same harbour, now at night', remixOf: { takeId: 'take-1', remoteId: source.remoteId } });
    expect((await failure(p.remix(source.remoteId, remix.prompt, { idempotencyKey: 'rmx' }))).details.sent).toBeUndefined();
    const billedRemix = server.billed.find((b) => b.route === 'remix')!;
    expect(await p.findSubmitted(remix, { idempotencyKey: 'rmx', since })).toEqual({ remoteId: billedRemix.id });
    // A plain create with the remix's prompt is not the remix.
    expect(await p.findSubmitted({ ...remix, remixOf: undefined }, { idempotencyKey: 'rmx', since })).toBeNull();
  });

  it('judges a video whose echo lacks the prompt as unknown rather than "not made"', () => {
    const req = request();
    const video = { id: 'video_x', model: req.model, size: req.size as '1280x720', seconds: '4', remixed_from_video_id: null, created_at: 0 };
    expect(judgeVideo({ ...video, prompt: req.prompt }, req)).toBe('match');
    expect(judgeVideo({ ...video, prompt: null }, req)).toBe('unsure');
    expect(judgeVideo({ ...video, model: 'sora-2-2025-10-06', prompt: req.prompt }, req)).toBe('match');
    expect(judgeVideo({ ...video, model: 'sora-2-pro', prompt: req.prompt }, req)).toBe('other');
    expect(judgeVideo({ ...video, seconds: '8', prompt: req.prompt }, req)).toBe('other');
  });

  it('refuses to guess for a still: the Images API keeps no list', async () => {
    const error = await failure(provider().findSubmitted(request({ output: 'image', model: 'gpt-image-1.5:low', size: '1024x1024' }), { idempotencyKey: 'k', since: Date.now() }));
    expect(error.message).toMatch(/keeps no list/);
    // Not retryable: the queue would only ask again for nothing.
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});

describe('gateway models on the same contract', () => {
  /** A user's override entry for a model the gateway serves and Shotline never heard of. */
  const override = parseRegistryOverride([
    {
      provider: 'openai',
      model: GATEWAY_MODEL,
      displayName: 'Seedance 2 Lite (gateway)',
      promptFamily: 'sora',
      sizes: ['864x480', '480x864'],
      seconds: { values: [5, 10] },
      imageInputs: { firstFrame: true, lastFrame: false, maxReferences: 0, referencesExcludeFrames: false },
      audio: false,
      negativePrompt: false,
      prices: [{ sizes: ['*'], usdPerSecond: 0.02, source: 'third-party' }],
      status: { state: 'active' },
    },
  ]);

  it('sends an override model with its own size and seconds exactly as given, and gets a clip of that size', async () => {
    const { registry } = mergeRegistry(shippedRegistry(), override);
    const req = request({ model: GATEWAY_MODEL, size: '864x480', seconds: 5 });
    expect(checkRequest(registry, { provider: 'openai', model: req.model, size: req.size, seconds: req.seconds, baseUrl: server.baseUrl }).ok).toBe(true);

    const p = provider();
    const { remoteId } = await p.submit(req, { idempotencyKey: 'gw-1' });
    expect(creates()[0]?.fields).toEqual({ model: GATEWAY_MODEL, prompt: req.prompt, seconds: '5', size: '864x480' });
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');
    await p.download(remoteId, path.join(dir, 'gateway.mp4'));
    const probe = await probeClip(path.join(dir, 'gateway.mp4'));
    expect([probe.width, probe.height]).toEqual([864, 480]);
    expect(probe.duration).toBeCloseTo(5, 0);
  });

  it('finds a billed-then-dropped gateway create by its own model, size and seconds', async () => {
    const p = provider();
    const req = request({ model: GATEWAY_MODEL, size: '480x864', seconds: 10 });
    server.setFault({ kind: 'billed-drop', route: 'create' });
    const since = Date.now();
    await failure(p.submit(req, { idempotencyKey: 'gw-2' }));
    expect(await p.findSubmitted(req, { idempotencyKey: 'gw-2', since })).toEqual({ remoteId: server.billed[0]!.id });
    expect(await p.findSubmitted({ ...req, seconds: 5 }, { idempotencyKey: 'gw-2', since })).toBeNull();
  });

  it("leaves what a gateway does not serve to the gateway's own refusal", async () => {
    const error = await failure(provider().submit(request({ model: GATEWAY_MODEL, size: '1280x720', seconds: 5 }), { idempotencyKey: 'gw-3' }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain(`Supported values for ${GATEWAY_MODEL}`);
    expect(creates()).toHaveLength(1);
  });
});
