/**
 * The release-time ffmpeg staging, on Debian's ffmpeg (a real build with every component) and
 * on a doctored copy without xfade (what the old static builds look like).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagePaths, stageFfmpeg } from '../../main/build/fetch-ffmpeg';
import { locateFfmpeg } from '../../main/media/ffmpeg-locator';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-fetch-ffmpeg-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('stageFfmpeg', () => {
  it('places a checked ffmpeg and ffprobe where the packaged app looks, with licence and checksums', async () => {
    const outDir = path.join(work, 'ok', 'ffmpeg');
    const result = await stageFfmpeg({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', outDir, platform: 'linux', arch: 'x64', source: 'test' });
    expect(result.dir).toBe(path.join(outDir, 'linux-x64'));
    expect(fs.readdirSync(outDir)).toEqual(['linux-x64']); // no staging folder left
    expect(fs.readdirSync(result.dir).sort()).toEqual(['LICENSE.txt', 'SHA256SUMS', 'SOURCE.txt', 'ffmpeg', 'ffprobe']);
    expect(result.report.ok).toBe(true);
    expect(result.report.missing).toEqual([]);
    expect(fs.readFileSync(path.join(result.dir, 'LICENSE.txt'), 'utf8')).toContain('GNU General Public License');
    expect(fs.readFileSync(path.join(result.dir, 'SHA256SUMS'), 'utf8')).toBe(`${sha('/usr/bin/ffmpeg')}  ffmpeg\n${sha('/usr/bin/ffprobe')}  ffprobe\n`);
    expect(fs.readFileSync(path.join(result.dir, 'SOURCE.txt'), 'utf8')).toMatch(/^ffmpeg version .*\nffprobe version .*\nfrom: test\n$/);
    // The locator finds it through the resources folder, as in the installed app.
    const tools = locateFfmpeg({ settingPath: null, resourcesPath: path.dirname(outDir), platform: 'linux', arch: 'x64', envPath: '', ffmpegStaticPath: null });
    expect(tools).toEqual({ ffmpeg: path.join(result.dir, 'ffmpeg'), ffprobe: path.join(result.dir, 'ffprobe'), source: 'bundled' });
  });

  it('refuses a build without xfade and leaves nothing behind', async () => {
    const fake = path.join(work, 'old-build', 'ffmpeg');
    fs.mkdirSync(path.dirname(fake), { recursive: true });
    fs.writeFileSync(fake, '#!/bin/sh\n/usr/bin/ffmpeg "$@" | grep -v " xfade "\n', { mode: 0o755 });
    const outDir = path.join(work, 'bad', 'ffmpeg');
    await expect(stageFfmpeg({ ffmpeg: fake, ffprobe: '/usr/bin/ffprobe', outDir, platform: 'linux', arch: 'x64', source: 'test' })).rejects.toThrow(
      /fails Shotline's self-test, so it was not staged: .*filter "xfade"/,
    );
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('says which binary is missing', async () => {
    await expect(stageFfmpeg({ ffmpeg: path.join(work, 'none'), ffprobe: '/usr/bin/ffprobe', outDir: path.join(work, 'x'), platform: 'linux', arch: 'x64', source: 'test' })).rejects.toThrow(
      `ffmpeg was not found at ${path.join(work, 'none')}`,
    );
  });
});

describe('packagePaths', () => {
  const fakePackages = (prefix: string, ffmpeg: string | null) => {
    for (const [name, file] of [['ffmpeg-static', ffmpeg], ['@derhuerst/ffprobe-static', '/bin/ffprobe-here']] as const) {
      const dir = path.join(prefix, 'node_modules', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '5.3.0', main: 'index.js' }));
      fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(file)};\n`);
    }
    return prefix;
  };

  it('asks the installed ffmpeg-static and @derhuerst/ffprobe-static packages for their binaries', () => {
    expect(packagePaths(fakePackages(path.join(work, 'prefix'), '/bin/ffmpeg-here'))).toEqual({ ffmpeg: '/bin/ffmpeg-here', ffprobe: '/bin/ffprobe-here' });
  });

  it('says so when a package has no binary for this platform', () => {
    // ffmpeg-static exports null on a platform it has no build for.
    expect(() => packagePaths(fakePackages(path.join(work, 'prefix-none'), null))).toThrow(/has no binary for/);
  });
});
