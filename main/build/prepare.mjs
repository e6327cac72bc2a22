// The `prepare` script, which `npm ci`, `npm install` (with no arguments) and `npm pack` run:
// builds the CLI bundle (out/cli), so `npx shotline` works straight after `npm ci`.
//
// Plain JavaScript, so that it runs where the TypeScript tools are missing: installed from the
// packed tarball (no sources, the bundle is inside) or with --omit=dev (no esbuild, no tsx), it
// says why it builds nothing and succeeds. A real build error still fails the install.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundler = path.join(root, 'main/build/bundle-cli.ts');
const bundle = path.join(root, 'out/cli/shotline.mjs');
const note = (text) => process.stderr.write(`shotline prepare: ${text}\n`);

if (!fs.existsSync(bundler)) {
  // An installed package: its bundle was built by `npm pack`.
  if (!fs.existsSync(bundle)) note(`neither ${path.relative(root, bundle)} nor the sources to build it are here; the shotline command will not run.`);
  process.exit(0);
}

let tsImport;
try {
  ({ tsImport } = await import('tsx/esm/api'));
  await import('esbuild');
} catch {
  note(
    fs.existsSync(bundle)
      ? 'dev dependencies are not installed; keeping the CLI bundle already in out/cli.'
      : 'dev dependencies (esbuild, tsx) are not installed, so the CLI bundle was not built and `npx shotline` will not run. Install with dev dependencies, or run `npm run build:cli` once they are.',
  );
  process.exit(0);
}

const started = performance.now();
const { bundleCli } = await tsImport(bundler, import.meta.url);
const files = await bundleCli();
note(`built ${path.relative(root, bundle)} and ${files.length - 1} chunks in ${Math.round(performance.now() - started)} ms.`);
