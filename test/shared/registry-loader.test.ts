// The main-side loader of the user's registry override, with real files in a temp folder and
// the real contract door (dispatch) in front of the handler.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { registryHandlers } from '../../main/ipc/handlers/registry-handlers';
import { composeApp } from '../../main/app/compose';
import { loadRegistryFrom, OVERRIDE_FILE, RegistryLoader } from '../../main/registry/registry-loader';
import { AppSettings } from '../../main/settings/app-settings';
import { checkRequest, shippedRegistry } from '../../shared/registry/registry';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-registry-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const extraModel = {
  provider: 'openai',
  model: 'sora-2-gateway-hd',
  displayName: 'Sora 2 HD (gateway)',
  promptFamily: 'sora',
  sizes: ['1920x1080'],
  seconds: { values: [4, 8] },
  imageInputs: { firstFrame: true, lastFrame: false, maxReferences: 0, referencesExcludeFrames: false },
  audio: true,
  negativePrompt: false,
  prices: [{ sizes: ['*'], usdPerSecond: 0.2, source: 'third-party' }],
  status: { state: 'active' },
};

describe('registry loader', () => {
  it('uses the shipped list when there is no override', () => {
    const loaded = loadRegistryFrom(path.join(tempDir(), OVERRIDE_FILE));
    expect(loaded.override.status).toBe('absent');
    expect(loaded.registry).toBe(shippedRegistry());
  });

  it('merges a valid override and reports what it did', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify({ version: 1, models: [extraModel] }));
    const { registry, override } = new RegistryLoader(dir).load();
    expect(override).toMatchObject({ status: 'applied', messages: ['Added openai/sora-2-gateway-hd.'] });
    expect(checkRequest(registry, { provider: 'openai', model: 'sora-2-gateway-hd', size: '1920x1080', seconds: 8 }).ok).toBe(true);
  });

  it('falls back to the shipped list with a clear message for broken JSON', () => {
    const dir = tempDir();
    const file = path.join(dir, OVERRIDE_FILE);
    fs.writeFileSync(file, '{ "models": [ ');
    const { registry, override } = loadRegistryFrom(file);
    expect(registry).toBe(shippedRegistry());
    expect(override.status).toBe('broken');
    expect(override.messages[0]).toContain(`The model list override ${file} is not valid JSON`);
    expect(override.messages[0]).toContain('The shipped model list is used; fix or delete the file.');
  });

  it('falls back with the offending field named when an entry does not match the format', () => {
    const dir = tempDir();
    const file = path.join(dir, OVERRIDE_FILE);
    fs.writeFileSync(file, JSON.stringify([{ ...extraModel, seconds: { values: [-4] } }]));
    const { registry, override } = loadRegistryFrom(file);
    expect(registry).toBe(shippedRegistry());
    expect(override.status).toBe('broken');
    expect(override.messages[0]).toMatch(/models\.0\.seconds/);
  });

  it('re-reads the file when it changes', () => {
    const dir = tempDir();
    const file = path.join(dir, OVERRIDE_FILE);
    const loader = new RegistryLoader(dir);
    expect(loader.load().override.status).toBe('absent');
    fs.writeFileSync(file, JSON.stringify([extraModel]));
    expect(loader.load().override.status).toBe('applied');
    fs.writeFileSync(file, 'nonsense');
    expect(loader.load().override.status).toBe('broken');
    fs.rmSync(file);
    expect(loader.load().override.status).toBe('absent');
  });

  it('answers registry.models through the contract door', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify([extraModel]));
    const app = composeApp({ kind: 'web', version: 'test', mediaBase: '/media', settings: new AppSettings(dir) });
    const dispatch = createDispatch(registryHandlers(app) as unknown as Handlers);
    const env = await dispatch('registry.models', {});
    expect(env.ok).toBe(true);
    const snap = (env as { ok: true; value: RegistrySnapshot }).value;
    expect(snap.version).toBe(shippedRegistry().version);
    expect(Object.keys(snap.providers)).toEqual(['animatic', 'openai', 'google', 'vertex', 'runway', 'fal', 'comfyui']);
    expect(snap.models.map((m) => m.model)).toContain('sora-2-gateway-hd');
    expect(snap.override.status).toBe('applied');
    const bad = await dispatch('registry.models', { extra: 1 });
    expect(bad.ok).toBe(false);
  });
});
