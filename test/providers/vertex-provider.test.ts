/**
 * The `vertex` provider driving the real `@google/genai` SDK (vertexai: true) and the real
 * google-auth-library against the Vertex contract server over real HTTP: a service-account key
 * whose signed JWT is exchanged for a token at the server's OAuth origin (google-auth-library
 * always sends that grant to oauth2.googleapis.com, so the test routes its transport there),
 * a workload-identity file exchanged at its STS origin with no routing at all, the create and
 * fetchPredictOperation bodies, a real MP4 returned inline, extension with the previous video,
 * and every fault.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type ImageInput, type ProviderRequest } from '../../main/providers/provider';
import { VertexProvider, type VertexProviderOptions } from '../../main/providers/vertex/vertex-provider';
import { checkRequest, findModel, shippedRegistry } from '../../shared/registry/registry';
import vertexFile from '../../shared/registry/providers/vertex.json';
import { startVertexContractServer, writeExternalAccountFile, writeServiceAccountKey, type VertexContractServer } from '../contract-servers/vertex-server';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { expectCutDownloadRecovers, expectExpiredDownload, expectProviderError, filesIn, pollToEnd, probeClip } from './provider-test-kit';

let server: VertexContractServer;
let dir: string;
let keyFile: string;
let logs: string[];

beforeAll(async () => {
  server = await startVertexContractServer({ renderMs: 200, steps: 2 });
  dir = makeTempDir('vertex-provider');
  keyFile = writeServiceAccountKey(server, path.join(dir, 'keys'));
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

/** google-auth-library sends every service-account grant to Google's token URL; send it to the key file's token_uri (the server) instead. */
function routeTokens(): NonNullable<VertexProviderOptions['googleAuthOptions']> {
  return {
    clientOptions: {
      transporterOptions: {
        fetchImplementation: (input: string | URL | Request, init?: RequestInit) => {
          const url = input instanceof Request ? input.url : String(input);
          return fetch(url.startsWith('https://oauth2.googleapis.com/token') ? server.tokenUrl : input, init);
        },
      },
    },
  };
}

function provider(options: Partial<VertexProviderOptions> = {}): VertexProvider {
  logs = [];
  return new VertexProvider({
    project: server.project,
    location: 'us-central1',
    keyFile,
    baseUrl: server.baseUrl,
    googleAuthOptions: routeTokens(),
    log: (line) => logs.push(line),
    ...options,
  });
}

const MODEL = 'veo-3.1-generate-001';
const PREFIX = `/v1/projects/shotline-test/locations/us-central1/publishers/google/models/${MODEL}`;
const KEY = 'shotline-0d7c3e2a-job';
const textRequest: ProviderRequest = { provider: 'vertex', model: MODEL, prompt: 'CLOSE-UP: rain on a window, rack focus', seconds: 4, size: '1280x720', fps: { num: 24, den: 1 } };

async function imageInput(width: number, height: number, color: string): Promise<ImageInput> {
  const name = `${crypto.randomUUID()}.png`;
  const file = await makeImage(path.join(dir, name), { width, height, color });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, file: `media/inputs/${name}`, name, mime: 'image/png', width, height, sha256 };
}

