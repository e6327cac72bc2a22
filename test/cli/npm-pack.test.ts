/**
 * The package as a user installs it: `npm pack` (which runs `prepare`, so the bundle is fresh) in
 * a copy of the checkout's files, then the tarball installed with production dependencies only into an empty prefix in the temp
 * folder, outside the checkout, so nothing can resolve from the checkout's node_modules. The
 * installed `shotline` renders a two-shot list of title cards (the animatic, with the shipped
 * fonts), checked with ffprobe.
 *
 * The install's cost is better-sqlite3, which compiles from source here because its prebuilt
 * download is blocked: about 60 s of one core. In CI, and with SHOTLINE_PACK_FRESH=1, every run
 * installs from nothing. Elsewhere the first run keeps its installed dependencies in the temp
 * folder, under a name made from the package's dependency list, Node's ABI and the platform;
 * later runs copy them into a new prefix and `npm install` the new tarball there (npm keeps what
 * matches and adds shotline), a few seconds.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

// The parent npm (`npm test`) exports its own settings as npm_* variables; a child npm must not
// inherit them (npm_config_local_prefix would point it at the checkout).
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...env, NO_COLOR: '1', ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function ok(command: string, args: string[], cwd: string, extraEnv?: Record<string, string>): Promise<Run> {
  const result = await run(command, args, cwd, extraEnv);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result;
}

/** Installed dependencies kept between runs (not in CI), named for what they were installed from. */
function dependencyCacheDir(): string {
  const key = JSON.stringify([pkg.dependencies, pkg.optionalDependencies, process.versions.modules, process.platform, process.arch]);
  return path.join(os.tmpdir(), `shotline-pack-deps-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
}

let packed: string[];
let prepareLog: string;
let prefix: string;
let installed: string;
let installSeconds: number;
let reusedDependencies: boolean;

/**
 * The checkout's files as git lists them (tracked and new, not ignored), with its node_modules
 * linked. Packing there builds the bundle from the current sources without rewriting the
 * checkout's out/ under tests that are running it, and packs what a clean checkout holds (npm
 * always adds package.json's `main`, the Electron entry, when an earlier build left it in out/).
 */
async function copyOfCheckout(): Promise<string> {
  const copy = makeTempDir('checkout');
  const listed = await ok('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(root, file))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(copy, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

beforeAll(async () => {
  const out = makeTempDir('pack');
  const pack = await ok('npm', ['pack', '--json', '--pack-destination', out], await copyOfCheckout());
  prepareLog = pack.stderr;
  const [result] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = result!.files.map((f) => f.path).sort();
  const tarball = path.join(out, result!.filename);

  prefix = makeTempDir('pack prefix');
  // Its own package.json, so npm installs here and never looks further up for a project.
  fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'pack-test', private: true }));
  const cache = dependencyCacheDir();
  const fresh = Boolean(process.env.CI) || process.env.SHOTLINE_PACK_FRESH === '1';
  reusedDependencies = !fresh && fs.existsSync(path.join(cache, 'complete'));
  if (reusedDependencies) fs.cpSync(path.join(cache, 'node_modules'), path.join(prefix, 'node_modules'), { recursive: true, verbatimSymlinks: true });

  const started = performance.now();
  await ok('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], prefix);
  installSeconds = (performance.now() - started) / 1000;
  installed = path.join(prefix, 'node_modules', 'shotline');
  console.log(`npm install of the tarball: ${installSeconds.toFixed(1)} s (${reusedDependencies ? 'dependencies copied from an earlier run' : 'from nothing'})`);

  if (!fresh && !reusedDependencies) {
    // Keep the dependencies for later runs: copied aside, then renamed into place in one step,
    // so a run that finds the folder finds it whole.
    const staging = `${cache}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(path.join(prefix, 'node_modules'), path.join(staging, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => src !== installed && src !== path.join(prefix, 'node_modules', '.bin', 'shotline'),
    });
    fs.writeFileSync(path.join(staging, 'complete'), '');
    try {
      fs.renameSync(staging, cache);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // Another run kept its copy first.
    }
  }
}, 600_000);

