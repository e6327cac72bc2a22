/** The element library's edits (characters, places, props, style), each an undo step. */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { ElementPatch } from '../../shared/contract/elements';
import type { Element, ElementKind } from '../../shared/domain';
import type { AppState } from './app-store';
import { attempt, settle } from './attempt';

export interface ElementSlice {
  /** The element open in the library editor, or null. */
  editingElementId: string | null;
  editElement(id: string | null): void;
  /** Adds an element; resolves to it, or to the error main gave (shown by the form). */
  addElement(kind: ElementKind, name: string, description?: string): Promise<Element | { error: unknown }>;
  updateElement(id: string, patch: ElementPatch): Promise<Element | null>;
  deleteElement(id: string): Promise<void>;
  /** Puts an element main returned into the list. */
  putElement(element: Element): void;
}

const byKindAndName = (a: Element, b: Element) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind.localeCompare(b.kind));

export function createElementSlice(client: ContractClient): StateCreator<AppState, [], [], ElementSlice> {
  return (set, get) => {
    const drop = (id: string) =>
      set((s) => ({ elements: s.elements.filter((e) => e.id !== id), editingElementId: s.editingElementId === id ? null : s.editingElementId }));
    const raw = {
      restore: async (element: Element) => get().putElement(await client.call('elements.restore', { element })),
      remove: async (id: string) => {
        await client.call('elements.delete', { id });
        drop(id);
      },
      update: async (id: string, patch: ElementPatch) => get().putElement(await client.call('elements.update', { id, patch })),
    };

    return {
      editingElementId: null,
      editElement(id) {
        set({ editingElementId: id });
      },

      putElement(element) {
        set((s) => {
          const exists = s.elements.some((e) => e.id === element.id);
          const elements = exists ? s.elements.map((e) => (e.id === element.id ? element : e)) : [...s.elements, element];
          return { elements: elements.sort(byKindAndName) };
        });
      },

      async addElement(kind, name, description) {
        const result = await settle(() => client.call('elements.add', { kind, name, description }));
        if (!result.ok) return { error: result.error };
        const element = result.value;
        get().putElement(element);
        set({ editingElementId: element.id });
        get().recordStep({ label: `Add @${element.name}`, undo: () => raw.remove(element.id), redo: () => raw.restore(element) });
        return element;
      },

      async updateElement(id, patch) {
        const before = get().elements.find((e) => e.id === id);
        // Taken before the call: what undo writes back is the element as it was.
        const inverse = before ? (Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof Element]])) as ElementPatch) : null;
        const element = await attempt(get, () => client.call('elements.update', { id, patch }));
        if (!element) return null;
        get().putElement(element);
        if (before && inverse) {
          const fields = Object.keys(patch).sort().join(',');
          get().recordStep({
            label: `Edit ${fields} of @${before.name}`,
            groupKey: `element:${id}:${fields}`,
            undo: () => raw.update(id, inverse),
            redo: () => raw.update(id, patch),
          });
        }
        return element;
      },

      async deleteElement(id) {
        const before = get().elements.find((e) => e.id === id);
        if (!before) return;
        const done = await attempt(get, () => client.call('elements.delete', { id }));
        if (done === undefined) return;
        drop(id);
        get().recordStep({ label: `Delete @${before.name}`, undo: () => raw.restore(before), redo: () => raw.remove(id) });
      },
    };
  };
}
