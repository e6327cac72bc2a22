/**
 * The measure of "a provider is a descriptor plus one adapter": Fakevid (./fakevid.ts) is
 * registered with only its descriptor, its model entry and its adapter, through the
 * composition root's overrides, against its own contract server. It is then generated through
 * from the CLI (its key and base URL found in the environment variables its descriptor names)
 * and from the app over the dev host (its settings and key field listed, its key set through
 * the write-only call, its price estimated, its job run by the queue into a take).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartResult } from '../../shared/contract/generation';
import type { Job } from '../../shared/domain';
import { composeApp, type AppOverrides } from '../../main/app/compose';
import { runCli } from '../../main/cli/main';
import { startDevHost } from '../../main/hosts/dev-host/dev-host';
import { probeOnlyIngest } from '../../main/generation/ingest';
import { AppSettings } from '../../main/settings/app-settings';
import { createHttpClient } from '../../renderer/api/http-client';
import { FAST_TIMING } from '../generation/harness';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { startFakeVideoServer, type FakeVideoServer } from './fake-video-server';
import { fakevidAdapter, registryWithFakevid } from './fakevid';

const KEY = 'fakevid-token-0123456789';
let server: FakeVideoServer;
const overrides: AppOverrides = { registry: registryWithFakevid(), adapters: { fakevid: fakevidAdapter }, timing: FAST_TIMING };

beforeAll(async () => {
  server = await startFakeVideoServer({ apiKey: KEY });
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd }, overrides);
  return { code, out, err };
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v2/jobs' && r.status === 201);

describe('a provider added as a descriptor and an adapter', () => {
  it('generates and exports from the CLI, key and base URL from the variables its descriptor names', async () => {
    const root = makeTempDir('fakevid cli');
    process.env.SHOTLINE_HOME = path.join(root, 'home');
    process.env.FAKEVID_TOKEN = KEY;
    process.env.FAKEVID_BASE_URL = server.baseUrl;
    try {
      const list = { name: 'Fake', size: '640x360', shots: [{ prompt: 'A gull lands.', seconds: 2 }, { prompt: 'It takes off.', seconds: 2 }] };
      fs.writeFileSync(path.join(root, 'shots.json'), JSON.stringify(list));
      expect((await cli(['new', 'Fake.shotline', '--size', '640x360'], root)).code).toBe(0);
      expect((await cli(['import', 'Fake.shotline', 'shots.json'], root)).code).toBe(0);

      const estimate = await cli(['estimate', 'Fake.shotline', '--provider', 'fakevid', '--json'], root);
      expect(estimate.code, estimate.err).toBe(0);
      expect((JSON.parse(estimate.out) as { totalUsd: number }).totalUsd).toBeCloseTo(0.2, 6);

      const before = creates().length;
      const generated = await cli(['generate', 'Fake.shotline', '--provider', 'fakevid', '--model', 'fake-1', '--yes'], root);
      expect(generated.code, generated.err).toBe(0);
      // Estimated at $0.20; the ledger holds what Fakevid reports it billed ($0.04/s).
      expect(generated.out).toMatch(/Made 2 takes; spent so far \$0\.16/);
      expect(creates().length - before).toBe(2);
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);

      const out = path.join(root, 'fake.mp4');
      const exported = await cli(['export', 'Fake.shotline', '--out', out], root);
      expect(exported.code, exported.err).toBe(0);
      const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out], { encoding: 'utf8' }));
      expect(seconds).toBeCloseTo(4, 1);
    } finally {
      delete process.env.SHOTLINE_HOME;
      delete process.env.FAKEVID_TOKEN;
      delete process.env.FAKEVID_BASE_URL;
    }
  });

  it('is offered, configured and generated through in the app over the dev host', async () => {
    const root = makeTempDir('fakevid app');
    const rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const app = composeApp(
      { kind: 'web', version: 'test', mediaBase: '/media/', settings: new AppSettings(path.join(root, 'settings')), env: {} },
      { ...overrides, ingest: probeOnlyIngest, progressIntervalMs: 0 },
    );
    const host = await startDevHost({ settingsDir: path.join(root, 'settings'), rendererDir, app, log: () => {} });
    try {
      const client = createHttpClient({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token });
      // Settings and the key field list it because its descriptor takes a key and a base URL.
      const registry = await client.call('registry.models', {});
      expect(registry.providers.fakevid?.capabilities.cancel).toBe(true);
      expect(registry.models.map((m) => `${m.provider}/${m.model}`)).toContain('fakevid/fake-1');
      expect(Object.keys((await client.call('settings.get', {})).providers)).toEqual(['openai', 'google', 'runway', 'comfyui', 'fakevid']);
      expect((await client.call('secrets.status', {})).keys.find((k) => k.provider === 'fakevid')).toEqual({ provider: 'fakevid', isSet: false, source: null });
      await client.call('settings.update', { providers: { fakevid: { baseUrl: server.baseUrl, concurrency: 2 } } });
      expect((await client.call('secrets.set', { provider: 'fakevid', key: KEY })).isSet).toBe(true);

      await client.call('projects.create', { name: 'Fake app', parentDir: root, size: '640x360' });
      const shot = await client.call('shots.add', { fields: { prompt: 'Waves break.', seconds: 4, provider: 'fakevid', model: 'fake-1', size: '640x360' } });
      expect((await client.call('generation.estimate', { shotIds: [shot.id] })).totalText).toBe('$0.20');
      const started: StartResult = await client.call('generation.start', { shotIds: [shot.id] });
      expect(started.jobs).toHaveLength(1);
      // Node has no EventSource: the job list is read until the queue is done with it.
      let job: Job | undefined;
      await expect.poll(async () => (job = (await client.call('jobs.list', {})).find((j) => j.id === started.jobs[0]!.id))?.status, { timeout: 15_000 }).toBe('done');
      expect(job!.remoteId).toMatch(/^fv_/);
      const takes = await client.call('takes.list', { shotId: shot.id });
      expect(takes.map((t) => [t.provider, t.model, t.status])).toEqual([['fakevid', 'fake-1', 'ready']]);
      // Estimated at $0.20; the ledger holds what Fakevid reports it billed ($0.04/s).
      expect((await client.call('generation.spend', {})).spend.spentUsd).toBeCloseTo(0.16, 6);

      // Its capabilities say extend and not remix: main follows the descriptor.
      const remix = await client.call('takes.remix', { takeId: takes[0]!.id, prompt: 'Storm instead.' }).catch((e: Error) => e);
      expect((remix as Error).message).toMatch(/Fakevid \(test service\) cannot remix takes/);
      const tooLong = await client.call('takes.extend', { takeId: takes[0]!.id, seconds: 3 }).catch((e: Error) => e);
      expect((tooLong as Error).message).toMatch(/fake-1 makes 2 or 4 s clips; this shot is 3 s/);
      const extension = await client.call('takes.extend', { takeId: takes[0]!.id, prompt: 'The waves calm.', seconds: 2 });
      expect(extension).toMatchObject({ kind: 'extend', parentTakeId: takes[0]!.id, estimateUsd: 0.1 });
      await expect.poll(async () => (await client.call('jobs.list', {})).find((j) => j.id === extension.id)?.status, { timeout: 15_000 }).toBe('done');
      const after = await client.call('takes.list', { shotId: shot.id });
      const longer = after.find((t) => t.parentTakeId === takes[0]!.id)!;
      expect(longer.request.extendOf).toEqual({ takeId: takes[0]!.id, remoteId: takes[0]!.remoteId });
      // The service made the first clip plus the two seconds asked for.
      expect(longer.durationSeconds).toBeCloseTo(6, 1);
      const sent = server.requests.find((r) => r.path === `/v2/jobs/${takes[0]!.remoteId}/extend`)!;
      expect(sent.json).toMatchObject({ seconds: 2, prompt: expect.stringContaining('The waves calm.') });
    } finally {
      await host.close();
    }
  });
});
