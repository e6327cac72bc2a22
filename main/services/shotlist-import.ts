/**
 * Imports a shot-list JSON file (format: shared/shotlist.ts) into an open project: the file is
 * read, parsed and validated, every image is checked to exist, images are copied into the
 * project's media, and then elements, shots and the project style are written in ONE
 * transaction. Any failure leaves the project as it was (copied images that no row uses are
 * removed again), and the message names the file and the problem.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ReferenceImage } from '../../shared/domain';
import type { ProjectSnapshot } from '../../shared/contract/projects';
import {
  MAX_SHOTLIST_BYTES,
  Shotlist,
  describeShotlistIssues,
  mentionedNames,
  shotlistShots,
  type Shotlist as ShotlistData,
  type ShotlistShot,
} from '../../shared/shotlist';
import { UserError, invalid } from '../errors';
import { importReferenceImage } from '../media/import-reference';
import type { NewShotFields } from '../../shared/defaults';
import type { ProjectStore } from '../store/project-store';

/** What an import did. */
export interface ShotlistImportResult {
  snapshot: ProjectSnapshot;
  shotsAdded: number;
  /** Scenes the file made (0 for a file with top-level `shots`: they go into the last scene). */
  scenesAdded: number;
  elementsAdded: number;
  imagesImported: number;
  /** Things worth telling the user that did not stop the import (e.g. an unknown @mention). */
  warnings: string[];
}

/** Line and column (1-based) of a character offset, for JSON error messages. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Reads and parses the file; every failure names the file and says what to fix. */
function readJson(file: string): unknown {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError('not_found', `Cannot read the shot list ${file}: the file does not exist. Check the path.`);
  }
  if (!stat.isFile()) throw invalid(`The shot list ${file} is not a file. Give the path of a .json file.`);
  if (stat.size > MAX_SHOTLIST_BYTES) {
    throw invalid(`The shot list ${name} is ${Math.round(stat.size / 1e6)} MB; the limit is ${MAX_SHOTLIST_BYTES / 1e6} MB. Split it into several files.`);
  }
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(reason);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineAndColumn(text, offset);
    throw invalid(`The shot list ${name} is not valid JSON: ${reason.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}. Fix the file and import again.`);
  }
}

/** Validates the parsed file against the shot-list schema. */
function validate(data: unknown, file: string): ShotlistData {
  const parsed = Shotlist.safeParse(data);
  if (!parsed.success) {
    const lines = describeShotlistIssues(parsed.error);
    throw invalid(`The shot list ${path.basename(file)} has ${parsed.error.issues.length === 1 ? 'a problem' : 'problems'}:\n  ${lines.join('\n  ')}\nFix the file and import again.`);
  }
  return parsed.data;
}

/** Every image path in the file, resolved against the file's folder; refuses missing ones. */
function resolveImages(list: ShotlistData, file: string): Map<string, string> {
  const base = path.dirname(file);
  const resolved = new Map<string, string>();
  const missing: string[] = [];
  const written = [...list.elements.flatMap((e) => e.images), ...shotlistShots(list).flatMap(({ shot }) => shot.references)];
  for (const image of written) {
    if (resolved.has(image)) continue;
    const full = path.resolve(base, image);
    resolved.set(image, full);
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) missing.push(`"${image}" (looked for ${full})`);
  }
  if (missing.length > 0) {
    throw invalid(
      `The shot list ${path.basename(file)} names ${missing.length === 1 ? 'an image that does not exist' : 'images that do not exist'}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}. Image paths are relative to the shot list's folder; fix them and import again.`,
    );
  }
  return resolved;
}

/** Refuses element names the project already uses, before anything is copied. */
function checkNamesFree(store: ProjectStore, list: ShotlistData, file: string): void {
  const taken = new Set(store.elements.list().map((e) => e.name.toLowerCase()));
  const clashes = list.elements.filter((e) => taken.has(e.name.toLowerCase())).map((e) => e.name);
  if (clashes.length > 0) {
    throw new UserError(
      'conflict',
      `The shot list ${path.basename(file)} adds ${clashes.map((n) => `"${n}"`).join(', ')}, but the project already has ${clashes.length === 1 ? 'an element' : 'elements'} with ${clashes.length === 1 ? 'that name' : 'those names'}. Rename them in the file or in the project, then import again.`,
    );
  }
}

function listRefs(projectDir: string): Set<string> {
  const dir = path.join(projectDir, 'media', 'refs');
  return new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
}

