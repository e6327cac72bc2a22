/**
 * The open project as main last reported it, and the shot edits. Every edit is one command
 * sent to `edits.apply` (one call, one transaction in main, however many shots it names); the
 * store takes what main answers and the history records the answer's inverse as the undo step.
 * Main is the source of truth and the renderer holds no business rules.
 */
import type { StateCreator } from 'zustand';
import type { CallInput, ContractClient, ProjectSnapshot, RecentProject } from '../../shared/contract';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import type { ShotPatch } from '../../shared/contract/shots';
import type { Element, Project, Shot } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt } from './attempt';
import { afterIdForMove, sortScenes, sortShots } from './shot-order';

export interface ProjectSlice {
  /** False until the first `projects.current` answer arrives. */
  loaded: boolean;
  project: Project | null;
  /** Absolute path of the open project folder. */
  projectPath: string | null;
  /** Shots in order. */
  shots: Shot[];
  elements: Element[];
  /** The primary selection: the shot the inspector shows (the last one clicked). */
  selectedShotId: string | null;
  /** Every selected shot (includes the primary one); batch actions act on these. */
  selectedShotIds: string[];
  /** Where a Shift+click range starts (the last plain or Ctrl/Cmd click). */
  selectionAnchorId: string | null;
  recent: RecentProject[];

  /** Replaces everything with a snapshot from main (or clears it for null). */
  applySnapshot(snapshot: ProjectSnapshot | null): void;
  loadCurrent(): Promise<void>;
  loadRecent(): Promise<void>;
  createProject(input: CallInput<'projects.create'>): Promise<boolean>;
  openProject(path: string): Promise<boolean>;
  closeProject(): Promise<void>;
  /** Selects one shot alone (or nothing). */
  selectShot(id: string | null): void;
  /** Ctrl/Cmd+click: adds the shot to the selection (and makes it primary) or takes it out. */
  toggleShotSelection(id: string): void;
  /** Shift+click: selects every shot from the anchor to this one, in sequence order. */
  selectShotRange(id: string): void;
  /** Escape: keeps only the primary shot selected. */
  collapseSelection(): void;
  /** The selected shot ids in sequence order. */
  selectionInOrder(): string[];
  /** Selects the shot `delta` places from the selected one (a grid row is `columns` places). */
  selectShotBy(delta: number): void;
  /** Adds a shot after the selected one (or at the end) and selects it. */
  addShot(): Promise<void>;
  /** Saves a patch; resolves to the shot as main stored it, or null when the call failed. */
  updateShot(id: string, patch: ShotPatch): Promise<Shot | null>;
  /** Sets the same fields on these shots: one command, one undo step. Resolves false on failure. */
  setShots(ids: readonly string[], patch: ShotPatch): Promise<boolean>;
  deleteShot(id: string): Promise<void>;
  /** Deletes these shots (with their takes): one command, one undo step. */
  deleteShots(ids: readonly string[]): Promise<void>;
  duplicateShot(id: string): Promise<void>;
  /** Duplicates these shots (one command, one undo step) and selects the copies. */
  duplicateShots(ids: readonly string[]): Promise<void>;
  /** Moves a shot from one position to another (indexes in the current order). */
  moveShotTo(id: string, to: number): Promise<void>;
  /** Moves a shot one place left (-1) or right (+1). */
  moveShotBy(id: string, delta: -1 | 1): Promise<void>;
  /** Moves these shots, in sequence order, to the start or the end: one command, one step. */
  moveShotsTo(ids: readonly string[], where: 'start' | 'end'): Promise<void>;
  /** Puts a shot main returned into the list (new or changed), keeping the order. */
  putShot(shot: Shot): void;
  /** Puts several shots main returned into the list at once. */
  putShots(shots: readonly Shot[]): void;
  /** Drops a shot from the list, moving the selection to a neighbour. */
  dropShot(id: string): void;
  /** Drops several shots at once (the selection moves as for one). */
  dropShots(ids: readonly string[]): void;
}

/** The project fields when no project is open. */
function noProject(): Pick<ProjectSlice, 'project' | 'projectPath' | 'shots' | 'elements' | 'selectedShotId' | 'selectedShotIds' | 'selectionAnchorId'> & { scenes: [] } {
  return { project: null, projectPath: null, shots: [], elements: [], scenes: [], ...only(null) };
}

/** The selection fields for one selected shot (or none). */
function only(id: string | null): Pick<ProjectSlice, 'selectedShotId' | 'selectedShotIds' | 'selectionAnchorId'> {
  return { selectedShotId: id, selectedShotIds: id ? [id] : [], selectionAnchorId: id };
}

