/**
 * The open project as main last reported it, and the shot edits. Every action calls the
 * contract and applies what main returns: main is the source of truth and the renderer holds
 * no business rules. Each edit records an undo step whose reverse is again contract calls.
 */
import type { StateCreator } from 'zustand';
import type { CallInput, ContractClient, ProjectSnapshot, RecentProject } from '../../shared/contract';
import type { ShotPatch } from '../../shared/contract/shots';
import type { Element, Project, Shot, Take } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt } from './attempt';
import { afterIdForMove, sortShots } from './shot-order';

export interface ProjectSlice {
  /** False until the first `projects.current` answer arrives. */
  loaded: boolean;
  project: Project | null;
  /** Absolute path of the open project folder. */
  projectPath: string | null;
  /** Shots in order. */
  shots: Shot[];
  elements: Element[];
  selectedShotId: string | null;
  recent: RecentProject[];

  /** Replaces everything with a snapshot from main (or clears it for null). */
  applySnapshot(snapshot: ProjectSnapshot | null): void;
  loadCurrent(): Promise<void>;
  loadRecent(): Promise<void>;
  createProject(input: CallInput<'projects.create'>): Promise<boolean>;
  openProject(path: string): Promise<boolean>;
  closeProject(): Promise<void>;
  selectShot(id: string | null): void;
  /** Selects the shot `delta` places from the selected one. */
  selectShotBy(delta: -1 | 1): void;
  /** Adds a shot after the selected one (or at the end) and selects it. */
  addShot(): Promise<void>;
  /** Saves a patch; resolves to the shot as main stored it, or null when the call failed. */
  updateShot(id: string, patch: ShotPatch): Promise<Shot | null>;
  deleteShot(id: string): Promise<void>;
  duplicateShot(id: string): Promise<void>;
  /** Moves a shot from one position to another (indexes in the current order). */
  moveShotTo(id: string, to: number): Promise<void>;
  /** Moves a shot one place left (-1) or right (+1). */
  moveShotBy(id: string, delta: -1 | 1): Promise<void>;
  /** Puts a shot main returned into the list (new or changed), keeping the order. */
  putShot(shot: Shot): void;
  /** Drops a shot from the list, moving the selection to a neighbour. */
  dropShot(id: string): void;
}

/** The project fields when no project is open. */
function noProject(): Pick<ProjectSlice, 'project' | 'projectPath' | 'shots' | 'elements' | 'selectedShotId'> {
  return { project: null, projectPath: null, shots: [], elements: [], selectedShotId: null };
}

/** The values `patch` would overwrite, so undo can write them back. */
function inversePatch(shot: Shot, patch: ShotPatch): ShotPatch {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) out[key] = shot[key as keyof Shot];
  return out as ShotPatch;
}

/** "title", "prompt": what a patch edits, for undo labels and typing groups. */
function patchFields(patch: ShotPatch): string {
  return Object.keys(patch).sort().join(',');
}

