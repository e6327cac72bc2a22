/**
 * `npm run build:main`: bundles the Electron main process and the preload with esbuild.
 *
 * - out/main/electron-main.cjs from main/shell/electron-main.ts
 * - out/main/preload.cjs from main/preload.ts (a sandboxed preload cannot load modules, so
 *   everything it uses is inlined; only `electron` stays external)
 *
 * CommonJS for Node 22 (Electron 45's Node). Native and binary-shipping packages stay external
 * and are loaded from node_modules (unpacked from the asar where they hold .node files).
 * Source maps only with --sourcemap, so release builds ship none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'out', 'main');

/** Packages loaded at run time rather than bundled. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'sharp', 'fluent-ffmpeg', 'ffmpeg-static', 'electron-updater'];

export async function bundleMain(options: { sourcemap?: boolean } = {}): Promise<string[]> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: options.sourcemap ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  fs.mkdirSync(outDir, { recursive: true });
  const outputs = [path.join(outDir, 'electron-main.cjs'), path.join(outDir, 'preload.cjs')];
  // Remove maps from an earlier --sourcemap build, so a release never ships stale ones.
  for (const file of fs.readdirSync(outDir)) if (file.endsWith('.map')) fs.rmSync(path.join(outDir, file));
  await Promise.all([
    build({ ...common, entryPoints: [path.join(root, 'main/shell/electron-main.ts')], outfile: outputs[0], external: MAIN_EXTERNALS }),
    build({ ...common, entryPoints: [path.join(root, 'main/preload.ts')], outfile: outputs[1], external: ['electron'] }),
  ]);
  return outputs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleMain({ sourcemap: process.argv.includes('--sourcemap') }).then(
    (files) => {
      for (const file of files) process.stdout.write(`${path.relative(root, file)} ${(fs.statSync(file).size / 1024).toFixed(0)} KB\n`);
    },
    (error: unknown) => {
      process.stderr.write(`Bundling the main process failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
