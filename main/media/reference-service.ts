/**
 * Reference images of shots and elements: add uploaded bytes (all or nothing), remove,
 * reorder, set the fit, and write fitted previews. Files are content-addressed in media/refs
 * (see import-reference.ts); removing a reference keeps its file, so undo can put it back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FittedPreview, ReferenceOwner, ReferenceTarget, UploadedFile } from '../../shared/contract/references';
import type { ImageFit, ReferenceImage } from '../../shared/domain';
import { UserError, invalid } from '../errors';
import type { ProjectStore } from '../store/project-store';
import { ensureMediaDir, relativeInProject } from '../store/project-folder';
import { fitImage } from './fit-image';
import { importReferenceImage } from './import-reference';

/** Decodes base64 bytes the contract already checked for shape. */
export function decodeUpload(file: UploadedFile): Uint8Array {
  return Buffer.from(file.dataBase64, 'base64');
}

function listOf(store: ProjectStore, target: ReferenceTarget): ReferenceImage[] {
  if (target.kind === 'endFrame') {
    const end = store.shots.get(target.id).endFrame;
    return end ? [end] : [];
  }
  return target.kind === 'shot' ? store.shots.get(target.id).references : store.elements.get(target.id).images;
}

function write(store: ProjectStore, target: ReferenceTarget, refs: ReferenceImage[]): ReferenceOwner {
  // A shot has one end frame: the image added last replaces it.
  if (target.kind === 'endFrame') return { shot: store.shots.setEndFrame(target.id, refs[refs.length - 1] ?? null), element: null };
  if (target.kind === 'shot') return { shot: store.shots.setReferences(target.id, refs), element: null };
  return { shot: null, element: store.elements.update(target.id, { images: refs }) };
}

function findRef(refs: ReferenceImage[], id: string): ReferenceImage {
  const ref = refs.find((r) => r.id === id);
  if (!ref) throw new UserError('not_found', `Reference ${id} is not on this shot or element any more. Reload the project.`);
  return ref;
}

/** Adds every file, or none: a refused file removes the files this call created, and says why. */
export async function addReferences(
  store: ProjectStore,
  target: ReferenceTarget,
  files: UploadedFile[],
  fit: ImageFit = 'cover',
): Promise<ReferenceOwner> {
  listOf(store, target); // not_found before any file is written
  const refsDir = ensureMediaDir(store.dir, 'refs');
  const existedBefore = new Set(await fs.readdir(refsDir));
  const added: ReferenceImage[] = [];
  try {
    for (const file of files) added.push(await importReferenceImage(store.dir, { bytes: decodeUpload(file), name: file.name }, fit));
    // Re-read: the list may have changed while the images were decoded.
    return write(store, target, [...listOf(store, target), ...added]);
  } catch (error) {
    for (const ref of added) {
      if (!existedBefore.has(path.basename(ref.path))) await fs.rm(store.resolve(ref.path), { force: true });
    }
    if (files.length > 1 && error instanceof UserError && error.code === 'invalid_input') {
      throw invalid(`${error.message} Nothing was added.`);
    }
    throw error;
  }
}

export function removeReference(store: ProjectStore, target: ReferenceTarget, referenceId: string): ReferenceOwner {
  const refs = listOf(store, target);
  findRef(refs, referenceId);
  return write(store, target, refs.filter((r) => r.id !== referenceId));
}

export function reorderReferences(store: ProjectStore, target: ReferenceTarget, ids: string[]): ReferenceOwner {
  const refs = listOf(store, target);
  const same = ids.length === refs.length && new Set(ids).size === ids.length && refs.every((r) => ids.includes(r.id));
  if (!same) throw invalid('The new order must list every reference of this shot or element exactly once. Reload and try again.');
  return write(store, target, ids.map((id) => findRef(refs, id)));
}

export function setReferenceFit(store: ProjectStore, target: ReferenceTarget, referenceId: string, fit: ImageFit): ReferenceOwner {
  const refs = listOf(store, target);
  findRef(refs, referenceId);
  return write(store, target, refs.map((r) => (r.id === referenceId ? { ...r, fit } : r)));
}

/**
 * The reference fitted to `size` as a PNG under media/cache/fit, named by source, size and fit,
 * so asking twice costs one file.
 */
export async function previewReference(
  store: ProjectStore,
  target: ReferenceTarget,
  referenceId: string,
  size: string,
  fit?: ImageFit,
): Promise<FittedPreview> {
  const ref = findRef(listOf(store, target), referenceId);
  const useFit = fit ?? ref.fit;
  const [width, height] = size.split('x').map(Number) as [number, number];
  const key = crypto.createHash('sha256').update(`${ref.path}|${width}x${height}|${useFit}`).digest('hex').slice(0, 16);
  const dest = path.join(ensureMediaDir(store.dir, 'cache/fit'), `${key}.png`);
  const exists = await fs.stat(dest).then((s) => s.isFile(), () => false);
  if (!exists) await fitImage(store.resolve(ref.path), dest, width, height, useFit);
  return { path: relativeInProject(store.dir, dest), width, height, fit: useFit };
}
