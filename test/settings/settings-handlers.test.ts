/**
 * Settings calls through the real dispatcher and a real settings.json: base URLs and
 * concurrency round-trip and persist, bad input is refused without writing, keys never appear,
 * and the desktop actions answer with the path when the host cannot open a file manager.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../main/app/compose';
import type { DesktopActions } from '../../main/app/host';
import { createDispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { AppSettings } from '../../main/settings/app-settings';
import type { Envelope } from '../../shared/contract';
import type { AppSettingsView, DesktopActionResult } from '../../shared/contract/settings';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

function setup(desktop?: DesktopActions, dir = makeTempDir('settings')) {
  const settings = new AppSettings(path.join(dir, 'settings'));
  const app = composeApp({ kind: desktop ? 'electron' : 'web', version: 't', mediaBase: '/media/', settings, env: {}, desktop });
  return { dir, settings, dispatch: createDispatch(createHandlers(app)) };
}

describe('settings calls', () => {
  it('stores base URLs and concurrency, persists them, and clears a URL with an empty field', async () => {
    const { dispatch, settings } = setup();
    const set = (await dispatch('settings.update', {
      providers: { openai: { baseUrl: 'http://127.0.0.1:9999/v1/', concurrency: 3 } },
    })) as Envelope<AppSettingsView>;
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect(set.value.providers.openai).toEqual({ baseUrl: 'http://127.0.0.1:9999/v1', effectiveBaseUrl: 'http://127.0.0.1:9999/v1', concurrency: 3, fields: {}, effectiveFields: {} });
    expect(set.value.providers.google?.baseUrl).toBeNull();
    // Written to disk: a fresh AppSettings on the same folder reads it back.
    expect(new AppSettings(settings.dir).get().providers.openai).toEqual({ baseUrl: 'http://127.0.0.1:9999/v1', concurrency: 3 });
    const cleared = (await dispatch('settings.update', { providers: { openai: { baseUrl: '' } } })) as Envelope<AppSettingsView>;
    expect(cleared.ok && cleared.value.providers.openai).toMatchObject({ baseUrl: null, concurrency: 3 });
  });

  it('refuses a non-URL, an unknown provider and a relative ffmpeg path without writing anything', async () => {
    const { dispatch, settings } = setup();
    for (const input of [
      { providers: { openai: { baseUrl: 'ftp://x' } } },
      { providers: { evil: { baseUrl: 'http://x' } } },
      { ffmpegPath: 'bin/ffmpeg' },
      { providers: { openai: { concurrency: 0 } } },
    ]) {
      const r = await dispatch('settings.update', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    expect(fs.existsSync(settings.file)).toBe(false);
  });

  it("stores a descriptor's fields, shows what is in use, clears an emptied one, and refuses unknown keys and relative paths", async () => {
    const { dispatch, settings } = setup();
    const before = (await dispatch('settings.get', {})) as Envelope<AppSettingsView>;
    // Nothing set: the location's default applies.
    expect(before.ok && before.value.providers.vertex).toMatchObject({ fields: {}, effectiveFields: { location: 'us-central1' } });
    const set = (await dispatch('settings.update', {
      providers: { vertex: { fields: { project: ' film-previs ', location: 'europe-west4', keyFile: '/home/me/sa.json' } } },
    })) as Envelope<AppSettingsView>;
    expect(set.ok && set.value.providers.vertex!.fields).toEqual({ project: 'film-previs', location: 'europe-west4', keyFile: '/home/me/sa.json' });
    expect(new AppSettings(settings.dir).get().providers.vertex!.fields).toEqual({ project: 'film-previs', location: 'europe-west4', keyFile: '/home/me/sa.json' });
    const cleared = (await dispatch('settings.update', { providers: { vertex: { fields: { location: '', keyFile: null } } } })) as Envelope<AppSettingsView>;
    expect(cleared.ok && cleared.value.providers.vertex).toMatchObject({ fields: { project: 'film-previs' }, effectiveFields: { project: 'film-previs', location: 'us-central1' } });

    const written = fs.readFileSync(settings.file, 'utf8');
    for (const [input, words] of [
      [{ providers: { vertex: { fields: { region: 'x' } } } }, /vertex has no such setting; use one of project, location, keyFile/],
      [{ providers: { runway: { fields: { project: 'x' } } } }, /runway has no such setting; it takes none/],
      [{ providers: { vertex: { fields: { keyFile: 'sa.json' } } } }, /Key file must be an absolute path/],
      [{ providers: { vertex: { fields: { 'bad-key': 'x' } } } }, /fields.bad-key/],
    ] as const) {
      const r = await dispatch('settings.update', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(words) });
    }
    expect(fs.readFileSync(settings.file, 'utf8')).toBe(written);
  });

  it('sets and clears the ffmpeg path', async () => {
    const { dispatch } = setup();
    const r = (await dispatch('settings.update', { ffmpegPath: '/usr/bin/ffmpeg' })) as Envelope<AppSettingsView>;
    expect(r.ok && r.value.ffmpegPath).toBe('/usr/bin/ffmpeg');
    const back = (await dispatch('settings.update', { ffmpegPath: null })) as Envelope<AppSettingsView>;
    expect(back.ok && back.value.ffmpegPath).toBeNull();
  });

  it('answers reveal/open with the path when the host has no file manager, and uses it when provided', async () => {
    const { dispatch, dir } = setup();
    const file = path.join(dir, 'out.mp4');
    fs.writeFileSync(file, 'x');
    const web = (await dispatch('app.reveal', { path: file })) as Envelope<DesktopActionResult>;
    expect(web).toMatchObject({ ok: true, value: { done: false, path: file } });
    const missing = await dispatch('app.reveal', { path: path.join(dir, 'gone.mp4') });
    expect(missing.ok === false && missing.error.code).toBe('not_found');
    const refused = await dispatch('app.openPath', { path: path.join(dir, 'run.sh') });
    expect(refused.ok === false && refused.error.code).toBe('invalid_input');

    // The Electron host hands its OS shell to the composition root.
    const revealed: string[] = [];
    const desktop = setup({ reveal: (f) => revealed.push(f), open: async () => 'no app for this file' }, dir).dispatch;
    expect(await desktop('app.reveal', { path: file })).toMatchObject({ ok: true, value: { done: true } });
    expect(revealed).toEqual([file]);
    const opened = (await desktop('app.openPath', { path: file })) as Envelope<DesktopActionResult>;
    expect(opened.ok && opened.value).toMatchObject({ done: false, message: expect.stringContaining('no app for this file') });
  });
});
