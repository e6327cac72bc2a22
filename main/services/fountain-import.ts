/**
 * Fountain scripts into a project: a first import (everything new) and a re-import of an edited
 * script (the plan in shared/fountain/reimport-plan.ts). Either way the change is applied as edit
 * commands in ONE transaction, and the answer carries the command that undoes all of it, so the
 * page records it as one undo step. Shots with takes are never deleted; changed shots keep every
 * take (a patch of their text never touches takes).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EditCommand, SingleEditCommand } from '../../shared/contract/edits';
import type { FountainApplyResult, FountainPreview } from '../../shared/contract/fountain';
import type { Scene, Shot } from '../../shared/domain';
import { FountainError, MAX_FOUNTAIN_BYTES, parseFountain } from '../../shared/fountain/parse-fountain';
import { describePlan, planReimport, type ReimportProject } from '../../shared/fountain/reimport-plan';
import { scriptToDraft, type DraftShot, type FountainSplit, type ScriptDraft } from '../../shared/fountain/script-to-draft';
import { applyEdit } from '../editing/apply-edit';
import { UserError, invalid } from '../errors';
import type { ProjectStore } from '../store/project-store';

/** Reads a script file as UTF-8 text (undecodable bytes are caught by the parser with their line). */
export async function readFountainFile(file: string): Promise<string> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new UserError('not_found', `${file}: no such file. Give the path of a .fountain script.`);
  if (stat.size > MAX_FOUNTAIN_BYTES) {
    throw invalid(`${path.basename(file)}: the file is ${(stat.size / 1024 / 1024).toFixed(1)} MB; a screenplay is plain text under ${MAX_FOUNTAIN_BYTES / 1024 / 1024} MB.`);
  }
  return new TextDecoder('utf-8').decode(await fs.readFile(file));
}

/** The script read and mapped against the project's elements; a FountainError becomes a UserError. */
export function draftFromText(store: ProjectStore, text: string, split: FountainSplit, source = 'the script'): ScriptDraft {
  try {
    return scriptToDraft(parseFountain(text), { split, existingElements: store.elements.list().map((e) => ({ name: e.name, kind: e.kind })) });
  } catch (error) {
    if (error instanceof FountainError) throw invalid(`${source}: ${error.message}.`);
    throw error;
  }
}

/** The project as the plan sees it. */
export function reimportProjectOf(store: ProjectStore): ReimportProject {
  return {
    scenes: store.scenes.list(),
    shots: store.shots.list().map((s) => ({ ...s, takeCount: store.takes.ofShot(s.id).length })),
    elementNames: store.elements.list().map((e) => e.name),
  };
}

/** What importing the script would change, before anything is changed. */
export function previewFountain(store: ProjectStore, text: string, split: FountainSplit, source?: string): FountainPreview {
  const draft = draftFromText(store, text, split, source);
  const project = reimportProjectOf(store);
  const plan = planReimport(draft, project);
  return {
    title: draft.name,
    fresh: project.shots.length === 0,
    scenes: draft.scenes.length,
    shots: draft.scenes.reduce((n, s) => n + s.shots.length, 0),
    characters: draft.characters.map((c) => c.name),
    counts: plan.counts,
    lines: describePlan(plan),
    warnings: draft.warnings,
  };
}

function batch(edits: SingleEditCommand[]): EditCommand {
  return edits.length === 1 ? edits[0]! : { kind: 'batch', edits };
}

/** A record without its edit time, for telling whether an import changed it. */
function sameRecord<T extends { updatedAt: string }>(a: T, b: T): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

/**
 * The undo of a whole import, made from the records as they were before it: added shots and
 * scenes deleted, every scene and shot it changed or deleted put back whole (number, heading,
 * place, text), added characters deleted. A handful of commands however long the script, so it
 * fits the contract's 100-command batch.
 */
