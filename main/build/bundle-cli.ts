/**
 * `npm run build:cli` (and `prepare`, so `npm ci` and `npm pack` run it): bundles the `shotline`
 * command to plain JavaScript, the package's `bin`.
 *
 * - out/cli/shotline.mjs from main/cli/shotline.ts: the entry, the argument handling and the
 *   command list, a few KB, all `--version` and `--help` load;
 * - out/cli/chunks/*.mjs: each command module and what it imports, loaded by the entry's
 *   dynamic imports (esbuild's ESM code splitting) only when that command runs.
 *
 * ESM for Node 20 (the package's `engines`). Native and binary-shipping packages stay external and
 * load from node_modules; everything else is bundled, the provider SDKs too: only the commands
 * that open a session load them, and one bundled chunk loads faster than the SDKs' hundreds of
 * files (see the README's Benchmarks). Run time needs only assets/fonts besides the bundle.
 *
 * Files are written to a temp name and renamed, so a CLI started while this runs (a test, say)
 * reads either the old file or the new one, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_OUT_DIR = path.join(root, 'out', 'cli');
/** The bundle's entry: package.json's `bin`. */
export const CLI_BUNDLE = path.join(CLI_OUT_DIR, 'shotline.mjs');

/** Loaded from node_modules at run time: native addons and packages that ship or find binaries. */
export const CLI_EXTERNALS = ['better-sqlite3', 'sharp', 'fluent-ffmpeg', 'ffmpeg-static'];

// Bundled CommonJS (the SDKs' dependencies) calls require() for Node built-ins and reads
// __filename (write-file-atomic names its temp files with it); an ES module has neither, so every
// output file gets a require made for it, and the two names become import.meta's (Node 20.11+).
const REQUIRE_SHIM = "import { createRequire as __shotlineCreateRequire } from 'node:module';\nconst require = __shotlineCreateRequire(import.meta.url);";

export async function bundleCli(options: { sourcemap?: boolean } = {}): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(root, 'main/cli/shotline.ts')],
    outdir: CLI_OUT_DIR,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: CLI_EXTERNALS,
    banner: { js: REQUIRE_SHIM },
    sourcemap: options.sourcemap ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'process.env.NODE_ENV': '"production"', __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' },
    write: false,
  });
  fs.mkdirSync(path.join(CLI_OUT_DIR, 'chunks'), { recursive: true });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents, { mode: file.path === CLI_BUNDLE ? 0o755 : 0o644 });
    fs.renameSync(temp, file.path);
    written.add(file.path);
  }
  // Chunks are named by their content hash: drop those of earlier builds (and their maps).
  for (const dir of [CLI_OUT_DIR, path.join(CLI_OUT_DIR, 'chunks')]) {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (!written.has(file) && fs.statSync(file).isFile()) fs.rmSync(file, { force: true });
    }
  }
  return [...written].filter((file) => file.endsWith('.mjs'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  bundleCli({ sourcemap: process.argv.includes('--sourcemap') }).then(
    (files) => {
      const kb = (file: string) => fs.statSync(file).size / 1024;
      const chunks = files.filter((file) => file !== CLI_BUNDLE);
      process.stdout.write(
        `${path.relative(root, CLI_BUNDLE)} ${kb(CLI_BUNDLE).toFixed(0)} KB, ${chunks.length} chunks ${chunks.reduce((sum, file) => sum + kb(file), 0).toFixed(0)} KB (${Math.round(performance.now() - started)} ms)\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`Bundling the CLI failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
