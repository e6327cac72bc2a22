/**
 * `npm run build:example`: stages the bundled example project for the installers in
 * out/examples/lighthouse (shots.json + the reference images, drawn by
 * examples/lighthouse/make-refs.ts; the same drawings are committed for checkouts). electron-builder.yml copies that
 * folder to `<resources>/examples/lighthouse`, where main/release/bundled-example.ts finds it
 * for the welcome screen and the smoke test. Staged in a temp folder and renamed into place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type MakeRefs = { makeLighthouseRefs(outDir: string): Promise<string[]> };

/** Writes the example into `<outRoot>/lighthouse`; returns that folder. */
export async function stageExample(outRoot = path.join(root, 'out', 'examples')): Promise<string> {
  const source = path.join(root, 'examples', 'lighthouse');
  const dest = path.join(outRoot, 'lighthouse');
  fs.mkdirSync(outRoot, { recursive: true });
  const temp = fs.mkdtempSync(path.join(outRoot, '.lighthouse.staging-'));
  try {
    fs.copyFileSync(path.join(source, 'shots.json'), path.join(temp, 'shots.json'));
    // Loaded by path: examples/ is outside the main/ TypeScript project.
    const { makeLighthouseRefs } = (await import(pathToFileURL(path.join(source, 'make-refs.ts')).href)) as MakeRefs;
    await makeLighthouseRefs(path.join(temp, 'refs'));
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(temp, dest);
    return dest;
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  stageExample(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (dir) => process.stdout.write(`Staged the example in ${path.relative(root, dir) || dir}\n`),
    (error: unknown) => {
      process.stderr.write(`Staging the example failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
