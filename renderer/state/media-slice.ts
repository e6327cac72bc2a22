/**
 * Reference images (of shots and elements) and the takes of shots: upload, reorder, fit,
 * remove; import a video as a take, select, remix, extend, delete. Reference changes are undo steps
 * (the whole record before and after, put back with shots.restore / elements.restore);
 * a refused file comes back as the error main gave, so the drop target can show it on the spot.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { EditCommand } from '../../shared/contract/edits';
import type { FittedPreview, ReferenceOwner, ReferenceTarget, UploadedFile } from '../../shared/contract/references';
import type { ImageFit, Job, ReferenceImage, Take } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt, settle } from './attempt';

/** What an upload did: ok, or the error to show where the file was dropped. */
export type UploadOutcome = { ok: true } | { ok: false; error: unknown };

export interface MediaSlice {
  /** Takes by id (those loaded so far). */
  takesById: Record<string, Take>;
  /** Take ids of each shot whose list has been loaded, oldest first. */
  takeIdsByShot: Record<string, string[]>;

  addReferences(target: ReferenceTarget, files: UploadedFile[]): Promise<UploadOutcome>;
  removeReference(target: ReferenceTarget, referenceId: string): Promise<void>;
  moveReference(target: ReferenceTarget, referenceId: string, delta: -1 | 1): Promise<void>;
  setReferenceFit(target: ReferenceTarget, referenceId: string, fit: ImageFit): Promise<void>;
  /** The reference fitted to a model size (written once by main), or null when that failed. */
  previewReference(target: ReferenceTarget, referenceId: string, size: string, fit: ImageFit): Promise<FittedPreview | null>;

  /** Loads a shot's takes (once, unless `force`). */
  loadTakes(shotId: string, force?: boolean): Promise<void>;
  /** Records a take main reported (an event, an import). */
  putTake(take: Take): void;
  importTake(shotId: string, file: UploadedFile): Promise<UploadOutcome>;
  selectTake(shotId: string, takeId: string | null): Promise<void>;
  deleteTake(take: Take): Promise<void>;
  remixTake(takeId: string, prompt: string): Promise<Job | null>;
  /** Extends a take by `seconds` (main checks the model allows it); null when main refused. */
  extendTake(takeId: string, prompt: string | undefined, seconds: number): Promise<Job | null>;
}

