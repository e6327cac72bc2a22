/**
 * Applies an edit command (shared/contract/edits.ts) to the open project in one transaction,
 * and works out the command that reverses it from what the rows held just before. The page's
 * undo history stores these pairs of commands; nothing here knows about the page.
 */
import type { EditCommand, EditResult, SingleEditCommand } from '../../shared/contract/edits';
import type { ShotPatch } from '../../shared/contract/shots';
import type { ElementPatch } from '../../shared/contract/elements';
import type { Element, Scene, Shot, Take } from '../../shared/domain';
import { renumberedScenes, renumberedShots } from '../../shared/shot-numbers';
import { invalid } from '../errors';
import type { ProjectStore } from '../store/project-store';

/** What a command touched, turned into the result at the end of the transaction. */
class Touched {
  readonly shots = new Set<string>();
  readonly elements = new Set<string>();
  readonly removedShots = new Set<string>();
  readonly removedElements = new Set<string>();
  readonly scenes = new Set<string>();
  readonly removedScenes = new Set<string>();

  shot(id: string, removed = false): void {
    (removed ? this.removedShots : this.shots).add(id);
    (removed ? this.shots : this.removedShots).delete(id);
  }

  element(id: string, removed = false): void {
    (removed ? this.removedElements : this.elements).add(id);
    (removed ? this.elements : this.removedElements).delete(id);
  }

  scene(id: string, removed = false): void {
    (removed ? this.removedScenes : this.scenes).add(id);
    (removed ? this.scenes : this.removedScenes).delete(id);
  }
}

/** Scenes by id, in order, each checked to exist and named once. */
function scenesInOrder(store: ProjectStore, ids: readonly string[]): Scene[] {
  const wanted = new Set(ids);
  if (wanted.size !== ids.length) throw invalid('A scene is named twice in one edit; name each scene once.');
  for (const id of wanted) store.scenes.get(id);
  return store.scenes.list().filter((s) => wanted.has(s.id));
}

/** The current values of the fields a patch is about to change (the patch that undoes it). */
function previous<T extends object, P extends object>(record: T, patch: P): P {
  const before: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) before[key] = (record as Record<string, unknown>)[key];
  return before as P;
}

/** Shots by id, in sequence order, each checked to exist. */
function inOrder(store: ProjectStore, ids: readonly string[]): Shot[] {
  const wanted = new Set(ids);
  if (wanted.size !== ids.length) throw invalid('A shot is named twice in one edit; name each shot once.');
  for (const id of wanted) store.shots.get(id);
  return store.shots.list().filter((s) => wanted.has(s.id));
}

/** One batch from several inverses, flattened (a batch holds no batches). */
function batchOf(inverses: EditCommand[]): EditCommand {
  const edits: SingleEditCommand[] = inverses.flatMap((c) => (c.kind === 'batch' ? c.edits : [c]));
  return edits.length === 1 ? edits[0]! : { kind: 'batch', edits };
}