/** Removes files that appeared in media/refs during a failed import (no row points at them). */
function removeNewRefs(projectDir: string, before: Set<string>): void {
  for (const name of listRefs(projectDir)) {
    if (!before.has(name)) fs.rmSync(path.join(projectDir, 'media', 'refs', name), { force: true });
  }
}

/** Imports the shot list at `file` (absolute, or relative to the working folder) into `store`. */
export async function importShotlist(store: ProjectStore, file: string): Promise<ShotlistImportResult> {
  const source = path.resolve(file);
  const list = validate(readJson(source), source);
  const images = resolveImages(list, source);
  checkNamesFree(store, list, source);

  const refsBefore = listRefs(store.dir);
  try {
    // Copy (check, clean, hash-name) each distinct image once; each use gets its own reference id.
    const stored = new Map<string, ReferenceImage>();
    for (const [written, full] of images) {
      try {
        stored.set(written, await importReferenceImage(store.dir, { path: full }));
      } catch (error) {
        if (error instanceof UserError) throw invalid(`In the shot list ${path.basename(source)}, image "${written}": ${error.message}`);
        throw error;
      }
    }
    const refsFor = (paths: string[]): ReferenceImage[] =>
      paths.map((p) => ({ ...stored.get(p)!, id: crypto.randomUUID() }));

    const warnings = unknownMentions(store, list);
    const fresh = store.shots.list().length === 0 && store.elements.list().length === 0;
    store.transaction(() => {
      store.project.update({
        ...(list.style !== undefined ? { style: list.style } : {}),
        ...(fresh ? { name: list.name, size: list.size, fps: list.fps } : {}),
      });
      for (const element of list.elements) {
        store.elements.add({ kind: element.kind, name: element.name, description: element.description, images: refsFor(element.images) });
      }
      const fieldsOf = (shot: ShotlistShot): NewShotFields => ({
        title: shot.title,
        prompt: shot.prompt,
        cameraMove: shot.camera,
        shotType: shot.shotType,
        dialogue: shot.dialogue,
        soundNotes: shot.sound,
        avoid: shot.avoid,
        notes: shot.notes,
        ...(shot.audio !== undefined ? { audio: shot.audio } : {}),
        seconds: shot.seconds,
        references: refsFor(shot.references),
        continuePrevious: shot.continue,
        ...(shot.provider !== undefined ? { provider: shot.provider } : {}),
        ...(shot.model !== undefined ? { model: shot.model } : {}),
        ...(shot.size !== undefined ? { size: shot.size } : {}),
        ...(shot.transition !== undefined ? { transition: shot.transition } : {}),
      });
      if (list.scenes) {
        // Scenes follow the project's own, in the file's order; a shot's number is its place in it.
        const taken = new Set(store.scenes.list().map((s) => s.number));
        list.scenes.forEach((scene, i) => {
          if (scene.number !== undefined && taken.has(scene.number)) {
            throw new UserError('conflict', `In the shot list ${path.basename(source)}, scenes[${i}] is scene ${scene.number}, which the project already has. Change the number in the file (or leave it out for the next free one) and import again.`);
          }
          const made = store.scenes.add(undefined, { heading: scene.heading, synopsis: scene.synopsis, color: scene.color, ...(scene.number !== undefined ? { number: scene.number } : {}) });
          for (const shot of scene.shots) store.shots.add(undefined, fieldsOf(shot), made.id);
        });
      } else {
        for (const shot of list.shots ?? []) store.shots.add(undefined, fieldsOf(shot));
      }
    });
    return {
      snapshot: store.snapshot(),
      shotsAdded: shotlistShots(list).length,
      scenesAdded: list.scenes?.length ?? 0,
      elementsAdded: list.elements.length,
      imagesImported: stored.size,
      warnings,
    };
  } catch (error) {
    removeNewRefs(store.dir, refsBefore);
    throw error;
  }
}

/** `@Name` mentions that match no element in the file or the project (kept as written). */
function unknownMentions(store: ProjectStore, list: ShotlistData): string[] {
  const known = new Set([...store.elements.list(), ...list.elements].map((e) => e.name.toLowerCase()));
  const warnings: string[] = [];
  shotlistShots(list).forEach(({ shot, where }) => {
    const unknown = mentionedNames(shot.prompt).filter((n) => !known.has(n.toLowerCase()));
    if (unknown.length > 0) {
      warnings.push(`${where} mentions ${unknown.map((n) => `@${n}`).join(', ')}, which no element defines; the text is kept as written.`);
    }
  });
  return warnings;
}
