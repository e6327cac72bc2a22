/**
 * registry.addModel / registry.removeModel through the real door with a real settings folder:
 * a gateway model is a copy of a known model under a new id, written to the override file
 * (checked by the registry schema, temp + rename) and in `registry.models` at once; duplicates,
 * unknown providers and models, shipped models and a broken user file are refused with words
 * to act on, leaving the file as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OVERRIDE_FILE, RegistryLoader } from '../../main/registry/registry-loader';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import { estimateShot } from '../../shared/cost';
import { checkRequest } from '../../shared/registry/registry';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, ok } from '../helpers/test-app';

afterAll(cleanupTempDirs);

const gateway = { provider: 'openai', model: 'sora-2-gateway', displayName: 'Sora 2 (our gateway)', basedOn: 'sora-2' };

describe('user models in the registry override', () => {
  it('adds a copy of a known model under a new id, active, on disk and in registry.models at once', async () => {
    const t = makeTestApp();
    const before = ok<RegistrySnapshot>(await t.call('registry.models'));
    expect(before.userModels).toEqual([]);
    const snapshot = ok<RegistrySnapshot>(await t.call('registry.addModel', gateway));
    const added = snapshot.models.find((m) => m.provider === 'openai' && m.model === 'sora-2-gateway');
    const original = snapshot.models.find((m) => m.provider === 'openai' && m.model === 'sora-2')!;
    expect(added).toMatchObject({ displayName: 'Sora 2 (our gateway)', status: { state: 'active' }, sizes: original.sizes, seconds: original.seconds, prices: original.prices, promptFamily: original.promptFamily });
    expect(snapshot.userModels).toEqual([{ provider: 'openai', model: 'sora-2-gateway' }]);
    expect(snapshot.override).toMatchObject({ status: 'applied', messages: ['Added openai/sora-2-gateway.'] });

    // On disk in the settings folder, nothing half-written beside it, read back by a fresh loader.
    const dir = t.settings.dir;
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(OVERRIDE_FILE))).toEqual([OVERRIDE_FILE]);
    const fresh = new RegistryLoader(dir).registry();
    expect(checkRequest(fresh, { provider: 'openai', model: 'sora-2-gateway', size: original.sizes[0]!, seconds: 4 })).toMatchObject({ ok: true });
    expect(ok<RegistrySnapshot>(await t.call('registry.models')).models.some((m) => m.model === 'sora-2-gateway')).toBe(true);
  });

  it('takes the sizes, durations and price the gateway has, and brings a retired id back as itself', async () => {
    const t = makeTestApp();
    const seedance = { provider: 'openai', model: 'seedance-2-lite', displayName: 'Seedance 2 Lite (gateway)', basedOn: 'sora-2', sizes: ['864x480', '480x864'], seconds: [10, 5], usd: 0.022 };
    const snapshot = ok<RegistrySnapshot>(await t.call('registry.addModel', seedance));
    const added = snapshot.models.find((m) => m.model === 'seedance-2-lite')!;
    expect(added).toMatchObject({ sizes: ['864x480', '480x864'], seconds: { values: [5, 10] }, prices: [{ sizes: ['*'], usdPerSecond: 0.022 }] });
    const registry = new RegistryLoader(t.settings.dir).registry();
    expect(checkRequest(registry, { provider: 'openai', model: 'seedance-2-lite', size: '864x480', seconds: 5 })).toMatchObject({ ok: true });
    const wrong = checkRequest(registry, { provider: 'openai', model: 'seedance-2-lite', size: '1280x720', seconds: 5 });
    expect(wrong.ok).toBe(false);
    expect(estimateShot(registry, { id: 's', provider: 'openai', model: 'seedance-2-lite', size: '864x480', seconds: 5 }).text).toBe('$0.11');

    // sora-2 is retired at OpenAI; a gateway that still serves it brings it back under its own id.
    const revived = ok<RegistrySnapshot>(await t.call('registry.addModel', { provider: 'openai', model: 'sora-2', displayName: 'Sora 2 (gateway)', basedOn: 'sora-2' }));
    expect(revived.models.filter((m) => m.model === 'sora-2')).toMatchObject([{ status: { state: 'active' }, displayName: 'Sora 2 (gateway)' }]);
    const back = ok<RegistrySnapshot>(await t.call('registry.removeModel', { provider: 'openai', model: 'sora-2' }));
    expect(back.models.find((m) => m.model === 'sora-2')?.status.state).toBe('retired');
  });

  it('refuses duplicates, unknown providers and unknown models to copy, without touching the file', async () => {
    const t = makeTestApp();
    ok(await t.call('registry.addModel', gateway));
    const file = path.join(t.settings.dir, OVERRIDE_FILE);
    const written = fs.readFileSync(file, 'utf8');
    const cases: Array<[unknown, string, RegExp]> = [
      [gateway, 'conflict', /openai\/sora-2-gateway is already in the model list/],
      [{ ...gateway, model: 'sora-2-pro' }, 'conflict', /openai\/sora-2-pro is in the model list, retired; to use it at your base URL, add it based on itself/],
      [{ ...gateway, provider: 'nowhere' }, 'not_found', /no provider "nowhere"; use one of .*openai/],
      [{ ...gateway, model: 'x-new', basedOn: 'veo-3.1-generate-001' }, 'not_found', /openai has no model "veo-3.1-generate-001" to copy; use one of sora-2/],
      [{ ...gateway, model: '../x' }, 'invalid_input', /model/],
      [{ ...gateway, displayName: '  ' }, 'invalid_input', /displayName/],
    ];
    for (const [input, code, words] of cases) {
      const r = await t.call('registry.addModel', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      expect(r.error).toMatchObject({ code, message: expect.stringMatching(words) });
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  it('removes a model the user added, keeps their other entries, and refuses a shipped one', async () => {
    const t = makeTestApp();
    ok(await t.call('registry.addModel', gateway));
    ok(await t.call('registry.addModel', { provider: 'runway', model: 'gen4_aleph_gw', displayName: 'Aleph (gateway)', basedOn: 'gen4_turbo' }));
    const after = ok<RegistrySnapshot>(await t.call('registry.removeModel', { provider: 'openai', model: 'sora-2-gateway' }));
    expect(after.models.some((m) => m.model === 'sora-2-gateway')).toBe(false);
    expect(after.userModels).toEqual([{ provider: 'runway', model: 'gen4_aleph_gw' }]);

    const shipped = await t.call('registry.removeModel', { provider: 'openai', model: 'sora-2' });
    expect(shipped.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/ships with Shotline; only models you added can be removed/) });
    const gone = await t.call('registry.removeModel', { provider: 'openai', model: 'sora-2-gateway' });
    expect(gone.error?.message).toMatch(/not in the model list/);
  });

  it('refuses to rewrite a broken override file (it is the user’s) and says what is wrong', async () => {
    const t = makeTestApp();
    fs.mkdirSync(t.settings.dir, { recursive: true });
    const file = path.join(t.settings.dir, OVERRIDE_FILE);
    fs.writeFileSync(file, '{ "models": [ oops');
    const r = await t.call('registry.addModel', gateway);
    expect(r.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/is not valid JSON.*fix or delete the file/) });
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "models": [ oops');
  });

  it('keeps a hand-written override’s comment and entries when adding', async () => {
    const t = makeTestApp();
    fs.mkdirSync(t.settings.dir, { recursive: true });
    const file = path.join(t.settings.dir, OVERRIDE_FILE);
    const shipped = ok<RegistrySnapshot>(await t.call('registry.models')).models.find((m) => m.model === 'sora-2-pro')!;
    fs.writeFileSync(file, JSON.stringify({ $comment: 'mine', models: [{ ...shipped, displayName: 'Sora 2 Pro (renamed)' }] }));
    const snapshot = ok<RegistrySnapshot>(await t.call('registry.addModel', gateway));
    expect(snapshot.models.find((m) => m.model === 'sora-2-pro')!.displayName).toBe('Sora 2 Pro (renamed)');
    expect(snapshot.userModels).toEqual([
      { provider: 'openai', model: 'sora-2-pro' },
      { provider: 'openai', model: 'sora-2-gateway' },
    ]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).$comment).toBe('mine');
  });
});