export function createProjectSlice(client: ContractClient): StateCreator<AppState, [], [], ProjectSlice> {
  return (set, get) => {
    const numberOf = (id: string) => get().shots.findIndex((x) => x.id === id) + 1;

    /** Calls that apply their result to the store; undo steps use these, never the recorded actions. */
    const raw = {
      update: async (id: string, patch: ShotPatch) => get().putShot(await client.call('shots.update', { id, patch })),
      remove: async (id: string) => {
        await client.call('shots.delete', { id });
        get().dropShot(id);
      },
      restore: async (shot: Shot, takes?: Take[]) => get().putShot(await client.call('shots.restore', { shot, takes })),
      move: async (id: string, afterId: string | null) => get().putShot(await client.call('shots.move', { id, afterId })),
    };

    return {
      loaded: false,
      ...noProject(),
      recent: [],

      applySnapshot(snapshot) {
        if (!snapshot) {
          set({ ...noProject(), loaded: true });
          get().clearHistory();
          return;
        }
        // Paired with 'shotline:timeline-rendered' (Timeline): the open-to-render time benchmarks read.
        performance.mark('shotline:snapshot-applied', { detail: { shots: snapshot.shots.length } });
        const shots = sortShots(snapshot.shots);
        const sameProject = get().projectPath === snapshot.path;
        set((s) => ({
          loaded: true,
          project: snapshot.project,
          projectPath: snapshot.path,
          shots,
          elements: snapshot.elements,
          // Keep the selection when the shot still exists (a reload or an outside change).
          selectedShotId: shots.some((x) => x.id === s.selectedShotId) ? s.selectedShotId : (shots[0]?.id ?? null),
        }));
        if (!sameProject) {
          get().clearHistory();
          void get().loadCatalog();
        }
      },

      async loadCurrent() {
        const snapshot = await attempt(get, () => client.call('projects.current', {}));
        // Even when the call failed, stop showing "loading": the start view can still open a project.
        get().applySnapshot(snapshot ?? null);
      },

      async loadRecent() {
        const recent = await attempt(get, () => client.call('projects.recent', {}));
        if (recent) set({ recent });
      },

      async createProject(input) {
        const snapshot = await attempt(get, () => client.call('projects.create', input));
        if (snapshot) get().applySnapshot(snapshot);
        return snapshot !== undefined;
      },

      async openProject(path) {
        const snapshot = await attempt(get, () => client.call('projects.open', { path }));
        if (snapshot) get().applySnapshot(snapshot);
        return snapshot !== undefined;
      },

      async closeProject() {
        const done = await attempt(get, () => client.call('projects.close', {}));
        if (done !== undefined) {
          get().applySnapshot(null);
          await get().loadRecent();
        }
      },

      selectShot(id) {
        set({ selectedShotId: id });
      },

      selectShotBy(delta) {
        const { shots, selectedShotId } = get();
        if (shots.length === 0) return;
        const i = shots.findIndex((x) => x.id === selectedShotId);
        const next = i < 0 ? 0 : Math.min(shots.length - 1, Math.max(0, i + delta));
        set({ selectedShotId: shots[next]!.id });
      },

      putShot(shot) {
        set((s) => {
          const exists = s.shots.some((x) => x.id === shot.id);
          const shots = exists ? s.shots.map((x) => (x.id === shot.id ? shot : x)) : [...s.shots, shot];
          return { shots: sortShots(shots) };
        });
      },

      dropShot(id) {
        set((s) => {
          const index = s.shots.findIndex((x) => x.id === id);
          if (index < 0) return s;
          const shots = s.shots.filter((x) => x.id !== id);
          const selectedShotId =
            s.selectedShotId === id ? (shots[Math.min(index, shots.length - 1)]?.id ?? null) : s.selectedShotId;
          return { shots, selectedShotId };
        });
      },

      async addShot() {
        const afterId = get().selectedShotId;
        const shot = await attempt(get, () => client.call('shots.add', { afterId }));
        if (!shot) return;
        get().putShot(shot);
        set({ selectedShotId: shot.id });
        get().recordStep({
          label: `Add shot ${numberOf(shot.id)}`,
          undo: () => raw.remove(shot.id),
          redo: () => raw.restore(shot),
        });
      },

      async updateShot(id, patch) {
        const before = get().shots.find((x) => x.id === id);
        // Taken before the call: what undo writes back is the shot as it was.
        const inverse = before ? inversePatch(before, patch) : null;
        const shot = await attempt(get, () => client.call('shots.update', { id, patch }));
        if (!shot) return null;
        get().putShot(shot);
        if (inverse) {
          const fields = patchFields(patch);
          get().recordStep({
            label: `Edit ${fields} of shot ${numberOf(id)}`,
            groupKey: `shot:${id}:${fields}`,
            undo: () => raw.update(id, inverse),
            redo: () => raw.update(id, patch),
          });
        }
        return shot;
      },

      async deleteShot(id) {
        const before = get().shots.find((x) => x.id === id);
        if (!before) return;
        const label = `Delete shot ${numberOf(id)}`;
        // Its takes come back with it on undo: main keeps their files.
        const takes = await attempt(get, () => client.call('takes.list', { shotId: id }));
        if (takes === undefined) return;
        const done = await attempt(get, () => client.call('shots.delete', { id }));
        if (done === undefined) return;
        get().dropShot(id);
        get().recordStep({
          label,
          undo: async () => {
            await raw.restore(before, takes);
            set({ selectedShotId: id });
          },
          redo: () => raw.remove(id),
        });
      },

      async duplicateShot(id) {
        const copy = await attempt(get, () => client.call('shots.duplicate', { id }));
        if (!copy) return;
        get().putShot(copy);
        set({ selectedShotId: copy.id });
        get().recordStep({
          label: `Duplicate shot ${numberOf(id)}`,
          undo: () => raw.remove(copy.id),
          redo: () => raw.restore(copy),
        });
      },

      async moveShotTo(id, to) {
        const ids = get().shots.map((x) => x.id);
        const from = ids.indexOf(id);
        const afterId = afterIdForMove(ids, from, to);
        if (afterId === undefined) return;
        const previousAfter = from === 0 ? null : ids[from - 1]!;
        const shot = await attempt(get, () => client.call('shots.move', { id, afterId }));
        if (!shot) return;
        get().putShot(shot);
        get().recordStep({
          label: `Move shot ${from + 1} to ${to + 1}`,
          undo: () => raw.move(id, previousAfter),
          redo: () => raw.move(id, afterId),
        });
      },

      async moveShotBy(id, delta) {
        const index = get().shots.findIndex((x) => x.id === id);
        if (index < 0) return;
        await get().moveShotTo(id, index + delta);
      },
    };
  };
}
