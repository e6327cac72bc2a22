/**
 * The project folder: `Name.shotline/` holding `project.db` and `media/`. Every media path in
 * the store is relative to the folder (forward slashes); this module turns them into absolute
 * paths and refuses any that would leave the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { invalid } from '../errors';

export const PROJECT_SUFFIX = '.shotline';
export const DB_FILE = 'project.db';
export const MEDIA_DIR = 'media';

/** The folder for a new project called `name` inside `parentDir`. */
export function projectDirFor(parentDir: string, name: string): string {
  return path.join(parentDir, `${name}${PROJECT_SUFFIX}`);
}

/** `project.db` inside a project folder. */
export function dbPathOf(projectDir: string): string {
  return path.join(projectDir, DB_FILE);
}

/**
 * Resolves a stored relative path (e.g. `media/refs/a.png`) to an absolute path inside the
 * project folder. Throws for absolute paths, `..` segments, or anything resolving outside.
 */
export function resolveInProject(projectDir: string, relative: string): string {
  if (relative.includes('\0') || path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw invalid(`"${relative}" is not a path inside the project.`);
  }
  const segments = relative.split(/[\\/]+/);
  if (segments.some((s) => s === '..')) throw invalid(`"${relative}" leaves the project folder.`);
  const root = path.resolve(projectDir);
  const full = path.resolve(root, ...segments);
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw invalid(`"${relative}" leaves the project folder.`);
  }
  return full;
}

/** The relative, forward-slash form of an absolute path inside the project. */
export function relativeInProject(projectDir: string, absolute: string): string {
  const rel = path.relative(path.resolve(projectDir), path.resolve(absolute));
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw invalid(`${absolute} is outside the project folder.`);
  return rel.split(path.sep).join('/');
}

/** Creates `media/<sub>` if needed and returns its absolute path. */
export function ensureMediaDir(projectDir: string, sub: string): string {
  const dir = resolveInProject(projectDir, `${MEDIA_DIR}/${sub}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