describe('npm pack', () => {
  it('runs prepare, which bundles the CLI', () => {
    expect(prepareLog).toMatch(/shotline prepare: built out\/cli\/shotline\.mjs and \d+ chunks/);
  });

  it('packs the CLI bundle, one chunk per command, the fonts and package.json, and no sources, tests or maps', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'out/cli/shotline.mjs', 'assets/fonts/DejaVuSans.ttf', 'assets/fonts/DejaVuSans-Bold.ttf', 'assets/fonts/LICENSE-DejaVu.txt', 'main/build/prepare.mjs']));
    for (const name of ['new', 'import', 'info', 'models', 'estimate', 'generate', 'export', 'stills', 'render', 'sheet']) {
      expect(packed.filter((p) => new RegExp(`^out/cli/chunks/${name}-command-[A-Z0-9]+\\.mjs$`).test(p))).toHaveLength(1);
    }
    const allowed = /^(package\.json|README\.md|main\/build\/prepare\.mjs|out\/cli\/shotline\.mjs|out\/cli\/chunks\/[\w-]+\.mjs|assets\/fonts\/[\w-]+\.(ttf|txt))$/;
    expect(packed.filter((p) => !allowed.test(p))).toEqual([]);
  });
});

describe('the tarball installed with production dependencies only', () => {
  it('has no dev dependencies beside it', () => {
    for (const dev of ['esbuild', 'tsx', 'typescript', 'vitest', 'electron']) expect(fs.existsSync(path.join(prefix, 'node_modules', dev)), dev).toBe(false);
    expect(fs.existsSync(path.join(installed, 'main/cli'))).toBe(false);
  });

  it('prints its version and renders a shot list with the animatic to an MP4', async () => {
    const bin = path.join(prefix, 'node_modules', '.bin', 'shotline');
    const work = makeTempDir('pack run');
    const home = { SHOTLINE_HOME: path.join(work, 'home') };
    expect(await ok(bin, ['--version'], work, home)).toMatchObject({ stdout: `${pkg.version}\n`, stderr: '' });

    const list = path.join(work, 'Mon film');
    fs.mkdirSync(list);
    fs.writeFileSync(
      path.join(list, 'shots.json'),
      JSON.stringify({
        name: 'Packed',
        size: '640x360',
        fps: 24,
        shots: [
          { title: 'Opening', prompt: 'A title card', seconds: 1 },
          { title: 'Closing', prompt: 'Another card', seconds: 1, camera: 'push in' },
        ],
      }),
    );
    const film = path.join(work, 'film.mp4');
    const rendered = await ok(bin, ['render', list, '--out', film], work, home);
    expect(rendered.stdout).toMatch(/Made 2 takes/);
    expect(rendered.stdout).toMatch(/Exported 2\.00 s to /);

    const probe = await ok('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', film], work);
    const data = JSON.parse(probe.stdout) as { streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>; format: { duration: string } };
    expect(data.streams.map((s) => `${s.codec_type}:${s.codec_name}${s.width ? `:${s.width}x${s.height}` : ''}`).sort()).toEqual(['audio:aac', 'video:h264:640x360']);
    expect(Number(data.format.duration)).toBeCloseTo(2, 1);
  }, 120_000);
});

describe('prepare where it cannot build', () => {
  it('succeeds quietly in the installed package, whose bundle came in the tarball', async () => {
    expect(await ok(process.execPath, [path.join(installed, 'main/build/prepare.mjs')], installed)).toMatchObject({ stdout: '', stderr: '' });
  });

  it('succeeds beside the sources when esbuild and tsx are missing (npm ci --omit=dev), saying what is missing', async () => {
    const checkout = makeTempDir('no dev deps');
    fs.mkdirSync(path.join(checkout, 'main/build'), { recursive: true });
    for (const file of ['prepare.mjs', 'bundle-cli.ts']) fs.copyFileSync(path.join(root, 'main/build', file), path.join(checkout, 'main/build', file));
    const bare = await ok(process.execPath, ['main/build/prepare.mjs'], checkout);
    expect(bare.stderr).toMatch(/dev dependencies \(esbuild, tsx\) are not installed, so the CLI bundle was not built/);

    fs.mkdirSync(path.join(checkout, 'out/cli'), { recursive: true });
    fs.writeFileSync(path.join(checkout, 'out/cli/shotline.mjs'), '');
    const kept = await ok(process.execPath, ['main/build/prepare.mjs'], checkout);
    expect(kept.stderr).toMatch(/keeping the CLI bundle already in out\/cli/);
  });
});
