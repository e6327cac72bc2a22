/**
 * The scenes of the open project as main last reported them, and the scene edits. Like shot
 * edits, each is one command to `edits.apply`; main decides numbers and order, the page only
 * shows what it answers.
 */
import type { StateCreator } from 'zustand';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import type { ScenePatch } from '../../shared/contract/scenes';
import type { Scene } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt } from './attempt';
import { sortScenes, sortShots } from './shot-order';

export interface SceneSlice {
  /** Scenes in order. */
  scenes: Scene[];
  /** Puts scenes main returned into the list (new or changed), re-sorting scenes and shots. */
  putScenes(scenes: readonly Scene[]): void;
  /** Drops scenes from the list (their shots are dropped by the same answer). */
  dropScenes(ids: readonly string[]): void;
  /** Adds an empty scene after `afterId` (default: after the selected shot's scene, else at the end). */
  addScene(afterId?: string | null): Promise<Scene | null>;
  /** Edits a scene's number, heading, synopsis, colour or folding. Resolves false on failure. */
  updateScene(id: string, patch: ScenePatch): Promise<boolean>;
  /** Moves a scene one place earlier (-1) or later (+1). */
  moveSceneBy(id: string, delta: -1 | 1): Promise<void>;
  /** Deletes a scene with its shots (one undo step brings them back with their takes). */
  deleteScene(id: string): Promise<void>;
  /** Renumbers one scene's shots, or (without an id) the whole film. */
  renumber(sceneId?: string): Promise<void>;
  /** Moves a shot to the start of a scene (a drop on the scene's band). */
  moveShotToScene(shotId: string, sceneId: string): Promise<void>;
}

export function createSceneSlice(): StateCreator<AppState, [], [], SceneSlice> {
  return (set, get) => {
    const edit = (command: EditCommand, label: string | ((result: EditResult) => string)) => attempt(get, () => get().applyEdit(command, label));
    const sceneLabel = (id: string) => {
      const scene = get().scenes.find((s) => s.id === id);
      return scene ? `scene ${scene.number}` : 'scene';
    };
    return {
      scenes: [],

      putScenes(changed) {
        if (changed.length === 0) return;
        set((s) => {
          const byId = new Map(changed.map((x) => [x.id, x]));
          const scenes = s.scenes.map((x) => byId.get(x.id) ?? x);
          const known = new Set(s.scenes.map((x) => x.id));
          for (const scene of changed) if (!known.has(scene.id)) scenes.push(scene);
          const sorted = sortScenes(scenes);
          return { scenes: sorted, shots: sortShots(s.shots, sorted) };
        });
      },

      dropScenes(ids) {
        if (ids.length === 0) return;
        const gone = new Set(ids);
        set((s) => ({ scenes: s.scenes.filter((x) => !gone.has(x.id)) }));
      },

      async addScene(afterId) {
        const s = get();
        const selected = s.shots.find((x) => x.id === s.selectedShotId);
        const after = afterId !== undefined ? afterId : (selected?.sceneId ?? s.scenes[s.scenes.length - 1]?.id);
        const result = await edit({ kind: 'scenes.add', ...(after !== undefined ? { afterId: after } : {}) }, (r) => `Add scene ${r.scenes[0]?.number ?? ''}`);
        return result?.scenes[0] ?? null;
      },

      async updateScene(id, patch) {
        const fields = Object.keys(patch).filter((k) => patch[k as keyof ScenePatch] !== undefined).sort().join(', ');
        const result = await edit({ kind: 'scenes.update', id, patch }, `Edit ${fields} of ${sceneLabel(id)}`);
        return result !== undefined;
      },

      async moveSceneBy(id, delta) {
        const scenes = get().scenes;
        const i = scenes.findIndex((x) => x.id === id);
        const to = i + delta;
        if (i < 0 || to < 0 || to >= scenes.length) return;
        const rest = scenes.filter((x) => x.id !== id);
        const afterId = to === 0 ? null : rest[to - 1]!.id;
        await edit({ kind: 'scenes.move', id, afterId }, `Move ${sceneLabel(id)} ${delta < 0 ? 'earlier' : 'later'}`);
      },

      async deleteScene(id) {
        await edit({ kind: 'scenes.delete', ids: [id] }, `Delete ${sceneLabel(id)}`);
      },

      async renumber(sceneId) {
        await edit(sceneId ? { kind: 'numbers.renumber', sceneId } : { kind: 'numbers.renumber' }, sceneId ? `Renumber ${sceneLabel(sceneId)}` : 'Renumber the film');
      },

      async moveShotToScene(shotId, sceneId) {
        const shot = get().shots.find((x) => x.id === shotId);
        if (!shot) return;
        await edit({ kind: 'shots.move', ids: [shotId], afterId: null, sceneId }, `Move shot ${shot.number} to ${sceneLabel(sceneId)}`);
      },
    };
  };
}
