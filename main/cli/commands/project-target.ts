/**
 * What a `<dir>` argument names: a project folder, or a shot list to make one from. `render`
 * accepts a shot-list folder (holding shots.json) or the JSON file itself, so
 * `shotline render examples/lighthouse --out lighthouse.mp4` works straight from a checkout:
 * the first run imports the list into `<folder>/<Name>.shotline`, later runs reuse that
 * project (and its takes). A failed import removes the half-made project folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_SUFFIX } from '../../store/project-folder';
import type { CliIo } from '../command';

/** The file a shot-list folder is expected to hold. */
export const SHOTLIST_FILE = 'shots.json';

/** The shot list `target` names (a .json file, or a folder with shots.json and no project.db), else null. */
export function shotlistAt(target: string): string | null {
  if (target.toLowerCase().endsWith('.json') && fs.existsSync(target)) return target;
  if (fs.existsSync(path.join(target, 'project.db'))) return null;
  const file = path.join(target, SHOTLIST_FILE);
  return fs.existsSync(file) ? file : null;
}

/** A usable folder name for the project: the list's `name`, else the folder's name. */
function projectNameFor(file: string): string {
  let name: unknown;
  try {
    name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    // The import itself reports a broken file, with line and column.
  }
  const raw = typeof name === 'string' && name.trim() ? name.trim() : path.basename(path.dirname(file));
  return raw.replace(/[\\/:*?"<>|]/g, '-');
}

/**
 * Resolves `dir` to a project folder: itself, or (for a shot list) the project made from it,
 * created and imported on first use.
 */
export async function projectFromTarget(dir: string, io: CliIo): Promise<string> {
  const target = path.resolve(io.cwd, dir);
  const file = shotlistAt(target);
  if (!file) return target;
  const project = path.join(path.dirname(file), `${projectNameFor(file)}${PROJECT_SUFFIX}`);
  if (fs.existsSync(path.join(project, 'project.db'))) {
    io.err(`Using ${project} (made from ${path.basename(file)} earlier; delete it to import the list again).`);
    return project;
  }
  const { ProjectStore } = await import('../../store/project-store');
  const { importShotlist } = await import('../../services/shotlist-import');
  const store = await ProjectStore.createAt(project, { name: path.basename(project, PROJECT_SUFFIX) });
  try {
    const result = await importShotlist(store, file);
    for (const warning of result.warnings) io.err(`warning: ${warning}`);
    io.err(`Made ${project} from ${path.basename(file)} (${result.shotsAdded} shots, ${result.elementsAdded} elements).`);
  } catch (error) {
    store.close();
    fs.rmSync(project, { recursive: true, force: true });
    throw error;
  }
  store.close();
  return project;
}
