/**
 * Resolves files of the built renderer (out/renderer) for both hosts (the dev host's static
 * route and the Electron app protocol) with a single-page-app fallback: a path that is not
 * a file gets index.html, so reloading a deep link works. Path safety is media-access's, the
 * same checks as project media.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveMediaPath } from './resolve-media-path';

const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** A static file to send, or an error status with a message. */
export type StaticResult =
  | { ok: true; file: string; type: string; size: number; cache: string }
  | { ok: false; status: number; message: string };

export async function resolveStatic(rendererDir: string, pathname: string): Promise<StaticResult> {
  const index = path.join(rendererDir, 'index.html');
  const indexResult = async (): Promise<StaticResult> => {
    const stat = await fs.promises.stat(index).catch(() => null);
    if (!stat?.isFile()) {
      return { ok: false, status: 503, message: `The renderer is not built (${index} is missing). Run: npm run build:renderer` };
    }
    return { ok: true, file: index, type: STATIC_TYPES['.html']!, size: stat.size, cache: 'no-cache' };
  };
  const relative = pathname.replace(/^\//, '');
  if (relative === '' || relative === 'index.html') return indexResult();
  const found = await resolveMediaPath(rendererDir, relative);
  if (found.ok) {
    const type = STATIC_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    // Vite fingerprints everything under assets/, so those can be cached for good.
    const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return { ok: true, file: found.file, type, size: found.size, cache };
  }
  // A missing path without an extension is a client-side route: answer with the app.
  if (found.status === 404 && !path.posix.extname(relative)) return indexResult();
  return { ok: false, status: found.status, message: found.message };
}
