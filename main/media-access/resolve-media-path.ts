/**
 * Turns a path requested by the page (`/media/<path>` on the dev host, `shotline-media://project/<path>`
 * in Electron) into an absolute file inside a root folder, or refuses it. The request path is
 * hostile input: it is decoded exactly once, and anything that could step outside the root is
 * refused before the file system is touched; symlinks are then resolved and checked against the
 * root's real path, so a link inside the project that points elsewhere is refused too.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Why a path was refused, with the HTTP status both hosts answer with. */
export interface MediaPathRefusal {
  ok: false;
  status: 400 | 403 | 404;
  message: string;
}

/** A path that was checked: the real absolute file and its size. */
export interface MediaPathResolved {
  ok: true;
  file: string;
  size: number;
}

export type MediaPathResult = MediaPathResolved | MediaPathRefusal;

const refuse = (status: MediaPathRefusal['status'], message: string): MediaPathRefusal => ({ ok: false, status, message });

/**
 * Checks a still percent-encoded relative path (no leading slash needed) and returns its
 * segments, or a refusal. Pure: no file system access.
 */
export function checkRequestedPath(encoded: string): string[] | MediaPathRefusal {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return refuse(400, 'The media path is not valid percent-encoding. Request a path the app gave you.');
  }
  // Decoded once only; a second layer of encoding (`%252e%252e%252f`) is an attack, not a file
  // name the app ever writes, so any remaining escape is refused rather than decoded again.
  if (/%[0-9a-f]{2}/i.test(decoded)) return refuse(400, 'The media path is encoded twice. Request a path the app gave you.');
  if (decoded.includes('\0')) return refuse(400, 'The media path contains a NUL character.');
  if (decoded.includes('\\')) return refuse(400, 'The media path contains a backslash; use forward slashes.');
  // The caller strips the route prefix exactly, so a leading slash here means an absolute path.
  if (decoded.startsWith('/') || /^[a-zA-Z]:/.test(decoded)) {
    return refuse(400, 'The media path is absolute; request a path relative to the project folder.');
  }
  const segments = decoded.split('/');
  if (decoded === '' || segments.some((s) => s === '')) return refuse(400, 'The media path is empty or has an empty segment.');
  if (segments.some((s) => s === '..' || s === '.')) return refuse(403, 'The media path leaves the project folder.');
  return segments;
}

/**
 * Resolves `encoded` (the part after the media prefix, still percent-encoded) inside `root`.
 * Refuses traversal, absolute paths, NUL, symlinks leading out of `root`, and anything that is
 * not a regular file.
 */
export async function resolveMediaPath(root: string, encoded: string): Promise<MediaPathResult> {
  const segments = checkRequestedPath(encoded);
  if (!Array.isArray(segments)) return segments;
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return refuse(404, 'The project folder is gone. Reopen the project.');
  }
  const candidate = path.join(realRoot, ...segments);
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    return refuse(404, `No media file at ${segments.join('/')}.`);
  }
  if (!real.startsWith(realRoot + path.sep)) return refuse(403, 'The media path leads outside the project folder.');
  const stat = await fs.stat(real).catch(() => null);
  if (!stat?.isFile()) return refuse(404, `No media file at ${segments.join('/')}.`);
  return { ok: true, file: real, size: stat.size };
}
