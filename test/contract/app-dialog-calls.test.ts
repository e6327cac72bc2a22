/**
 * `app.about` and `dialogs.pickShotList` through the real dispatcher: the About text names the
 * version and the ffmpeg in use with its licence; the picker is refused on a host without one
 * and answers with the native dialog's choice once the Electron adapter is provided.
 */
import type { BrowserWindow, OpenDialogOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../main/app/compose';
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import { electronFilePicker } from '../../main/shell/file-dialog';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let dispatch: Dispatch;

beforeAll(() => {
  t = makeTestApp({ version: '9.8.7' });
  dispatch = t.dispatch;
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('app.about', () => {
  it('gives the version, the licence and the ffmpeg found with its version', async () => {
    const result = await dispatch('app.about', {});
    if (!result.ok) throw new Error(result.error.message);
    const about = result.value as { title: string; lines: string[] };
    expect(about.title).toBe('Shotline 9.8.7');
    expect(about.lines[0]).toBe('Shotline 9.8.7, MIT licence.');
    const ffmpeg = about.lines.find((l) => l.startsWith('ffmpeg:'))!;
    expect(ffmpeg).toMatch(/ffmpeg: (found on PATH|your choice in Settings), \S+ffmpeg \(\d/);
    expect(ffmpeg).toContain('licence');
  });
});

describe('dialogs.pickShotList', () => {
  it('is unavailable without a native picker, then answers with the dialog choice', async () => {
    expect(await dispatch('dialogs.pickShotList', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/Type the absolute path/) } });

    const asked: OpenDialogOptions[] = [];
    let answer = { canceled: false, filePaths: ['/films/list.json'] };
    const dialog = {
      showOpenDialog: async (a: BrowserWindow | OpenDialogOptions, b?: OpenDialogOptions) => {
        asked.push((b ?? a) as OpenDialogOptions);
        return answer;
      },
    };
    // The Electron host hands its dialog to the composition root.
    const desktop = composeApp({ kind: 'electron', version: 'test', mediaBase: '', settings: t.settings, dialogs: electronFilePicker(dialog, () => null) });
    dispatch = createDispatch(createHandlers(desktop));
    expect(await dispatch('dialogs.pickShotList', {})).toEqual({ ok: true, value: { path: '/films/list.json' } });
    expect(asked[0]!.filters).toEqual([{ name: 'Shot list (JSON)', extensions: ['json'] }]);
    answer = { canceled: true, filePaths: [] };
    expect(await dispatch('dialogs.pickShotList', {})).toEqual({ ok: true, value: { path: null } });
  });
});
