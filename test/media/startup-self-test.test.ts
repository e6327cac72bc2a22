import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireFeature } from '../../main/media/ffmpeg-self-test';
import { FfmpegService } from '../../main/media/ffmpeg-service';
import { startDevHost } from '../../main/hosts/dev-host/dev-host';
import { AppSettings } from '../../main/settings/app-settings';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

/** Settings whose ffmpeg is a script that reports every filter but `xfade` and runs the real one otherwise. */
function settingsWithoutXfade(): AppSettings {
  const dir = makeTempDir('startup check');
  const tools = path.join(dir, 'ffmpeg sans xfade');
  fs.mkdirSync(tools);
  const script = `#!/bin/sh
case "$*" in
  *-filters*) ffmpeg -hide_banner -filters | grep -v ' xfade ' ;;
  *) exec ffmpeg "$@" ;;
esac
`;
  fs.writeFileSync(path.join(tools, 'ffmpeg'), script, { mode: 0o755 });
  const settings = new AppSettings(path.join(dir, 'settings'));
  settings.update({ ffmpegPath: path.join(tools, 'ffmpeg') });
  return settings;
}

describe('start-up ffmpeg check', () => {
  it('remembers the report so a dissolve is refused up front, naming xfade, and logs the fix once', async () => {
    const lines: string[] = [];
    const ffmpeg = new FfmpegService(settingsWithoutXfade());
    expect(ffmpeg.lastReport()).toBeNull();
    const report = await ffmpeg.check((line) => lines.push(line));
    expect(report.missing.map((c) => c.name)).toEqual(['xfade']);
    expect(ffmpeg.lastReport()).toBe(report);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ffmpeg check: .*lacks .*xfade.*Settings/);
    expect(() => requireFeature('dissolve', ffmpeg.lastReport())).toThrow(/xfade/);
    expect(() => requireFeature('export', ffmpeg.lastReport())).not.toThrow();
  });

  it('a missing ffmpeg is reported, not thrown', async () => {
    const settings = new AppSettings(makeTempDir('startup none'));
    settings.update({ ffmpegPath: path.join(makeTempDir('startup empty'), 'no-ffmpeg-here') });
    const lines: string[] = [];
    const report = await new FfmpegService(settings).check((line) => lines.push(line));
    expect(report.ok).toBe(false);
    expect(lines.join('\n')).toMatch(/no-ffmpeg-here/);
    expect(() => requireFeature('export', report)).toThrow(/ffmpeg/);
  });

  it('the dev host runs the check when it starts', async () => {
    const settingsDir = makeTempDir('startup host');
    const host = await startDevHost({ settingsDir, rendererDir: makeTempDir('startup renderer'), log: () => {} });
    try {
      await expect.poll(() => host.app.ffmpeg.lastReport()?.ok, { timeout: 10_000 }).toBe(true);
    } finally {
      await host.close();
    }
  });
});