function undoFromBefore(store: ProjectStore, before: { scenes: Map<string, Scene>; shots: Map<string, Shot>; elements: Set<string> }): EditCommand {
  const scenes = new Map(store.scenes.list().map((s) => [s.id, s]));
  const shots = new Map(store.shots.list().map((s) => [s.id, s]));
  const out: SingleEditCommand[] = [];
  const addedShots = [...shots.keys()].filter((id) => !before.shots.has(id));
  if (addedShots.length) out.push({ kind: 'shots.delete', ids: addedShots });
  const addedScenes = [...scenes.keys()].filter((id) => !before.scenes.has(id));
  if (addedScenes.length) out.push({ kind: 'scenes.delete', ids: addedScenes });
  const sceneRecords = [...before.scenes.values()].filter((old) => !scenes.has(old.id) || !sameRecord(old, scenes.get(old.id)!)).map((scene) => ({ scene }));
  if (sceneRecords.length) out.push({ kind: 'scenes.restore', records: sceneRecords });
  // A deleted shot never had takes (those are kept), so its record alone brings it back.
  const shotRecords = [...before.shots.values()].filter((old) => !shots.has(old.id) || !sameRecord(old, shots.get(old.id)!)).map((shot) => ({ shot }));
  if (shotRecords.length) out.push({ kind: 'shots.restore', records: shotRecords });
  for (const element of store.elements.list()) if (!before.elements.has(element.id)) out.push({ kind: 'elements.delete', id: element.id });
  return batch(out);
}

/** A number like `3X` that no scene has (for moving a kept scene out of the script's way). */
function freeNumber(base: string, taken: Set<string>): string {
  let n = `${base.slice(0, 14)}X`;
  while (taken.has(n)) n = `${n.slice(0, 15)}X`;
  return n;
}

