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
  deleteShot(id: string): Promise<void>;
  /** Deletes these shots (with their takes) as one undo step. */
  deleteShots(ids: readonly string[]): Promise<void>;
  duplicateShot(id: string): Promise<void>;
  /** Duplicates these shots as one undo step and selects the copies. */
  duplicateShots(ids: readonly string[]): Promise<void>;
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
function noProject(): Pick<ProjectSlice, 'project' | 'projectPath' | 'shots' | 'elements' | 'selectedShotId' | 'selectedShotIds' | 'selectionAnchorId'> {
  return { project: null, projectPath: null, shots: [], elements: [], ...only(null) };
}

/** The selection fields for one selected shot (or none). */
function only(id: string | null): Pick<ProjectSlice, 'selectedShotId' | 'selectedShotIds' | 'selectionAnchorId'> {
  return { selectedShotId: id, selectedShotIds: id ? [id] : [], selectionAnchorId: id };
}

/** "shot 3", "3 shots": for undo labels. */
function shotsLabel(numbers: number[]): string {
  return numbers.length === 1 ? `shot ${numbers[0]}` : `${numbers.length} shots`;
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
          if (s.selectedShotId !== id) return { shots, selectedShotIds: s.selectedShotIds.filter((x) => x !== id) };
          const rest = s.selectedShotIds.filter((x) => x !== id);
          // The primary went: the last one still selected, else the neighbour, takes its place.
          const primary = rest[rest.length - 1] ?? shots[Math.min(index, shots.length - 1)]?.id ?? null;
          return { shots, selectedShotId: primary, selectedShotIds: rest.length > 0 ? rest : primary ? [primary] : [], selectionAnchorId: primary };
        });
      },

      async addShot() {
        const afterId = get().selectedShotId;
        const shot = await attempt(get, () => client.call('shots.add', { afterId }));
        if (!shot) return;
        get().putShot(shot);
        set(only(shot.id));
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

      deleteShot: (id) => get().deleteShots([id]),

      async deleteShots(ids) {
        const order = get().shots.map((x) => x.id);
        const befores = get().shots.filter((x) => ids.includes(x.id));
        if (befores.length === 0) return;
        const label = `Delete ${shotsLabel(befores.map((x) => order.indexOf(x.id) + 1))}`;
        // Their takes come back with them on undo: main keeps their files.
        const takes = await attempt(get, () => Promise.all(befores.map((x) => client.call('takes.list', { shotId: x.id }))));
        if (takes === undefined) return;
        const deleted: Shot[] = [];
        for (const shot of befores) {
          const done = await attempt(get, () => client.call('shots.delete', { id: shot.id }));
          // A failure part-way still records what was deleted, so undo can bring it back.
          if (done === undefined) break;
          get().dropShot(shot.id);
          deleted.push(shot);
        }
        if (deleted.length === 0) return;
        get().recordStep({
          label,
          undo: async () => {
            for (const shot of deleted) await raw.restore(shot, takes[befores.indexOf(shot)]);
            set({ selectedShotId: deleted[0]!.id, selectedShotIds: deleted.map((x) => x.id), selectionAnchorId: deleted[0]!.id });
          },
          redo: async () => {
            for (const shot of deleted) await raw.remove(shot.id);
          },
        });
      },

      duplicateShot: (id) => get().duplicateShots([id]),

      async duplicateShots(ids) {
        const order = get().shots.map((x) => x.id);
        const sources = order.filter((id) => ids.includes(id));
        if (sources.length === 0) return;
        const copies: Shot[] = [];
        for (const id of sources) {
          const copy = await attempt(get, () => client.call('shots.duplicate', { id }));
          if (!copy) break;
          get().putShot(copy);
          copies.push(copy);
        }
        if (copies.length === 0) return;
        const last = copies[copies.length - 1]!.id;
        set({ selectedShotId: last, selectedShotIds: copies.map((x) => x.id), selectionAnchorId: last });
        get().recordStep({
          label: `Duplicate ${shotsLabel(sources.slice(0, copies.length).map((id) => order.indexOf(id) + 1))}`,
          undo: async () => {
            for (const copy of copies) await raw.remove(copy.id);
          },
          redo: async () => {
            for (const copy of copies) await raw.restore(copy);
          },
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
