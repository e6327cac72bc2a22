/**
 * The example project shipped with the app (examples/lighthouse: shots.json + drawn reference
 * images). The packaged app carries it outside the asar, at `<resourcesPath>/examples/lighthouse`
 * (electron-builder extraResources from out/examples, staged by `npm run build:example`); a
 * checkout finds it under out/examples or examples/. "Opening the example" never touches the
 * shipped files: it makes a new project in the projects folder and imports the shot list into
 * it, which copies every image into the project's own media.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import type { Workspace } from '../app/workspace';
import { importShotlist, type ShotlistImportResult } from '../services/shotlist-import';
import { projectDirFor } from '../store/project-folder';

/** Folder name of the example, under `examples/`. */
export const EXAMPLE_NAME = 'lighthouse';

/** Where to look for the example. */
export interface ExampleLocatorInputs {
  /** Electron's `process.resourcesPath` in a packaged app; null elsewhere. */
  resourcesPath?: string | null;
  /** Checkout root (unpackaged runs: Electron's app path, or the dev host's working folder). */
  appRoot?: string | null;
}

/** Images named in a shot list (element images and shot references), relative to it. */
function imagesOf(list: unknown): string[] {
  const out: string[] = [];
  const data = list as { elements?: Array<{ images?: unknown }>; shots?: Array<{ references?: unknown }>; scenes?: Array<{ shots?: Array<{ references?: unknown }> }> };
  for (const e of data.elements ?? []) if (Array.isArray(e.images)) out.push(...e.images.filter((x): x is string => typeof x === 'string'));
  for (const s of [...(data.shots ?? []), ...(data.scenes ?? []).flatMap((scene) => scene.shots ?? [])]) if (Array.isArray(s.references)) out.push(...s.references.filter((x): x is string => typeof x === 'string'));
  return out;
}

/** True when `dir` holds a readable shots.json whose every image exists. */
export function isCompleteExample(dir: string): boolean {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(dir, 'shots.json'), 'utf8')) as unknown;
    return imagesOf(list).every((rel) => fs.existsSync(path.join(dir, rel)));
  } catch {
    return false;
  }
}

/** Candidate folders, most specific first. */
export function exampleCandidates(inputs: ExampleLocatorInputs): string[] {
  const out: string[] = [];
  if (inputs.resourcesPath) out.push(path.join(inputs.resourcesPath, 'examples', EXAMPLE_NAME));
  const root = inputs.appRoot;
  if (root) out.push(path.join(root, 'out', 'examples', EXAMPLE_NAME), path.join(root, 'examples', EXAMPLE_NAME));
  return out;
}

/** The first complete copy of the example, or a UserError saying where it looked and what to do. */
export function locateBundledExample(inputs: ExampleLocatorInputs): string {
  const candidates = exampleCandidates(inputs);
  const found = candidates.find(isCompleteExample);
  if (found) return found;
  throw new UserError(
    'not_found',
    `The bundled example project is missing or incomplete (looked in ${candidates.join(', ') || 'no folder'}). Reinstall Shotline; in a source checkout run \`npm run build:example\` first.`,
  );
}

/** `Lighthouse`, or `Lighthouse 2`, `Lighthouse 3`... whichever has no folder yet. */
export function freeProjectName(parentDir: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!fs.existsSync(projectDirFor(parentDir, name))) return name;
  }
}

/** What opening the example did. */
export interface OpenedExample extends ShotlistImportResult {
  /** The new project's folder. */
  dir: string;
}

/**
 * Creates a fresh project from the example in `parentDir` (default: the projects folder in
 * settings) and opens it in the workspace. If the import fails, the half-made project is closed
 * and removed, so a retry starts clean.
 */
export async function openExampleCopy(workspace: Workspace, options: { exampleDir: string; parentDir: string }): Promise<OpenedExample> {
  const shotsFile = path.join(options.exampleDir, 'shots.json');
  const list = JSON.parse(fs.readFileSync(shotsFile, 'utf8')) as { name?: unknown; size?: unknown; fps?: unknown };
  const parentDir = options.parentDir;
  const base = typeof list.name === 'string' && list.name.trim() ? list.name.trim() : 'Example';
  const { store } = await workspace.create({ name: freeProjectName(parentDir, base), parentDir });
  const dir = store.dir;
  try {
    return { ...(await importShotlist(store, shotsFile)), dir };
  } catch (error) {
    await workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