export function createMediaSlice(client: ContractClient): StateCreator<AppState, [], [], MediaSlice> {
  return (set, get) => {
    const loading = new Set<string>();
    const current = (target: ReferenceTarget): ReferenceImage[] | null => {
      const s = get();
      if (target.kind === 'shot') return s.shots.find((x) => x.id === target.id)?.references ?? null;
      if (target.kind === 'endFrame') {
        const shot = s.shots.find((x) => x.id === target.id);
        return shot ? (shot.endFrame ? [shot.endFrame] : []) : null;
      }
      return s.elements.find((x) => x.id === target.id)?.images ?? null;
    };
    const applyOwner = (owner: ReferenceOwner) => {
      if (owner.shot) get().putShot(owner.shot);
      if (owner.element) get().putElement(owner.element);
    };
    /** The whole record a reference list belongs to, as the store has it now. */
    const recordOf = (target: ReferenceTarget): EditCommand | null => {
      const s = get();
      // An end frame is a field of its shot: the shot's record holds it.
      if (target.kind !== 'element') {
        const shot = s.shots.find((x) => x.id === target.id);
        return shot ? { kind: 'shots.restore', records: [{ shot }] } : null;
      }
      const element = s.elements.find((x) => x.id === target.id);
      return element ? { kind: 'elements.restore', element } : null;
    };
    const what = (target: ReferenceTarget) => {
      const s = get();
      if (target.kind === 'element') return `@${s.elements.find((e) => e.id === target.id)?.name ?? 'element'}`;
      return `${target.kind === 'endFrame' ? 'end frame of ' : ''}shot ${s.shots.findIndex((x) => x.id === target.id) + 1}`;
    };
    /**
     * Runs a reference change (its own call: bytes go to main) and records it as one undo step
     * whose commands put the whole record back as it was before, and as it is after.
     */
    const change = async (target: ReferenceTarget, label: string, callIt: () => Promise<ReferenceOwner>): Promise<UploadOutcome> => {
      const before = recordOf(target);
      const result = await settle(callIt);
      if (!result.ok) return result;
      applyOwner(result.value);
      const after = recordOf(target);
      if (before && after) get().recordStep(`${label} (${what(target)})`, after, before);
      return { ok: true };
    };
    const shown = async (outcome: Promise<UploadOutcome>) => {
      const r = await outcome;
      if (!r.ok) get().pushError(r.error);
    };

    return {
      takesById: {},
      takeIdsByShot: {},

      addReferences(target, files) {
        const label = files.length === 1 ? 'Add reference image' : `Add ${files.length} reference images`;
        return change(target, label, () => client.call('references.add', { target, files }));
      },
      removeReference: (target, referenceId) =>
        shown(change(target, 'Remove reference image', () => client.call('references.remove', { target, referenceId }))),
      async moveReference(target, referenceId, delta) {
        const list = current(target);
        if (!list) return;
        const from = list.findIndex((r) => r.id === referenceId);
        const to = from + delta;
        if (from < 0 || to < 0 || to >= list.length) return;
        const ids = list.map((r) => r.id);
        ids.splice(to, 0, ...ids.splice(from, 1));
        await shown(change(target, 'Reorder reference images', () => client.call('references.reorder', { target, ids })));
      },
      setReferenceFit: (target, referenceId, fit) =>
        shown(change(target, `Fit reference: ${fit}`, () => client.call('references.setFit', { target, referenceId, fit }))),

      async previewReference(target, referenceId, size, fit) {
        return (await attempt(get, () => client.call('references.preview', { target, referenceId, size, fit }))) ?? null;
      },

      async loadTakes(shotId, force = false) {
        if (loading.has(shotId) || (!force && get().takeIdsByShot[shotId])) return;
        loading.add(shotId);
        try {
          const takes = await attempt(get, () => client.call('takes.list', { shotId }));
          if (!takes) return;
          set((s) => ({
            // Unchanged when the shot has no takes, so what the timeline reads stays the same object.
            takesById: takes.length ? { ...s.takesById, ...Object.fromEntries(takes.map((t) => [t.id, t])) } : s.takesById,
            takeIdsByShot: { ...s.takeIdsByShot, [shotId]: takes.map((t) => t.id) },
          }));
        } finally {
          loading.delete(shotId);
        }
      },

      putTake(take) {
        set((s) => {
          const ids = s.takeIdsByShot[take.shotId];
          const takeIdsByShot = ids && !ids.includes(take.id) ? { ...s.takeIdsByShot, [take.shotId]: [...ids, take.id] } : s.takeIdsByShot;
          return { takesById: { ...s.takesById, [take.id]: take }, takeIdsByShot };
        });
      },

      async importTake(shotId, file) {
        const result = await settle(() => client.call('takes.import', { shotId, file }));
        if (!result.ok) return result;
        get().putTake(result.value);
        // The import may have selected it: fetch the shot as main has it now.
        const shots = await attempt(get, () => client.call('shots.list', {}));
        const shot = shots?.find((x) => x.id === shotId);
        if (shot) get().putShot(shot);
        return { ok: true };
      },

      async selectTake(shotId, takeId) {
        const before = get().shots.find((x) => x.id === shotId)?.selectedTakeId ?? null;
        // takes.select checks the take is this shot's and ready; the step is the field it sets.
        const done = await attempt(get, () => client.call('takes.select', { shotId, takeId }));
        if (done === undefined) return;
        set((s) => ({ shots: s.shots.map((x) => (x.id === shotId ? { ...x, selectedTakeId: takeId } : x)) }));
        get().recordStep(
          'Select take',
          { kind: 'shots.patch', patches: [{ id: shotId, patch: { selectedTakeId: takeId } }] },
          { kind: 'shots.patch', patches: [{ id: shotId, patch: { selectedTakeId: before } }] },
        );
      },

      async deleteTake(take) {
        const done = await attempt(get, () => client.call('takes.delete', { takeId: take.id }));
        if (done === undefined) return;
        set((s) => {
          const { [take.id]: _gone, ...takesById } = s.takesById;
          const ids = s.takeIdsByShot[take.shotId]?.filter((id) => id !== take.id);
          return {
            takesById,
            takeIdsByShot: ids ? { ...s.takeIdsByShot, [take.shotId]: ids } : s.takeIdsByShot,
            shots: s.shots.map((x) => (x.selectedTakeId === take.id ? { ...x, selectedTakeId: null } : x)),
          };
        });
      },

      async remixTake(takeId, prompt) {
        const job = await attempt(get, () => client.call('takes.remix', { takeId, prompt }));
        if (!job) return null;
        get().applyJob(job);
        return job;
      },

      async extendTake(takeId, prompt, seconds) {
        const job = await attempt(get, () => client.call('takes.extend', { takeId, seconds, ...(prompt ? { prompt } : {}) }));
        if (!job) return null;
        get().applyJob(job);
        return job;
      },
    };
  };
}
