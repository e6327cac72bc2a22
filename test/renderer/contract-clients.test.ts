// @vitest-environment node
/**
 * Both contract clients against the real main side: the HTTP client over a real dev host on
 * 127.0.0.1 (Node's fetch), the Electron client over a preload-shaped object whose functions
 * go to the real dispatcher, as ipcRenderer.invoke would. Each with a real SQLite project.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../shared/contract';
import { createDispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { startDevHost, type DevHost } from '../../main/hosts/dev-host/dev-host';
import { composeApp, type AppServices } from '../../main/app/compose';
import { AppSettings } from '../../main/settings/app-settings';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { createElectronClient } from '../../renderer/api/electron-client';
import { createHttpClient } from '../../renderer/api/http-client';
import type { PreloadApi } from '../../renderer/api/preload-api';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-clients-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs a promise that must fail and returns its ContractCallError. */
async function failure(promise: Promise<unknown>): Promise<ContractCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractCallError);
  return error as ContractCallError;
}

describe('HTTP client over the real dev host', () => {
  let host: DevHost;
  beforeAll(async () => {
    const rendererDir = path.join(tmp, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    host = await startDevHost({ port: 0, settingsDir: path.join(tmp, 'web-settings'), rendererDir, log: () => {} });
  });
  afterAll(() => host?.close());

  it('unwraps values, and turns error envelopes into ContractCallError with main\u2019s code and words', async () => {
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token });
    expect(await client.call('projects.current', {})).toBeNull();

    const noProject = await failure(client.call('shots.add', {}));
    expect(noProject.code).toBe('no_project');
    expect(noProject.message).toMatch(/No project is open/);
    expect(noProject.callName).toBe('shots.add');

    const snapshot = await client.call('projects.create', { name: 'Web', parentDir: path.join(tmp, 'web'), fps: 25 });
    expect(snapshot.project.format.fps).toEqual({ num: 25, den: 1 });
    const shot = await client.call('shots.add', {});
    const updated = await client.call('shots.update', { id: shot.id, patch: { title: 'Over HTTP' } });
    expect(updated.title).toBe('Over HTTP');

    const bad = await failure(client.call('shots.update', { id: shot.id, patch: { seconds: -1 } }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toContain('patch.seconds');
  });

  it('says the host is unreachable or refusing, instead of crashing', async () => {
    const wrongToken = createHttpClient({ baseUrl: `http://127.0.0.1:${host.port}`, token: 'not-the-token' });
    const refused = await failure(wrongToken.call('projects.current', {}));
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toMatch(/HTTP 401/);

    // Port 9 (discard) has no listener on this machine: the connection is refused.
    const nowhere = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: host.token });
    const down = await failure(nowhere.call('projects.current', {}));
    expect(down.code).toBe('unavailable');
    expect(down.message).toMatch(/could not reach the Shotline dev host/);
  });
});

describe('Electron client over a preload-shaped API', () => {
  let desktopApp: AppServices;
  beforeAll(() => {
    desktopApp = composeApp({ kind: 'electron', version: 'test', mediaBase: 'shotline-media://project/', settings: new AppSettings(path.join(tmp, 'electron-settings')) });
  });
  afterAll(() => desktopApp?.dispose());

  /** Built the way main/preload.ts builds window.shotline: one nested function per call. */
  function preloadFor(s: AppServices): { api: PreloadApi; listeners: Map<string, (p: unknown) => void> } {
    const dispatch = createDispatch(createHandlers(s));
    const api: Record<string, unknown> = {};
    for (const name of Object.keys(calls)) {
      const parts = name.split('.');
      let node = api;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[parts.at(-1)!] = (input?: unknown) => dispatch(name, input ?? {});
    }
    const listeners = new Map<string, (p: unknown) => void>();
    api.events = {
      on(name: string, listener: (p: unknown) => void) {
        listeners.set(name, listener);
        return () => listeners.delete(name);
      },
    };
    return { api: api as unknown as PreloadApi, listeners };
  }

  it('routes calls by area and name, unwraps envelopes and passes events through', async () => {
    const { api, listeners } = preloadFor(desktopApp);
    const client = createElectronClient(api);
    const snapshot = await client.call('projects.create', { name: 'Desk', parentDir: path.join(tmp, 'desk') });
    expect(snapshot.path.endsWith('Desk.shotline')).toBe(true);
    const a = await client.call('shots.add', {});
    const b = await client.call('shots.add', {});
    await client.call('shots.move', { id: b.id, afterId: null });
    expect((await client.call('shots.list', {})).map((s) => s.id)).toEqual([b.id, a.id]);

    const missing = await failure(client.call('shots.delete', { id: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.code).toBe('not_found');

    const seen: unknown[] = [];
    const off = client.on('project.changed', (p) => seen.push(p));
    listeners.get('project.changed')?.(null);
    off();
    expect(seen).toEqual([null]);
    expect(listeners.has('project.changed')).toBe(false);
  });

  it('reports a call the preload does not offer, and an answer that is not an envelope', async () => {
    const { api } = preloadFor(desktopApp);
    delete (api as unknown as Record<string, Record<string, unknown>>).shots!.add;
    (api as unknown as Record<string, Record<string, unknown>>).shots!.list = async () => 'garbage';
    const client = createElectronClient(api);
    expect((await failure(client.call('shots.add', {}))).code).toBe('unavailable');
    expect((await failure(client.call('shots.list', {}))).code).toBe('internal');
  });
});
