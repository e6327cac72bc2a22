/**
 * Whether a job writing `written` is the export asked for at `requested`: the same file, or a
 * hand-off folder's file (`<dir>/<name>.fcpxml` writes `<dir>/<name>/<name>.fcpxml`).
 */
export function writtenFor(requested: string, written: string): boolean {
  if (requested === written) return true;
  const folder = requested.replace(/\.[^./\\]+$/, '');
  return folder !== requested && (written.startsWith(`${folder}/`) || written.startsWith(`${folder}\\`));
}
