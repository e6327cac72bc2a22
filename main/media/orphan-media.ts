/**
 * Sweeps media nothing names any more. A reference image removed from a shot (or the sound
 * file of a deleted audio clip) stays in media/refs (media/audio) while the project is open, so
 * undo can put it back; when the project opens (after a crash) or closes (the page's undo
 * history goes with it), files in media/refs and media/audio that no row of the project names
 * are deleted, and fitted previews in media/cache/fit whose source is gone.
 *
 * "Names" is read from every text column of every table (main/store/named-media.ts), so a
 * take's stored inputs keep their files even when no shot uses them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectStore } from '../store/project-store';

/** What a sweep did. */
export interface SweepResult {
  /** Project-relative paths deleted. */
  removed: string[];
  /** Files looked at and kept. */
  kept: number;
}

const REFS = 'media/refs';
const FIT_CACHE = 'media/cache/fit';
const FITS = ['cover', 'contain'] as const;
/** A path under media/refs as stored in a row (JSON or a plain column). */
const REF_PATH = /media\/refs\/[A-Za-z0-9._-]+/g;
/** Normalised sound files of audio clips (kept for undo while open, like references). */
const AUDIO = 'media/audio';
const AUDIO_PATH = /media\/audio\/[A-Za-z0-9._-]+/g;

/** The cache key main/media/reference-service.ts gives a fitted preview. */
function fitKey(refPath: string, size: string, fit: string): string {
  return crypto.createHash('sha256').update(`${refPath}|${size}|${fit}`).digest('hex').slice(0, 16);
}

function filesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * Deletes unnamed files in media/refs, and previews in media/cache/fit that are not the fit of
 * a named reference at one of `sizes` (the registry's sizes and the house format: every size a
 * preview is asked at). A preview is only a cache: one deleted by mistake is made again.
 */
export function sweepOrphanMedia(store: ProjectStore, sizes: Iterable<string>): SweepResult {
  const named = store.namedMedia.matching('media/refs/', REF_PATH);
  const removed: string[] = [];
  let kept = 0;
  const remove = (relative: string) => {
    try {
      fs.rmSync(store.resolve(relative), { force: true });
      removed.push(relative);
    } catch {
      // Locked or already gone: the next sweep tries again.
    }
  };

  for (const name of filesIn(store.resolve(REFS))) {
    const relative = `${REFS}/${name}`;
    // Half-written temp files of an import in progress are the importer's to remove.
    if (name.startsWith('.')) continue;
    if (named.has(relative)) kept += 1;
    else remove(relative);
  }

  const namedAudio = store.namedMedia.matching(`${AUDIO}/`, AUDIO_PATH);
  for (const name of filesIn(store.resolve(AUDIO))) {
    const relative = `${AUDIO}/${name}`;
    if (name.startsWith('.')) continue;
    if (namedAudio.has(relative)) kept += 1;
    else remove(relative);
  }

  const liveKeys = new Set<string>();
  const sizeList = [...new Set(sizes)];
  for (const ref of named) for (const size of sizeList) for (const fit of FITS) liveKeys.add(fitKey(ref, size, fit));
  for (const name of filesIn(store.resolve(FIT_CACHE))) {
    if (name.startsWith('.')) continue;
    const key = path.basename(name, path.extname(name));
    if (liveKeys.has(key)) kept += 1;
    else remove(`${FIT_CACHE}/${name}`);
  }
  return { removed, kept };
}

/** Every size a fitted preview may be asked at: the registry's and the project's own. */
export function previewSizes(store: ProjectStore, registrySizes: Iterable<string>): string[] {
  const { width, height } = store.project.get().format;
  return [...registrySizes, `${width}x${height}`];
}
