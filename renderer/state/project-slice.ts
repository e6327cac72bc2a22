/**
 * The open project as main last reported it. Every action calls the contract and applies what
 * main returns: main is the source of truth and the renderer holds no business rules.
 */
import type { StateCreator } from 'zustand';
import type { CallInput, ContractClient, ProjectSnapshot, RecentProject } from '../../shared/contract';
import type { ShotPatch } from '../../shared/contract/shots';
import type { Element, Project, Shot } from '../../shared/domain';
import type { AppState } from './app-store';
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
  /** Adds a shot after the selected one (or at the end) and selects it. */
  addShot(): Promise<void>;
  /** Saves a patch; resolves to the shot as main stored it, or null when the call failed. */
  updateShot(id: string, patch: ShotPatch): Promise<Shot | null>;
  deleteShot(id: string): Promise<void>;
  /** Moves a shot from one position to another (indexes in the current order). */
  moveShotTo(id: string, to: number): Promise<void>;
  /** Moves a shot one place left (-1) or right (+1). */
  moveShotBy(id: string, delta: -1 | 1): Promise<void>;
}

type Get = () => AppState;

/** Runs a contract action, turning a failure into a visible message and `undefined`. */
async function attempt<T>(get: Get, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    get().pushError(error);
    return undefined;
  }
}

/** The project fields when no project is open. */
function noProject(): Pick<ProjectSlice, 'project' | 'projectPath' | 'shots' | 'elements' | 'selectedShotId'> {
  return { project: null, projectPath: null, shots: [], elements: [], selectedShotId: null };
}

export function createProjectSlice(client: ContractClient): StateCreator<AppState, [], [], ProjectSlice> {
  return (set, get) => {
    const replaceShot = (shot: Shot) =>
      set((s) => ({ shots: sortShots(s.shots.map((x) => (x.id === shot.id ? shot : x))) }));

    return {
      loaded: false,
      ...noProject(),
      recent: [],

      applySnapshot(snapshot) {
        if (!snapshot) {
          set({ ...noProject(), loaded: true });
          return;
        }
        const shots = sortShots(snapshot.shots);
        set((s) => ({
          loaded: true,
          project: snapshot.project,
          projectPath: snapshot.path,
          shots,
          elements: snapshot.elements,
          // Keep the selection when the shot still exists (a reload or an outside change).
          selectedShotId: shots.some((x) => x.id === s.selectedShotId) ? s.selectedShotId : (shots[0]?.id ?? null),
        }));
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

      async addShot() {
        const afterId = get().selectedShotId;
        const shot = await attempt(get, () => client.call('shots.add', { afterId }));
        if (shot) set((s) => ({ shots: sortShots([...s.shots, shot]), selectedShotId: shot.id }));
      },

      async updateShot(id, patch) {
        const shot = await attempt(get, () => client.call('shots.update', { id, patch }));
        if (!shot) return null;
        replaceShot(shot);
        return shot;
      },

      async deleteShot(id) {
        const done = await attempt(get, () => client.call('shots.delete', { id }));
        if (done === undefined) return;
        set((s) => {
          const index = s.shots.findIndex((x) => x.id === id);
          const shots = s.shots.filter((x) => x.id !== id);
          const selectedShotId =
            s.selectedShotId === id ? (shots[Math.min(index, shots.length - 1)]?.id ?? null) : s.selectedShotId;
          return { shots, selectedShotId };
        });
      },

      async moveShotTo(id, to) {
        const ids = get().shots.map((x) => x.id);
        const afterId = afterIdForMove(ids, ids.indexOf(id), to);
        if (afterId === undefined) return;
        const shot = await attempt(get, () => client.call('shots.move', { id, afterId }));
        if (shot) replaceShot(shot);
      },

      async moveShotBy(id, delta) {
        const index = get().shots.findIndex((x) => x.id === id);
        if (index < 0) return;
        await get().moveShotTo(id, index + delta);
      },
    };
  };
}
