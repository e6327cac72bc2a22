import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireFeature, selfTestFfmpeg, parseFilterList, parseEncoderList } from '../../main/media/ffmpeg-self-test';
import { mediaHandlers } from '../../main/ipc/handlers/media-handlers';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { composeApp } from '../../main/app/compose';
import { AppSettings } from '../../main/settings/app-settings';
import type { FfmpegLocatorInputs } from '../../main/media/ffmpeg-locator';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const system: FfmpegLocatorInputs = {
  settingPath: null,
  resourcesPath: null,
  platform: process.platform,
  arch: process.arch,
  envPath: process.env.PATH,
  ffmpegStaticPath: null,
};

/**
 * A fake "ffmpeg" (shell script) whose filter list is the real one minus `without`, in a folder
 * with spaces and non-ASCII characters; ffprobe beside it is the real one.
 */
function fakeFfmpeg(without: string[], version = 'ffmpeg version 5.1-fake Copyright (c) the FFmpeg developers'): string {
  const dir = path.join(makeTempDir('selftest'), 'fausse ffmpeg');
  fs.mkdirSync(dir);
  const filters = execFileSync('ffmpeg', ['-hide_banner', '-filters'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !without.some((name) => new RegExp(`^\\s*\\S+\\s+${name}\\s`).test(line)))
    .join('\n');
  const encoders = execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !without.some((name) => new RegExp(`^\\s*\\S+\\s+${name}\\s`).test(line)))
    .join('\n');
  fs.writeFileSync(path.join(dir, 'filters.txt'), filters);
  fs.writeFileSync(path.join(dir, 'encoders.txt'), encoders);
  const script = `#!/bin/sh
here="$(dirname "$0")"
case "$*" in
  *-version*) echo "${version}" ;;
  *-filters*) cat "$here/filters.txt" ;;
  *-encoders*) cat "$here/encoders.txt" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
`;
  fs.writeFileSync(path.join(dir, 'ffmpeg'), script, { mode: 0o755 });
  fs.symlinkSync(execFileSync('sh', ['-c', 'command -v ffprobe'], { encoding: 'utf8' }).trim(), path.join(dir, 'ffprobe'));
  return path.join(dir, 'ffmpeg');
}

describe('ffmpeg self-test', () => {
  it('passes on the system ffmpeg and reports its version', async () => {
    const report = await selfTestFfmpeg(system);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, source: 'path', missing: [] });
    expect(report.version).toMatch(/^ffmpeg version \d+\.\d+/);
    expect(() => requireFeature('dissolve', report)).not.toThrow();
  });

  it('names a missing filter and how to fix it; requireFeature refuses what needs it', async () => {
    const report = await selfTestFfmpeg({ ...system, settingPath: fakeFfmpeg(['xfade']) });
    expect(report.ok).toBe(false);
    expect(report.source).toBe('setting');
    expect(report.version).toContain('5.1-fake');
    expect(report.missing).toEqual([{ name: 'xfade', kind: 'filter', usedFor: 'dissolves and dips between shots' }]);
    expect(report.problems.join(' ')).toMatch(/lacks filter "xfade".*Install ffmpeg from your package manager.*set the ffmpeg path in Settings/);

    expect(() => requireFeature('dissolve', report)).toThrow(/The dissolve step needs the ffmpeg filter "xfade"/);
    expect(() => requireFeature('xfade', report)).toThrow(/filter "xfade"/);
    expect(() => requireFeature('animatic', report)).not.toThrow();
  });

  it('names a missing encoder (libx264) with the "with libx264" hint', async () => {
    const report = await selfTestFfmpeg({ ...system, settingPath: fakeFfmpeg(['libx264', 'drawtext']) });
    expect(report.missing.map((c) => c.name).sort()).toEqual(['drawtext', 'libx264']);
    expect(report.problems[0]).toMatch(/Install ffmpeg with libx264/);
    expect(() => requireFeature('animatic', report)).toThrow(/encoder "libx264".* and filter "drawtext"/);
  });

  it('refuses a version older than 4.3', async () => {
    const report = await selfTestFfmpeg({ ...system, settingPath: fakeFfmpeg([], 'ffmpeg version 4.1.3 Copyright') });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/ffmpeg 4\.1 is too old: Shotline needs 4\.3 or newer/);
  });

  it('reports, without throwing, when there is no ffmpeg or it does not run', async () => {
    const none = await selfTestFfmpeg({ ...system, envPath: makeTempDir('empty') });
    expect(none).toMatchObject({ ok: false, ffmpeg: null, version: null });
    expect(none.problems[0]).toMatch(/ffmpeg was not found/);
    expect(() => requireFeature('export', none)).toThrow(/export needs ffmpeg, which was not found/);

    const broken = path.join(makeTempDir('broken'), 'ffmpeg');
    fs.writeFileSync(broken, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    fs.symlinkSync('/usr/bin/ffprobe', path.join(path.dirname(broken), 'ffprobe'));
    const report = await selfTestFfmpeg({ ...system, settingPath: broken });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/does not run .*exited with code 3/);
  });

  it('parses ffmpeg list formats', () => {
    expect([...parseFilterList(' TSC xfade             VV->V      Cross fade\n ... anullsrc  |->A  Null\n T.. = Timeline support')]).toEqual([
      'xfade',
      'anullsrc',
    ]);
    expect([...parseEncoderList(' V..... = Video\n ------\n V....D libx264  libx264 H.264\n A....D aac   AAC')]).toEqual(['libx264', 'aac']);
  });

  it('is reachable as the media.selfTest contract call, using the ffmpeg path from Settings', async () => {
    const settings = new AppSettings(makeTempDir('settings'));
    settings.update({ ffmpegPath: fakeFfmpeg(['loudnorm']) });
    const app = composeApp({ kind: 'web', version: 'test', mediaBase: '/media/', settings });
    const dispatch = createDispatch(mediaHandlers(app) as Handlers);
    const envelope = await dispatch('media.selfTest', {});
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.value).toMatchObject({ ok: false, source: 'setting', missing: [{ name: 'loudnorm' }] });
    expect(await dispatch('media.selfTest', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
