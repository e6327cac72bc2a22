/**
 * Packs the real build output with electron-builder (`--linux dir`) against a stub Electron
 * made here (no download), then checks what went into app.asar, what stayed unpacked, and that
 * the fuses were flipped in the binary. Takes ~30 s, most of it electron-builder walking
 * node_modules.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../main/media/ffmpeg-locator';
import { locateBundledExample } from '../../main/release/bundled-example';
import { bundleMain } from '../../main/build/bundle-main';
import { stageExample } from '../../main/build/stage-example';

const repo = path.resolve(import.meta.dirname, '../..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let work: string;
let appOutDir: string;
let entries: string[];
let log = '';
/** Stand-in ffmpeg binaries for the pack (the release workflow stages real ones there). */
const ffmpegStage = path.join(repo, 'out', 'ffmpeg', `linux-${process.arch}`);
let madeFfmpegStage = false;

/** A stand-in Electron tree: an `electron` executable holding a fuse wire, and resources/. */
function makeStubElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  // Fuse wire v1, 8 fuses, all in Electron's shipped state (1 = enabled, 0 = disabled).
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('11110001')]);
  const script = Buffer.from('#!/bin/sh\necho "stub electron"\nexit 0\n# ');
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stub');
  fs.writeFileSync(path.join(dir, 'version'), '45.5.0');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-pack-'));
  await bundleMain();
  if (!fs.existsSync(path.join(repo, 'out/renderer/index.html'))) {
    // `npm test` builds the renderer before vitest; build it here when run on its own.
    const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts'], { cwd: repo, encoding: 'utf8' });
    if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stderr}`);
  }
  makeStubElectron(path.join(work, 'electron-dist'));
  await stageExample();
  if (!fs.existsSync(ffmpegStage)) {
    fs.mkdirSync(ffmpegStage, { recursive: true });
    for (const tool of ['ffmpeg', 'ffprobe']) fs.writeFileSync(path.join(ffmpegStage, tool), `#!/bin/sh\necho stand-in ${tool}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(ffmpegStage, 'LICENSE.txt'), 'GNU General Public License (stand-in)');
    madeFfmpegStage = true;
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/electron-builder/cli.js',
        '--linux',
        'dir',
        `-c.electronDist=${path.join(work, 'electron-dist')}`,
        `-c.directories.output=${path.join(work, 'dist')}`,
        // Rebuilding natives for Electron's ABI needs its headers (a download); the pack does not.
        '-c.npmRebuild=false',
      ],
      // The GitHub publish config takes owner/repo from the git remote on the release runner;
      // this checkout may have none, so name it the way CI services do.
      { cwd: repo, env: { ...process.env, CI: '1', TRAVIS_REPO_SLUG: 'shotline-test/shotline' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`electron-builder exited with ${code}:\n${log}`);
  const unpackedDir = fs.readdirSync(path.join(work, 'dist')).find((d) => d.startsWith('linux') && d.endsWith('unpacked'));
  appOutDir = path.join(work, 'dist', unpackedDir!);
  entries = listPackage(path.join(appOutDir, 'resources', 'app.asar'), { isPack: false });
}, 240_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (madeFfmpegStage) fs.rmSync(ffmpegStage, { recursive: true, force: true });
});

describe('packaged app (linux dir, stub Electron)', () => {
  it('holds the bundles, the page and package.json', () => {
    for (const file of ['/out/main/electron-main.cjs', '/out/main/preload.cjs', '/out/renderer/index.html', '/package.json']) {
      expect(entries, file).toContain(file);
    }
  });

  it('holds no tests, no TypeScript sources, no source maps, no sources of ours', () => {
    expect(entries.filter((e) => e.startsWith('/test/') || e === '/test')).toEqual([]);
    expect(entries.filter((e) => /\.(ts|tsx|mts|cts)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    const topLevel = new Set(entries.map((e) => e.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
  });

  it('holds no dev dependencies', () => {
    for (const dev of ['vitest', 'typescript', 'electron', 'electron-builder', 'vite', 'eslint', 'esbuild', 'tsx', 'react', 'react-dom', 'jsdom', 'playwright-core']) {
      expect(entries, dev).not.toContain(`/node_modules/${dev}`);
    }
    // Production dependencies loaded at run time are there.
    expect(entries).toContain('/node_modules/better-sqlite3/package.json');
  });

  it("keeps better-sqlite3's native addon unpacked, outside the archive", () => {
    const addon = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(fs.existsSync(addon)).toBe(true);
    expect(fs.existsSync(path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'test_extension.node'))).toBe(false);
  });

  it('ships the title-card fonts as real files under resources/assets/fonts', () => {
    const fonts = path.join(appOutDir, 'resources', 'assets', 'fonts');
    expect(fs.existsSync(path.join(fonts, 'DejaVuSans.ttf'))).toBe(true);
    expect(fs.existsSync(path.join(fonts, 'DejaVuSans-Bold.ttf'))).toBe(true);
  });

  it('ships ffmpeg and ffprobe outside the asar, where the locator finds them through resourcesPath', () => {
    const dir = path.join(appOutDir, 'resources', 'ffmpeg', `linux-${process.arch}`);
    for (const tool of ['ffmpeg', 'ffprobe']) {
      expect(fs.statSync(path.join(dir, tool)).mode & 0o111, `${tool} is executable`).not.toBe(0);
    }
    expect(fs.existsSync(path.join(dir, 'LICENSE.txt'))).toBe(true);
    const tools = locateFfmpeg({ settingPath: null, resourcesPath: path.join(appOutDir, 'resources'), platform: 'linux', arch: process.arch, envPath: '', ffmpegStaticPath: null });
    expect(tools).toEqual({ ffmpeg: path.join(dir, 'ffmpeg'), ffprobe: path.join(dir, 'ffprobe'), source: 'bundled' });
    expect(entries.filter((e) => /ffmpeg-static|\/ffmpeg\/linux/.test(e))).toEqual([]);
  });

  it('ships the example project, complete, where the welcome screen and the smoke test look', () => {
    const resourcesPath = path.join(appOutDir, 'resources');
    expect(locateBundledExample({ resourcesPath, appRoot: null })).toBe(path.join(resourcesPath, 'examples', 'lighthouse'));
    expect(fs.readdirSync(path.join(resourcesPath, 'examples', 'lighthouse', 'refs')).sort()).toEqual(['cliff.png', 'lamp-room.png', 'lighthouse.png', 'mara.png', 'tomas.png']);
    expect(entries.filter((e) => e.startsWith('/examples'))).toEqual([]);
  });

  it('writes the update feed config (GitHub releases) into the app for electron-updater', () => {
    const feed = fs.readFileSync(path.join(appOutDir, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toContain('provider: github');
    expect(feed).toContain('owner: shotline-test');
    expect(feed).toContain('repo: shotline');
  });

  it('flips the Electron fuses in the binary', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'shotline'));
    const DISABLE = 48;
    const ENABLE = 49;
    expect(wire[0], 'RunAsNode').toBe(DISABLE);
    expect(wire[2], 'EnableNodeOptionsEnvironmentVariable').toBe(DISABLE);
    expect(wire[3], 'EnableNodeCliInspectArguments').toBe(DISABLE);
    expect(wire[4], 'EnableEmbeddedAsarIntegrityValidation').toBe(ENABLE);
    expect(wire[5], 'OnlyLoadAppFromAsar').toBe(ENABLE);
    expect(wire[7], 'GrantFileProtocolExtraPrivileges').toBe(DISABLE);
  });
});