function expectThrows(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

/** A local port nothing listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const api = () => server.requests.filter((r) => r.path.startsWith('/v1/'));
const creates = () => server.requests.filter((r) => r.path.endsWith(':predictLongRunning'));

describe('vertex provider against the Veo predictLongRunning / fetchPredictOperation contract', () => {
  it('gets a token for the service account, sends the documented body, polls and writes the inline MP4', async () => {
    const p = provider();
    const { remoteId } = await p.submit({ ...textRequest, negativePrompt: 'text, watermark' }, { idempotencyKey: KEY });
    expect(remoteId).toMatch(new RegExp(`^projects/shotline-test/locations/us-central1/publishers/google/models/${MODEL}/operations/[0-9a-f-]{36}$`));

    // A real RFC 7523 exchange: the JWT was signed with the key file's private key.
    const grant = server.requests.find((r) => r.path === 'token:/token');
    expect(grant?.status).toBe(200);
    const predict = creates()[0];
    expect(predict?.method).toBe('POST');
    expect(predict?.path).toBe(`${PREFIX}:predictLongRunning`);
    expect(server.issuedTokens()).toContain(predict?.headers.authorization?.replace(/^Bearer /, ''));
    expect(predict?.json).toEqual({
      instances: [{ prompt: textRequest.prompt }],
      parameters: { sampleCount: 1, durationSeconds: 4, aspectRatio: '16:9', resolution: '720p', generateAudio: true, negativePrompt: 'text, watermark' },
      labels: { shotline_job: KEY },
    });
    expect(server.billed).toEqual([{ operation: remoteId, model: MODEL, seconds: 4, resolution: '720p', audio: true, extension: false }]);

    const seen = await pollToEnd(p, remoteId);
    expect(seen[0]).toMatchObject({ state: 'running', progress: 0 });
    expect(seen.at(-1)).toMatchObject({ state: 'completed', progress: 1 });
    const fetches = server.requests.filter((r) => r.path === `${PREFIX}:fetchPredictOperation`);
    expect(fetches.length).toBe(seen.length);
    expect(fetches[0]?.json).toEqual({ operationName: remoteId });

    const dest = path.join(dir, 'text', 'take.mp4');
    await p.download(remoteId, dest);
    // The finished operation seen by the last poll carried the video: no second fetch.
    expect(server.requests.filter((r) => r.path === `${PREFIX}:fetchPredictOperation`).length).toBe(seen.length);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720, video: 'h264', audio: 'aac' });
    expect(probe.duration).toBeCloseTo(4, 0);
    expect(filesIn(path.dirname(dest))).toEqual(['take.mp4']);

    // One token for the whole job, and never in a log line.
    expect(server.requests.filter((r) => r.path === 'token:/token')).toHaveLength(1);
    const text = logs.join('\n');
    for (const token of server.issuedTokens()) expect(text).not.toContain(token);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).toContain(`[vertex] started ${remoteId}`);
  });

  it('sends sound off as generateAudio false (the clip has no sound track), and a portrait 1080p first+last frame clip', async () => {
    const p = provider();
    const silent = await p.submit({ ...textRequest, model: 'veo-3.1-fast-generate-001', audio: false }, { idempotencyKey: KEY });
    expect((creates()[0]?.json as { parameters: { generateAudio: boolean } }).parameters.generateAudio).toBe(false);
    await pollToEnd(p, silent.remoteId);
    await p.download(silent.remoteId, path.join(dir, 'silent', 'take.mp4'));
    expect((await probeClip(path.join(dir, 'silent', 'take.mp4'))).audio).toBeUndefined();

    const firstFrame = await imageInput(1080, 1920, '#224488');
    const lastFrame = await imageInput(1080, 1920, '#884422');
    const { remoteId } = await p.submit({ ...textRequest, seconds: 8, size: '1080x1920', firstFrame, lastFrame }, { idempotencyKey: KEY });
    const predict = creates()[1];
    const body = predict?.json as { instances: Record<string, { mimeType: string; bytesBase64Encoded: string }>[]; parameters: Record<string, unknown> };
    expect(body.parameters).toMatchObject({ durationSeconds: 8, aspectRatio: '9:16', resolution: '1080p', generateAudio: true });
    expect(Buffer.from(body.instances[0]?.image?.bytesBase64Encoded ?? '', 'base64').equals(fs.readFileSync(firstFrame.path))).toBe(true);
    expect(predict?.images?.map((i) => [i.field, i.width, i.height])).toEqual([['image', 1080, 1920], ['lastFrame', 1080, 1920]]);
    await pollToEnd(p, remoteId);
    await p.download(remoteId, path.join(dir, 'portrait', 'take.mp4'));
    expect(await probeClip(path.join(dir, 'portrait', 'take.mp4'))).toMatchObject({ width: 1080, height: 1920 });
  });

  it('sends up to three references as asset images; refuses references at 9:16 or beside a frame before sending', async () => {
    const references = await Promise.all(['#aa0000', '#00aa00', '#0000aa'].map((c) => imageInput(640, 640, c)));
    await provider().submit({ ...textRequest, seconds: 8, references }, { idempotencyKey: KEY });
    const predict = creates()[0];
    expect(predict?.status).toBe(200);
    expect(predict?.images?.map((i) => i.field)).toEqual(['referenceImages[0]', 'referenceImages[1]', 'referenceImages[2]']);
    const body = predict?.json as { instances: { referenceImages: { referenceType: string }[] }[] };
    expect(body.instances[0]?.referenceImages.map((r) => r.referenceType)).toEqual(['ASSET', 'ASSET', 'ASSET']);

    server.requests.length = 0;
    const portrait = await expectProviderError(provider().submit({ ...textRequest, seconds: 8, size: '720x1280', references }, { idempotencyKey: KEY }));
    expect(portrait.kind).toBe('bad_request');
    expect(portrait.message).toContain('16:9');
    const withFrame = await expectProviderError(provider().submit({ ...textRequest, seconds: 8, references, firstFrame: references[0] }, { idempotencyKey: KEY }));
    expect(withFrame.kind).toBe('bad_request');
    expect(api()).toHaveLength(0);
  });

  it('polls from a bare stored operation name, as after a restart, with a fresh client and a fresh token', async () => {
    const { remoteId } = await provider().submit(textRequest, { idempotencyKey: KEY });
    const restarted = provider();
    expect((await pollToEnd(restarted, remoteId)).at(-1)?.state).toBe('completed');
    await restarted.download(remoteId, path.join(dir, 'restart', 'take.mp4'));
    expect(filesIn(path.join(dir, 'restart'))).toEqual(['take.mp4']);
    expect(server.requests.filter((r) => r.path === 'token:/token')).toHaveLength(2);
  });

  it('maps a 400 the service gives (references without 8 s) to bad_request with its words, sent once', async () => {
    const references = [await imageInput(640, 640, '#777777')];
    const error = await expectProviderError(provider().submit({ ...textRequest, seconds: 6, references }, { idempotencyKey: KEY }));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(400);
    expect(error.message).toContain('Reference image to video only supports durationSeconds 8');
    expect(creates()).toHaveLength(1);
    expect(server.billed).toHaveLength(0);
  });

  it('refuses a size Veo does not render before calling the service', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, size: '1792x1024' }, { idempotencyKey: KEY }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('1792x1024');
    expect(server.requests).toHaveLength(0);
  });

  it('maps a retired model to not_found naming the model', async () => {
    const error = await expectProviderError(provider().submit({ ...textRequest, model: 'veo-3.1-generate-preview' }, { idempotencyKey: KEY }));
    expect(error.kind).toBe('not_found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('veo-3.1-generate-preview');
    expect(error.message).toMatch(/retired/);
  });

  it('surfaces 429 (with RetryInfo) on create as rate_limit with the delay, sent once', async () => {
    server.setFault({ kind: 'status', route: 'predict', status: 429, retryAfterSeconds: 12 });
    const limited = await expectProviderError(provider().submit(textRequest, { idempotencyKey: KEY }));
    expect(limited.kind).toBe('rate_limit');
    expect(limited.retryable).toBe(true);
    expect(limited.details.retryAfterMs).toBe(12_000);
    expect(limited.message).toContain('Quota exceeded');
    expect(creates().map((r) => r.status)).toEqual([429]);
  });

  it('lets the SDK retry polls: two 500s then OK recovers; without read retries a 500 is a retryable server error', async () => {
    const { remoteId } = await provider().submit(textRequest, { idempotencyKey: KEY });
    server.setFault({ kind: 'status', route: 'fetch', status: 500, times: 2 });
    const result = await provider().poll(remoteId);
    expect(['running', 'completed']).toContain(result.state);
    expect(server.requests.filter((r) => r.path.endsWith(':fetchPredictOperation')).map((r) => r.status)).toEqual([500, 500, 200]);

    server.setFault({ kind: 'status', route: 'fetch', status: 503 });
    const failed = await expectProviderError(provider({ readRetries: 0 }).poll(remoteId));
    expect(failed.kind).toBe('server');
    expect(failed.retryable).toBe(true);
    expect((await pollToEnd(provider(), remoteId)).at(-1)?.state).toBe('completed');
  });

  it('reports a safety-filtered result as a refusal in the service\'s words, and a refused prompt at create without retrying', async () => {
    server.setFault({ kind: 'refusal', message: 'Veo could not generate videos because the input image violates Vertex AI\'s usage guidelines. Support codes: 29310472' });
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: KEY });
    const last = (await pollToEnd(p, remoteId)).at(-1);
    expect(last?.state).toBe('failed');
    expect(last?.error?.kind).toBe('refusal');
    expect(last?.error?.retryable).toBe(false);
    expect(last?.error?.message).toContain('violates Vertex AI\'s usage guidelines. Support codes: 29310472');
    const error = await expectProviderError(p.download(remoteId, path.join(dir, 'refused', 'take.mp4')));
    expect(error.kind).toBe('refusal');
    expect(filesIn(path.join(dir, 'refused'))).toEqual([]);

    server.clearFaults();
    server.requests.length = 0;
    const words = 'The prompt could not be submitted. This prompt contains sensitive words that violate Google\'s Responsible AI practices. Try rephrasing the prompt. Support codes: 17301594';
    server.setFault({ kind: 'status', route: 'predict', status: 400, message: words });
    const refused = await expectProviderError(provider().submit(textRequest, { idempotencyKey: KEY }));
    expect(refused.kind).toBe('refusal');
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain(words);
    expect(creates()).toHaveLength(1);
  });

  it('turns an answer cut off half way into a network error with no file and no .part; the next download works', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: KEY });
    await pollToEnd(provider(), remoteId);
    await expectCutDownloadRecovers(p, remoteId, path.join(dir, 'cut'), () => server.setFault({ kind: 'cut-download' }));
  });

  it('reports an operation whose result is gone as expired, with no file', async () => {
    const p = provider();
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: KEY });
    await pollToEnd(provider(), remoteId);
    const folder = path.join(dir, 'expired');
    const error = await expectExpiredDownload(p, remoteId, folder, () => server.setFault({ kind: 'expired' }));
    expect(error.message).toContain(remoteId);
    expect(filesIn(folder)).toEqual([]);
  });

  it('a create billed and then dropped (or answered 500) is reported without sent: no, and the adapter never resends it (guard none)', async () => {
    const p = provider();
    expect(p.createGuard).toBe('none');
    server.failAfterBilling('drop');
    const dropped = await expectProviderError(p.submit(textRequest, { idempotencyKey: KEY }));
    expect(dropped.kind).toBe('network');
    expect(dropped.details.sent).toBeUndefined();
    expect(server.billed).toHaveLength(1);

    server.failAfterBilling('status');
    const answered500 = await expectProviderError(p.submit(textRequest, { idempotencyKey: `${KEY}-2` }));
    expect(answered500.kind).toBe('server');
    expect(answered500.details.sent).toBeUndefined();
    // One create on the wire per call; what to do next is the queue's (outcome unknown).
    expect(creates()).toHaveLength(2);
    expect(server.billed).toHaveLength(2);
    // Each create carried its job's label, which is how it can be found on the bill.
    expect(creates().map((r) => r.fields?.['label:shotline_job'])).toEqual([KEY, `${KEY}-2`]);
  });

  it('has no cancel (Vertex documents none for Veo operations); a call stopped by its signal is cancelled and nothing is billed', async () => {
    const p = provider();
    expect((p as { cancel?: unknown }).cancel).toBeUndefined();
    expect(vertexFile.provider.capabilities.cancel).toBe(false);
    const controller = new AbortController();
    controller.abort();
    const error = await expectProviderError(p.submit(textRequest, { signal: controller.signal, idempotencyKey: KEY }));
    expect(error.kind).toBe('cancelled');
    expect(error.retryable).toBe(false);
    expect(server.billed).toHaveLength(0);
  });

  it('reports an unreachable service, or token service, as a retryable network error that was never sent', async () => {
    const closed = await closedPort();
    const offline = await expectProviderError(provider({ baseUrl: `http://127.0.0.1:${closed}` }).submit(textRequest, { idempotencyKey: KEY }));
    expect(offline.kind).toBe('network');
    expect(offline.retryable).toBe(true);
    expect(offline.details.sent).toBe('no');

    const noTokens = await expectProviderError(
      provider({
        googleAuthOptions: { clientOptions: { transporterOptions: { fetchImplementation: (_input: string | URL | Request, init?: RequestInit) => fetch(`http://127.0.0.1:${closed}/token`, init) } } },
      }).submit(textRequest, { idempotencyKey: KEY }),
    );
    expect(noTokens.kind).toBe('network');
    expect(noTokens.details.sent).toBe('no');
    expect(noTokens.message).toContain('token service');
    expect(api()).toHaveLength(0);
  });
});

describe('vertex credentials: what is wrong and what to fix', () => {
  it('a key Google does not know (deleted key) is auth naming the key file and the grant error; nothing reaches Vertex', async () => {
    const stranger = writeServiceAccountKey(server, path.join(dir, 'stranger'), 'stranger@shotline-test.iam.gserviceaccount.com');
    // Replace the registered key with another one, as when the key is deleted in the console.
    const other = JSON.parse(fs.readFileSync(writeServiceAccountKey(server, path.join(dir, 'other'), 'someone@shotline-test.iam.gserviceaccount.com'), 'utf8')) as { private_key: string };
    const json = JSON.parse(fs.readFileSync(stranger, 'utf8')) as Record<string, string>;
    fs.writeFileSync(stranger, JSON.stringify({ ...json, private_key: other.private_key }));
    const error = await expectProviderError(provider({ keyFile: stranger }).submit(textRequest, { idempotencyKey: KEY }));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.details.sent).toBe('no');
    expect(error.message).toContain('invalid_grant: Invalid JWT Signature.');
    expect(error.message).toContain(stranger);
    expect(error.message).toMatch(/create a new key/);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(api()).toHaveLength(0);
  });

  it('a missing, non-JSON or non-credentials key file is refused when the adapter is built, saying which file', () => {
    const missing = expectThrows(() => provider({ keyFile: path.join(dir, 'nope.json') }));
    expect(missing.kind).toBe('auth');
    expect(missing.message).toContain('nope.json');
    expect(missing.message).toContain('ENOENT');
    const notJson = path.join(dir, 'key.txt');
    fs.writeFileSync(notJson, 'not json');
    expect(expectThrows(() => provider({ keyFile: notJson })).message).toMatch(/is not JSON/);
    const wrongType = path.join(dir, 'config.json');
    fs.writeFileSync(wrongType, JSON.stringify({ type: 'settings' }));
    expect(expectThrows(() => provider({ keyFile: wrongType })).message).toMatch(/not a Google credentials file/);
    expect(expectThrows(() => provider({ project: ' ' })).message).toMatch(/No Google Cloud project/);
  });

  it('a token Vertex no longer accepts (401) and a project without the role (403) are auth with what to fix', async () => {
    const p = provider();
    await p.submit(textRequest, { idempotencyKey: KEY });
    server.revokeTokens();
    const revoked = await expectProviderError(p.submit(textRequest, { idempotencyKey: KEY }));
    expect(revoked.kind).toBe('auth');
    expect(revoked.details.status).toBe(401);
    expect(revoked.message).toContain('did not accept the access token');
    expect(revoked.message).toContain(keyFile);

    const denied = await expectProviderError(provider({ project: 'someone-elses' }).submit(textRequest, { idempotencyKey: KEY }));
    expect(denied.kind).toBe('auth');
    expect(denied.details).toMatchObject({ status: 403, code: 'PERMISSION_DENIED' });
    expect(denied.message).toContain('someone-elses');
    expect(denied.message).toContain('roles/aiplatform.user');
    expect(denied.message).toContain("Permission 'aiplatform.endpoints.predict' denied");
  });

  it('a workload-identity credentials file works through a real STS exchange with no routing; a wrong subject token is auth', async () => {
    const wif = writeExternalAccountFile(server, path.join(dir, 'wif'));
    const p = new VertexProvider({ project: server.project, keyFile: wif, baseUrl: server.baseUrl, log: () => {} });
    const { remoteId } = await p.submit(textRequest, { idempotencyKey: KEY });
    const exchange = server.requests.find((r) => r.path === 'sts:/v1/token');
    expect(exchange?.status).toBe(200);
    expect(creates()[0]?.path).toBe(`${PREFIX}:predictLongRunning`);
    expect((await pollToEnd(p, remoteId)).at(-1)?.state).toBe('completed');

    const config = JSON.parse(fs.readFileSync(wif, 'utf8')) as { credential_source: { file: string } };
    fs.writeFileSync(config.credential_source.file, 'a-token-the-pool-does-not-trust');
    const error = await expectProviderError(new VertexProvider({ project: server.project, keyFile: wif, baseUrl: server.baseUrl, log: () => {} }).submit(textRequest, { idempotencyKey: KEY }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('invalid_grant');
    expect(error.details.sent).toBe('no');
  });

  it('without a key file it uses Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS here)', async () => {
    const wif = writeExternalAccountFile(server, path.join(dir, 'adc'));
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = wif;
    try {
      const p = new VertexProvider({ project: server.project, baseUrl: server.baseUrl, log: () => {} });
      await p.submit(textRequest, { idempotencyKey: KEY });
      expect(server.requests.filter((r) => r.path === 'sts:/v1/token').map((r) => r.status)).toEqual([200]);
      expect(creates().map((r) => r.status)).toEqual([200]);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });
});

describe('vertex extend', () => {
  it('sends the previous take\'s video inline and renders input + Veo\'s 7 s step at 720p as a new take', async () => {
    const p = provider();
    const first = await p.submit({ ...textRequest, seconds: 8, size: '1920x1080' }, { idempotencyKey: KEY });
    await pollToEnd(p, first.remoteId);
    const parentFile = path.join(dir, 'extend', 'parent.mp4');
    await p.download(first.remoteId, parentFile);

    server.requests.length = 0;
    const request: ProviderRequest = { ...textRequest, seconds: 8, size: '1920x1080', prompt: 'The camera keeps pushing in.', extendOf: { takeId: 't1', remoteId: first.remoteId } };
    // 1080p input: Veo extends at 720p. The 1080p parent is 1920x1080, which the extension takes.
    const ext = await p.extend(first.remoteId, request, { idempotencyKey: `${KEY}-ext` });
    expect(ext.remoteId).not.toBe(first.remoteId);
    const predict = creates()[0];
    const body = predict?.json as { instances: { prompt: string; video: { bytesBase64Encoded: string; mimeType: string } }[]; parameters: Record<string, unknown> };
    expect(body.instances[0]?.prompt).toBe('The camera keeps pushing in.');
    expect(body.instances[0]?.video.mimeType).toBe('video/mp4');
    expect(Buffer.from(body.instances[0]!.video.bytesBase64Encoded, 'base64').equals(fs.readFileSync(parentFile))).toBe(true);
    expect(body.parameters).toEqual({ sampleCount: 1, aspectRatio: '16:9', resolution: '720p', generateAudio: true });
    expect(server.billed.at(-1)).toMatchObject({ extension: true, resolution: '720p', seconds: 15 });

    await pollToEnd(p, ext.remoteId);
    const dest = path.join(dir, 'extend', 'take.mp4');
    await p.download(ext.remoteId, dest);
    const probe = await probeClip(dest);
    expect(probe).toMatchObject({ width: 1280, height: 720 });
    expect(probe.duration).toBeCloseTo(15, 0);
  });

  it('asks for 8 s (the estimate must cover the step) and a parent that still has its video, before sending anything', async () => {
    const p = provider();
    const short = await expectProviderError(p.extend('projects/x/operations/y', { ...textRequest, seconds: 4 }, { idempotencyKey: KEY }));
    expect(short.kind).toBe('bad_request');
    expect(short.message).toContain('8 s');
    expect(server.requests).toHaveLength(0);

    const { remoteId } = await p.submit(textRequest, { idempotencyKey: KEY });
    await pollToEnd(p, remoteId);
    server.setFault({ kind: 'expired' });
    server.requests.length = 0;
    const gone = await expectProviderError(p.extend(remoteId, { ...textRequest, seconds: 8 }, { idempotencyKey: KEY }));
    expect(gone.kind).toBe('expired');
    expect(creates()).toHaveLength(0);
  });
});

describe('vertex in the registry', () => {
  it('ships its models with prices, sources and the retirement window; the Gemini-API Veo ids are retired for Omni', () => {
    const registry = shippedRegistry();
    expect(registry.providers.vertex).toMatchObject({ auth: { kind: 'credentials' }, capabilities: { extend: true, cancel: false, maxReferences: 3 }, resume: 'poll' });
    expect(registry.providers.vertex?.auth.fields.map((f) => [f.key, f.kind, f.env])).toEqual([
      ['project', 'text', ['GOOGLE_CLOUD_PROJECT']],
      ['location', 'text', ['GOOGLE_CLOUD_LOCATION']],
      ['keyFile', 'path', ['GOOGLE_APPLICATION_CREDENTIALS']],
    ]);
    for (const id of ['veo-3.1-generate-001', 'veo-3.1-fast-generate-001', 'veo-3.1-lite-generate-001']) {
      const model = findModel(registry, 'vertex', id)!;
      expect(model.status.state).toBe('active');
      expect(model.prices.every((p) => p.source === 'third-party' && (p.usdPerSecond ?? 0) > 0)).toBe(true);
      expect(checkRequest(registry, { provider: 'vertex', model: id, size: '1280x720', seconds: 4 }).ok).toBe(true);
    }
    expect(findModel(registry, 'vertex', 'veo-3.1-generate-001')?.notes).toContain('on or after 2026-11-17');
    const refsAndFrame = checkRequest(registry, { provider: 'vertex', model: 'veo-3.1-generate-001', size: '1280x720', seconds: 8, firstFrame: true, references: 1 });
    expect(refsAndFrame.ok).toBe(false);
    expect(checkRequest(registry, { provider: 'vertex', model: 'veo-3.1-lite-generate-001', size: '1280x720', seconds: 8, references: 1 }).ok).toBe(false);

    for (const m of registry.models.filter((x) => x.provider === 'google' && x.model.startsWith('veo-'))) {
      expect(m.status).toMatchObject({ state: 'retired', date: '2026-10-22', replacement: { provider: 'google', model: 'gemini-omni-1.1-flash' } });
    }
    const old = checkRequest(registry, { provider: 'google', model: 'veo-3.1-generate-001', size: '1280x720', seconds: 8 });
    expect(old.ok ? '' : old.message).toContain('retired by the provider on 2026-10-22; pick gemini-omni-1.1-flash');
  });
});

describe('the Vertex contract server itself (plain fetch)', () => {
  it('answers without a token 401, with an unknown token 401, and refuses unknown fields and a missing generateAudio', async () => {
    const url = `${server.baseUrl}${PREFIX}:predictLongRunning`;
    const post = (body: unknown, token?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await post({})).status).toBe(401);
    expect((await post({}, 'ya29.made-up')).status).toBe(401);
    await provider().submit(textRequest, { idempotencyKey: KEY });
    const token = server.issuedTokens().at(-1)!;
    const unknown = await post({ instances: [{ prompt: 'x' }], parameters: { generateAudio: true, idempotencyKey: 'k' } }, token);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown name "idempotencyKey"');
    const noAudio = await post({ instances: [{ prompt: 'x' }], parameters: {} }, token);
    expect(((await noAudio.json()) as { error: { message: string } }).error.message).toContain('generateAudio is required');
  });
});