/** "shot 3", "3 shots": for undo labels. */
function shotsLabel(numbers: number[]): string {
  return numbers.length === 1 ? `shot ${numbers[0]}` : `${numbers.length} shots`;
}

/** "title", "prompt": what a patch edits, for undo labels. */
function patchFields(patch: ShotPatch): string {
  return Object.keys(patch).filter((k) => patch[k as keyof ShotPatch] !== undefined).sort().join(', ');
}

export function createProjectSlice(client: ContractClient): StateCreator<AppState, [], [], ProjectSlice> {
  return (set, get) => {
    const numberOf = (id: string) => get().shots.findIndex((x) => x.id === id) + 1;
    /** Sends one edit command; shows main's refusal and resolves undefined when it fails. */
    const edit = (command: EditCommand, label: string | ((result: EditResult) => string)) => attempt(get, () => get().applyEdit(command, label));
    const numbersOf = (ids: readonly string[]) => {
      const order = get().shots.map((x) => x.id);
      return ids.map((id) => order.indexOf(id) + 1).filter((n) => n > 0).sort((a, b) => a - b);
    };
    const selectAll = (ids: string[]) => {
      const last = ids[ids.length - 1];
      if (last) set({ selectedShotId: last, selectedShotIds: ids, selectionAnchorId: last });
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
        const scenes = sortScenes(snapshot.scenes ?? []);
        const shots = sortShots(snapshot.shots, scenes);
        const sameProject = get().projectPath === snapshot.path;
        set((s) => {
          // Keep the selection when its shots still exist (a reload or an outside change).
          const exists = new Set(shots.map((x) => x.id));
          const kept = s.selectedShotIds.filter((id) => exists.has(id));
          const primary = s.selectedShotId && exists.has(s.selectedShotId) ? s.selectedShotId : null;
          return {
            loaded: true,
            project: snapshot.project,
            projectPath: snapshot.path,
            shots,
            scenes,
            elements: snapshot.elements,
            ...(primary ? { selectedShotId: primary, selectedShotIds: kept } : only(shots[0]?.id ?? null)),
          };
        });
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
        set(only(id));
      },

      toggleShotSelection(id) {
        set((s) => {
          if (!s.selectedShotIds.includes(id)) {
            return { selectedShotId: id, selectedShotIds: [...s.selectedShotIds, id], selectionAnchorId: id };
          }
          const rest = s.selectedShotIds.filter((x) => x !== id);
          // Taking the primary out hands the inspector to the last one still selected.
          const primary = s.selectedShotId === id ? (rest[rest.length - 1] ?? null) : s.selectedShotId;
          return { selectedShotId: primary, selectedShotIds: rest, selectionAnchorId: primary };
        });
      },

      selectShotRange(id) {
        set((s) => {
          const ids = s.shots.map((x) => x.id);
          const to = ids.indexOf(id);
          if (to < 0) return s;
          const anchor = s.selectionAnchorId ?? s.selectedShotId;
          const from = anchor ? ids.indexOf(anchor) : -1;
          if (from < 0) return only(id);
          const range = ids.slice(Math.min(from, to), Math.max(from, to) + 1);
          // The anchor stays, so a second Shift+click re-draws the range from the same shot.
          return { selectedShotId: id, selectedShotIds: range, selectionAnchorId: anchor };
        });
      },

      collapseSelection() {
        set((s) => (s.selectedShotIds.length > 1 ? only(s.selectedShotId) : s));
      },

      selectionInOrder() {
        const { shots, selectedShotIds } = get();
        const wanted = new Set(selectedShotIds);
        return shots.filter((x) => wanted.has(x.id)).map((x) => x.id);
      },

      selectShotBy(delta) {
        const { shots, selectedShotId } = get();
        if (shots.length === 0) return;
        const i = shots.findIndex((x) => x.id === selectedShotId);
        const next = i < 0 ? 0 : Math.min(shots.length - 1, Math.max(0, i + delta));
        set(only(shots[next]!.id));
      },

      putShot(shot) {
        get().putShots([shot]);
      },

      putShots(changed) {
        if (changed.length === 0) return;
        set((s) => {
          const byId = new Map(changed.map((x) => [x.id, x]));
          const shots = s.shots.map((x) => byId.get(x.id) ?? x);
          const known = new Set(s.shots.map((x) => x.id));
          for (const shot of changed) if (!known.has(shot.id)) shots.push(shot);
          return { shots: sortShots(shots, s.scenes) };
        });
      },

      dropShot(id) {
        get().dropShots([id]);
      },

      dropShots(ids) {
        set((s) => {
          const gone = new Set(ids);
          const index = s.shots.findIndex((x) => gone.has(x.id));
          if (index < 0) return s;
          const shots = s.shots.filter((x) => !gone.has(x.id));
          const rest = s.selectedShotIds.filter((x) => !gone.has(x));
          if (!s.selectedShotId || !gone.has(s.selectedShotId)) return { shots, selectedShotIds: rest };
          // The primary went: the last one still selected, else the neighbour, takes its place.
          const primary = rest[rest.length - 1] ?? shots[Math.min(index, shots.length - 1)]?.id ?? null;
          return { shots, selectedShotId: primary, selectedShotIds: rest.length > 0 ? rest : primary ? [primary] : [], selectionAnchorId: primary };
        });
      },

      async addShot() {
        const afterId = get().selectedShotId;
        const result = await edit({ kind: 'shots.add', afterId }, (r) => `Add shot ${numberOf(r.shots[0]?.id ?? '')}`);
        const shot = result?.shots[0];
        if (shot) set(only(shot.id));
      },

      async updateShot(id, patch) {
        const result = await edit({ kind: 'shots.patch', patches: [{ id, patch }] }, `Edit ${patchFields(patch)} of shot ${numberOf(id)}`);
        return result?.shots.find((x) => x.id === id) ?? null;
      },

      async setShots(ids, patch) {
        if (ids.length === 0) return false;
        const numbers = numbersOf(ids);
        const result = await edit({ kind: 'shots.set', ids: [...ids], patch }, `Set ${patchFields(patch)} of ${shotsLabel(numbers)}`);
        return result !== undefined;
      },

      deleteShot: (id) => get().deleteShots([id]),

      async deleteShots(ids) {
        const inOrder = get().shots.filter((x) => ids.includes(x.id)).map((x) => x.id);
        if (inOrder.length === 0) return;
        // One command: main deletes them with their takes in one transaction, and its inverse
        // brings every one back in its place with its takes.
        await edit({ kind: 'shots.delete', ids: inOrder }, `Delete ${shotsLabel(numbersOf(inOrder))}`);
      },

      duplicateShot: (id) => get().duplicateShots([id]),

      async duplicateShots(ids) {
        const sources = get().shots.filter((x) => ids.includes(x.id)).map((x) => x.id);
        if (sources.length === 0) return;
        const result = await edit({ kind: 'shots.duplicate', ids: sources }, `Duplicate ${shotsLabel(numbersOf(sources))}`);
        if (result) selectAll(result.shots.map((x) => x.id));
      },

      async moveShotTo(id, to) {
        const ids = get().shots.map((x) => x.id);
        const from = ids.indexOf(id);
        const afterId = afterIdForMove(ids, from, to);
        if (afterId === undefined) return;
        await edit({ kind: 'shots.move', ids: [id], afterId }, `Move shot ${from + 1} to ${to + 1}`);
      },

      async moveShotBy(id, delta) {
        const { shots, scenes } = get();
        const index = shots.findIndex((x) => x.id === id);
        if (index < 0) return;
        const shot = shots[index]!;
        const neighbour = shots[index + delta];
        const sceneAt = scenes.findIndex((x) => x.id === shot.sceneId);
        // At the edge of its scene, one step crosses into the next scene's nearest end (or an
        // empty scene), so every place in the film is one step away.
        if (sceneAt >= 0 && (!neighbour || neighbour.sceneId !== shot.sceneId)) {
          const target = scenes[sceneAt + delta];
          if (!target) return;
          const label = `Move shot ${shot.number} to scene ${target.number}`;
          const lastOfTarget = shots.filter((x) => x.sceneId === target.id).pop();
          const command: EditCommand =
            delta < 0 && lastOfTarget ? { kind: 'shots.move', ids: [id], afterId: lastOfTarget.id } : { kind: 'shots.move', ids: [id], afterId: null, sceneId: target.id };
          await edit(command, label);
          return;
        }
        await get().moveShotTo(id, index + delta);
      },

      async moveShotsTo(ids, where) {
        const order = get().shots.map((x) => x.id);
        const moving = order.filter((id) => ids.includes(id));
        if (moving.length === 0) return;
        const rest = order.filter((id) => !ids.includes(id));
        if (rest.length === 0) return;
        const afterId = where === 'start' ? null : rest[rest.length - 1]!;
        await edit({ kind: 'shots.move', ids: moving, afterId }, `Move ${shotsLabel(numbersOf(moving))} to the ${where}`);
      },
    };
  };
}
