/**
 * Temp-then-rename helpers, so a crash or a failed ffmpeg run never leaves a half-made file
 * under its final name. Temp files sit beside the target (same folder, so rename is atomic)
 * and keep the target's extension, because ffmpeg picks the container from it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Writes bytes to `target` through a temp file and a rename. */
export async function writeFileAtomically(target: string, data: Buffer | string): Promise<void> {
  await writeFileAtomic(target, data);
}

/** A temp path beside `target` with the same extension, e.g. `take.mp4` -> `.take.3f2a.partial.mp4`. */
export function tempPathFor(target: string): string {
  const ext = path.extname(target);
  const base = path.basename(target, ext);
  return path.join(path.dirname(target), `.${base}.${crypto.randomBytes(4).toString('hex')}.partial${ext}`);
}

/** Removes a file if it exists; never throws (used in cleanup paths). */
export async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => {});
}

/**
 * Runs `produce(tempPath)` and renames the result onto `target`. If `produce` throws, the temp
 * file is removed and the error is passed on; `target` is untouched either way.
 */
export async function produceAtomically<T>(target: string, produce: (tempPath: string) => Promise<T>): Promise<T> {
  const temp = tempPathFor(target);
  try {
    const result = await produce(temp);
    await fs.rename(temp, target);
    return result;
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}