/** Imports (or re-imports) a script into the project, as one undoable change. */
export function applyFountain(store: ProjectStore, text: string, split: FountainSplit, source?: string): FountainApplyResult {
  const preview = previewFountain(store, text, split, source);
  const draft = draftFromText(store, text, split, source);
  return store.transaction(() => {
    const plan = planReimport(draft, reimportProjectOf(store));
    const before = {
      scenes: new Map(store.scenes.list().map((x) => [x.id, x])),
      shots: new Map(store.shots.list().map((x) => [x.id, x])),
      elements: new Set(store.elements.list().map((x) => x.id)),
    };
    const applied: SingleEditCommand[] = [];
    const run = (command: SingleEditCommand) => {
      const result = applyEdit(store, command);
      applied.push(command);
      return result;
    };

    for (const name of plan.newCharacters) run({ kind: 'elements.add', element: { kind: 'character', name, description: '' } });

    // Deletions first, so the numbers they held are free for the script's scenes.
    const doomedShots = plan.removedShots.filter((s) => !s.kept).map((s) => s.id);
    if (doomedShots.length) run({ kind: 'shots.delete', ids: doomedShots });
    const doomedScenes = plan.removedScenes.filter((s) => !s.kept && store.scenes.shotCount(s.id) === 0).map((s) => s.id);
    if (doomedScenes.length) run({ kind: 'scenes.delete', ids: doomedScenes });

    // Scene numbers are unique: numbers the script gives must be free before they are set. A
    // scene kept for its takes steps aside (3 -> 3X); a matched scene changing number takes a
    // temporary one first, so two scenes can swap numbers.
    const wanted = new Set(plan.scenes.map((s) => s.number));
    const matched = new Set(plan.scenes.flatMap((s) => (s.id ? [s.id] : [])));
    const taken = () => new Set(store.scenes.list().map((s) => s.number));
    for (const scene of store.scenes.list()) {
      if (!matched.has(scene.id) && wanted.has(scene.number)) run({ kind: 'scenes.update', id: scene.id, patch: { number: freeNumber(scene.number, new Set([...taken(), ...wanted])) } });
    }
    plan.scenes.forEach((scene, i) => {
      if (scene.id && scene.changed.includes('number')) run({ kind: 'scenes.update', id: scene.id, patch: { number: `TMP-${i}` } });
    });

    // From here to the end the script's scenes are all new (all of them in a first import).
    let tailStart = plan.scenes.length;
    while (tailStart > 0 && plan.scenes[tailStart - 1]!.id === null) tailStart--;
    const fields = (shot: DraftShot) => ({ title: shot.title, prompt: shot.prompt, dialogue: shot.dialogue, notes: shot.notes, transition: shot.transition });

    let prevSceneId: string | null = null;
    for (const [index, scene] of plan.scenes.entries()) {
      if (index === tailStart && prevSceneId === (store.scenes.last()?.id ?? null)) {
        // New scenes at the end of the film, each followed by its shots (a shot without a scene
        // goes to the last one): one batch, so a long script is one pass over the store rather
        // than one per scene or per shot.
        const edits = plan.scenes.slice(tailStart).flatMap((tail): SingleEditCommand[] => [
          { kind: 'scenes.add', scene: { number: tail.number, heading: tail.heading, synopsis: tail.synopsis } },
          ...tail.shots.flatMap((shot): SingleEditCommand[] => (shot.action === 'add' ? [{ kind: 'shots.add', fields: fields(shot.shot) }] : [])),
        ]);
        applyEdit(store, { kind: 'batch', edits });
        applied.push(...edits);
        break;
      }
      let sceneId: string;
      if (scene.id === null) {
        const result = run({ kind: 'scenes.add', afterId: prevSceneId, scene: { number: scene.number, heading: scene.heading, synopsis: scene.synopsis } });
        sceneId = result.scenes[0]!.id;
      } else {
        sceneId = scene.id;
        const old = store.scenes.get(sceneId);
        const patch = {
          ...(old.heading !== scene.heading ? { heading: scene.heading } : {}),
          ...(old.number !== scene.number ? { number: scene.number } : {}),
          ...(old.synopsis !== scene.synopsis ? { synopsis: scene.synopsis } : {}),
        };
        if (Object.keys(patch).length) run({ kind: 'scenes.update', id: sceneId, patch });
        const order = store.scenes.list().map((s) => s.id);
        const at = order.indexOf(sceneId);
        if ((prevSceneId === null ? at !== 0 : order[at - 1] !== prevSceneId)) run({ kind: 'scenes.move', id: sceneId, afterId: prevSceneId });
      }
      prevSceneId = sceneId;

      if (scene.id === null) {
        // A new scene's shots are appended in order, in one batch.
        const adds = scene.shots.flatMap((shot): SingleEditCommand[] => (shot.action === 'add' ? [{ kind: 'shots.add', sceneId, fields: fields(shot.shot) }] : []));
        if (adds.length) {
          applyEdit(store, { kind: 'batch', edits: adds });
          applied.push(...adds);
        }
        continue;
      }
      let prevShotId: string | null = null;
      const patches: Array<{ id: string; patch: Record<string, unknown> }> = [];
      for (const shot of scene.shots) {
        if (shot.action === 'add') {
          const result = run({ kind: 'shots.add', afterId: prevShotId, sceneId, fields: fields(shot.shot) });
          const added = result.shots[0]!;
          // Without `afterId` a shot goes to the end of the scene; the first one belongs first.
          if (prevShotId === null && store.shots.ofScene(sceneId).length > 1) run({ kind: 'shots.move', ids: [added.id], afterId: null, sceneId });
          prevShotId = added.id;
        } else {
          if (shot.action === 'update') patches.push({ id: shot.id, patch: { ...shot.changes } });
          prevShotId = shot.id;
        }
      }
      if (patches.length) run({ kind: 'shots.patch', patches });
    }

    return {
      preview,
      snapshot: store.snapshot(),
      applied: batch(applied),
      inverse: undoFromBefore(store, before),
    };
  });
}
