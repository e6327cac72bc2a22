/**
 * Where an export goes unless the user types another path: the project's media folder (which
 * always exists, travels with the project and can be played through the media route), named
 * after the project with a time stamp so a new export never replaces an old one.
 */
/** `extension` is the format's, with or without its dot (`.mp4`, `txt`). */
export function defaultOutputPath(projectPath: string, name: string, extension: string, now = new Date()): string {
  const ext = extension.replace(/^\./, '');
  const sep = projectPath.includes('\\') && !projectPath.includes('/') ? '\\' : '/';
  const safe = name.replace(/[\\/:*?"<>|\0]/g, '-').trim() || 'export';
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${projectPath.replace(/[\\/]+$/, '')}${sep}media${sep}${safe} ${stamp}.${ext}`;
}

/** The path relative to the project folder (forward slashes), or null when the file is outside it. */
export function pathInProject(projectPath: string, file: string): string | null {
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/\/+$/, '');
  const root = `${norm(projectPath)}/`;
  const target = norm(file);
  if (!target.startsWith(root)) return null;
  const rel = target.slice(root.length);
  return rel.split('/').some((seg) => seg === '..' || seg === '') ? null : rel;
}
