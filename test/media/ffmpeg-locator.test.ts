import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateFfmpeg, outsideAsar, type FfmpegLocatorInputs } from '../../main/media/ffmpeg-locator';
import { UserError } from '../../main/errors';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

/** Writes a runnable stand-in for a binary (the locator only checks it exists and is executable). */
function fakeBinary(file: string, mode = 0o755): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\necho fake\n', { mode });
  return file;
}

function layout() {
  const root = makeTempDir('locator');
  const settingDir = path.join(root, 'Mes outils', 'ffmpeg 6');
  const resources = path.join(root, 'Shotline Préversion.app', 'Contents', 'Resources');
  const bundledDir = path.join(resources, 'ffmpeg', 'linux-x64');
  const pathDir = path.join(root, 'usr bin');
  for (const dir of [settingDir, bundledDir, pathDir]) {
    fakeBinary(path.join(dir, 'ffmpeg'));
    fakeBinary(path.join(dir, 'ffprobe'));
  }
  const base: FfmpegLocatorInputs = {
    settingPath: path.join(settingDir, 'ffmpeg'),
    resourcesPath: resources,
    platform: 'linux',
    arch: 'x64',
    envPath: ['/nonexistent', pathDir].join(':'),
    ffmpegStaticPath: null,
  };
  return { root, settingDir, resources, bundledDir, pathDir, base };
}

describe('locateFfmpeg', () => {
  it('prefers the setting, then the bundled copy, then PATH', () => {
    const { settingDir, bundledDir, pathDir, base } = layout();
    expect(locateFfmpeg(base)).toEqual({
      ffmpeg: path.join(settingDir, 'ffmpeg'),
      ffprobe: path.join(settingDir, 'ffprobe'),
      source: 'setting',
    });
    // A folder works as a setting too.
    expect(locateFfmpeg({ ...base, settingPath: settingDir }).ffmpeg).toBe(path.join(settingDir, 'ffmpeg'));

    expect(locateFfmpeg({ ...base, settingPath: null })).toEqual({
      ffmpeg: path.join(bundledDir, 'ffmpeg'),
      ffprobe: path.join(bundledDir, 'ffprobe'),
      source: 'bundled',
    });
    // Another architecture has no bundled copy: PATH is next.
    expect(locateFfmpeg({ ...base, settingPath: null, arch: 'arm64' })).toEqual({
      ffmpeg: path.join(pathDir, 'ffmpeg'),
      ffprobe: path.join(pathDir, 'ffprobe'),
      source: 'path',
    });
    expect(locateFfmpeg({ ...base, settingPath: null, resourcesPath: null }).source).toBe('path');
  });

  it('uses ffmpeg-static before PATH, outside app.asar, with ffprobe from PATH', () => {
    const { root, pathDir, base } = layout();
    const packed = path.join(root, 'resources', 'app.asar', 'node_modules', 'ffmpeg-static', 'ffmpeg');
    const unpacked = fakeBinary(outsideAsar(packed));
    expect(unpacked).toContain(`${path.sep}app.asar.unpacked${path.sep}`);
    const found = locateFfmpeg({ ...base, settingPath: null, resourcesPath: null, ffmpegStaticPath: packed });
    expect(found).toEqual({ ffmpeg: unpacked, ffprobe: path.join(pathDir, 'ffprobe'), source: 'ffmpeg-static' });
  });

  it('never returns a path inside app.asar for the setting or the bundle', () => {
    const { root, base } = layout();
    const resources = path.join(root, 'opt', 'Shotline', 'resources', 'app.asar');
    const realDir = path.join(root, 'opt', 'Shotline', 'resources', 'app.asar.unpacked', 'ffmpeg', 'linux-x64');
    fakeBinary(path.join(realDir, 'ffmpeg'));
    fakeBinary(path.join(realDir, 'ffprobe'));
    const found = locateFfmpeg({ ...base, settingPath: null, resourcesPath: resources });
    expect(found.ffmpeg).toBe(path.join(realDir, 'ffmpeg'));
    expect(found.source).toBe('bundled');
  });

  it('skips files that are not executable', () => {
    const { bundledDir, pathDir, base } = layout();
    fs.chmodSync(path.join(bundledDir, 'ffmpeg'), 0o644);
    expect(locateFfmpeg({ ...base, settingPath: null }).ffmpeg).toBe(path.join(pathDir, 'ffmpeg'));
  });

  it('explains a setting that points at nothing instead of silently using another ffmpeg', () => {
    const { root, base } = layout();
    const error = (() => {
      try {
        locateFfmpeg({ ...base, settingPath: path.join(root, 'gone', 'ffmpeg') });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('unavailable');
    expect((error as UserError).message).toMatch(/ffmpeg path in Settings .*gone.* is not a runnable ffmpeg/);
  });

  it('says what to do when nothing is found, or when ffprobe is missing', () => {
    const { root, pathDir, base } = layout();
    const nothing = { ...base, settingPath: null, resourcesPath: null, envPath: path.join(root, 'empty') };
    expect(() => locateFfmpeg(nothing)).toThrow(/ffmpeg was not found .*Install ffmpeg .*or set the ffmpeg path in Settings/);

    fs.rmSync(path.join(pathDir, 'ffprobe'));
    expect(() => locateFfmpeg({ ...base, settingPath: null, resourcesPath: null })).toThrow(/no ffprobe beside it or on PATH/);
  });
});