function run(store: ProjectStore, command: EditCommand, touched: Touched): EditCommand {
  switch (command.kind) {
    case 'batch':
      // Undone in the reverse order it was done.
      return batchOf(command.edits.map((edit) => run(store, edit, touched)).reverse());
    case 'shots.add': {
      const shot = store.shots.add(command.afterId, command.fields, command.sceneId);
      touched.shot(shot.id);
      return { kind: 'shots.delete', ids: [shot.id] };
    }
    case 'shots.delete': {
      const records = inOrder(store, command.ids).map((shot) => ({ shot, takes: store.takes.ofShot(shot.id) }));
      for (const { shot } of records) {
        store.shots.delete(shot.id);
        touched.shot(shot.id, true);
      }
      return { kind: 'shots.restore', records };
    }
    case 'shots.duplicate': {
      const copies = inOrder(store, command.ids).map((shot) => store.shots.duplicate(shot.id));
      for (const copy of copies) touched.shot(copy.id);
      return { kind: 'shots.delete', ids: copies.map((c) => c.id) };
    }
    case 'shots.move': {
      const shots = inOrder(store, command.ids);
      if (command.afterId !== null && command.ids.includes(command.afterId)) throw invalid('Shots cannot be moved after one of themselves.');
      if (command.sceneId !== undefined) store.scenes.get(command.sceneId);
      const keys = shots.map((s) => ({ id: s.id, orderKey: s.orderKey, sceneId: s.sceneId, number: s.number }));
      let after = command.afterId;
      for (const shot of shots) {
        store.shots.move(shot.id, after, command.sceneId);
        touched.shot(shot.id);
        after = shot.id;
      }
      return { kind: 'shots.reorder', keys };
    }
    case 'shots.reorder': {
      const keys = command.keys.map(({ id }) => {
        const shot = store.shots.get(id);
        return { id, orderKey: shot.orderKey, sceneId: shot.sceneId, number: shot.number };
      });
      for (const { id, orderKey, sceneId, number } of command.keys) {
        store.shots.reorderTo(id, orderKey, { sceneId, number });
        touched.shot(id);
      }
      return { kind: 'shots.reorder', keys };
    }
    case 'shots.set':
      return run(store, { kind: 'shots.patch', patches: command.ids.map((id) => ({ id, patch: command.patch })) }, touched);
    case 'shots.patch': {
      const undo: Array<{ id: string; patch: ShotPatch }> = [];
      for (const { id, patch } of command.patches) {
        undo.push({ id, patch: previous(store.shots.get(id), patch) });
        store.shots.update(id, patch);
        touched.shot(id);
      }
      return { kind: 'shots.patch', patches: undo.reverse() };
    }
    case 'shots.restore': {
      const replaced: Array<{ shot: Shot }> = [];
      const created: string[] = [];
      for (const record of command.records) {
        const before = store.shots.find(record.shot.id);
        if (before) replaced.push({ shot: before });
        else created.push(record.shot.id);
        // The schema checked every field; the cast only narrows template-literal types.
        store.shots.restore(record.shot as Shot, record.takes as Take[] | undefined);
        touched.shot(record.shot.id);
      }
      const inverses: EditCommand[] = [];
      if (created.length) inverses.push({ kind: 'shots.delete', ids: created });
      if (replaced.length) inverses.push({ kind: 'shots.restore', records: replaced });
      return batchOf(inverses);
    }
    case 'elements.add': {
      const element = store.elements.add(command.element);
      touched.element(element.id);
      return { kind: 'elements.delete', id: element.id };
    }
    case 'elements.update': {
      const undo: ElementPatch = previous(store.elements.get(command.id), command.patch);
      store.elements.update(command.id, command.patch);
      touched.element(command.id);
      return { kind: 'elements.update', id: command.id, patch: undo };
    }
    case 'elements.delete': {
      const element = store.elements.get(command.id);
      store.elements.delete(command.id);
      touched.element(command.id, true);
      return { kind: 'elements.restore', element };
    }
    case 'elements.restore': {
      const before = store.elements.find(command.element.id);
      store.elements.restore(command.element as Element);
      touched.element(command.element.id);
      return before ? { kind: 'elements.restore', element: before } : { kind: 'elements.delete', id: command.element.id };
    }
    case 'scenes.add': {
      const scene = store.scenes.add(command.afterId, command.scene ?? {});
      touched.scene(scene.id);
      return { kind: 'scenes.delete', ids: [scene.id] };
    }
    case 'scenes.update': {
      const before = store.scenes.get(command.id);
      const undo = previous(before, command.patch);
      const scene = store.scenes.update(command.id, command.patch);
      touched.scene(scene.id);
      if (scene.number !== before.number) for (const shot of store.shots.ofScene(scene.id)) touched.shot(shot.id);
      return { kind: 'scenes.update', id: command.id, patch: undo };
    }
    case 'scenes.move': {
      const before = store.scenes.get(command.id);
      store.scenes.move(command.id, command.afterId);
      touched.scene(command.id);
      // The scene's shots now sit elsewhere in the sequence: the page re-sorts them.
      for (const shot of store.shots.ofScene(command.id)) touched.shot(shot.id);
      return { kind: 'scenes.reorder', keys: [{ id: before.id, orderKey: before.orderKey }] };
    }
    case 'scenes.reorder': {
      const keys = command.keys.map(({ id }) => ({ id, orderKey: store.scenes.get(id).orderKey }));
      for (const { id, orderKey } of command.keys) {
        store.scenes.reorderTo(id, orderKey);
        touched.scene(id);
        for (const shot of store.shots.ofScene(id)) touched.shot(shot.id);
      }
      return { kind: 'scenes.reorder', keys };
    }
    case 'scenes.delete': {
      const records = scenesInOrder(store, command.ids).map((scene) => ({
        scene,
        shots: store.shots.ofScene(scene.id).map((shot) => ({ shot, takes: store.takes.ofShot(shot.id) })),
      }));
      for (const { scene, shots } of records) {
        for (const { shot } of shots) {
          store.shots.delete(shot.id);
          touched.shot(shot.id, true);
        }
        store.scenes.delete(scene.id);
        touched.scene(scene.id, true);
      }
      return { kind: 'scenes.restore', records };
    }
    case 'scenes.restore': {
      const replaced: Array<{ scene: Scene }> = [];
      const created: string[] = [];
      const shotsCreated: string[] = [];
      for (const record of command.records) {
        const before = store.scenes.find(record.scene.id);
        if (before) replaced.push({ scene: before });
        else created.push(record.scene.id);
        store.scenes.restore(record.scene);
        touched.scene(record.scene.id);
        for (const { shot, takes } of record.shots ?? []) {
          if (before && !store.shots.find(shot.id)) shotsCreated.push(shot.id);
          store.shots.restore(shot as Shot, takes as Take[] | undefined);
          touched.shot(shot.id);
        }
      }
      const inverses: EditCommand[] = [];
      if (shotsCreated.length) inverses.push({ kind: 'shots.delete', ids: shotsCreated });
      if (created.length) inverses.push({ kind: 'scenes.delete', ids: created });
      if (replaced.length) inverses.push({ kind: 'scenes.restore', records: replaced });
      return batchOf(inverses);
    }
    case 'numbers.renumber': {
      const scenes = command.sceneId !== undefined ? [store.scenes.get(command.sceneId)] : store.scenes.list();
      const undo = { kind: 'numbers.set' as const, scenes: [] as Array<{ id: string; number: string }>, shots: [] as Array<{ id: string; number: string }> };
      const sceneNumbers = command.sceneId !== undefined ? [scenes[0]!.number] : renumberedScenes(scenes.length);
      scenes.forEach((scene, i) => {
        const number = sceneNumbers[i]!;
        if (number !== scene.number) {
          undo.scenes.push({ id: scene.id, number: scene.number });
          store.scenes.setNumber(scene.id, number);
          touched.scene(scene.id);
        }
        const shots = store.shots.ofScene(scene.id);
        const numbers = renumberedShots(number, shots.length);
        shots.forEach((shot, j) => {
          if (shot.number === numbers[j]) return;
          undo.shots.push({ id: shot.id, number: shot.number });
          store.shots.setNumber(shot.id, numbers[j]!);
          touched.shot(shot.id);
        });
      });
      return undo;
    }
    case 'numbers.set': {
      const undo = {
        kind: 'numbers.set' as const,
        scenes: command.scenes.map(({ id }) => ({ id, number: store.scenes.get(id).number })),
        shots: command.shots.map(({ id }) => ({ id, number: store.shots.get(id).number })),
      };
      for (const { id, number } of command.scenes) {
        store.scenes.setNumber(id, number);
        touched.scene(id);
      }
      for (const { id, number } of command.shots) {
        store.shots.setNumber(id, number);
        touched.shot(id);
      }
      return undo;
    }
  }
}

/** Applies `command`; all of it or none of it (one transaction). */
export function applyEdit(store: ProjectStore, command: EditCommand): EditResult {
  return store.transaction(() => {
    const touched = new Touched();
    const inverse = run(store, command, touched);
    return {
      shots: store.shots.list().filter((s) => touched.shots.has(s.id)),
      removedShotIds: [...touched.removedShots],
      elements: store.elements.list().filter((e) => touched.elements.has(e.id)),
      removedElementIds: [...touched.removedElements],
      scenes: store.scenes.list().filter((s) => touched.scenes.has(s.id)),
      removedSceneIds: [...touched.removedScenes],
      inverse,
    };
  });
}
