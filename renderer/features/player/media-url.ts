/**
 * URL of a project file for <video>/<img>: under the host's media base (the Electron media
 * protocol or the dev host's /media/ route), never file://. Each path segment is encoded once,
 * which is what main's media access expects.
 */
export function mediaUrl(mediaBase: string, relativePath: string): string {
  const base = mediaBase.endsWith('/') ? mediaBase : `${mediaBase}/`;
  return base + relativePath.split('/').map(encodeURIComponent).join('/');
}
