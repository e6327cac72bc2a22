/**
 * The element library's edits (characters, places, props, style): each one `edits.apply`
 * command, recorded as an undo step from main's inverse.
 */
import type { StateCreator } from 'zustand';
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
  /** Takes an element out of the list (and out of the editor). */
  dropElement(id: string): void;
}

const byKindAndName = (a: Element, b: Element) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind.localeCompare(b.kind));

export function createElementSlice(): StateCreator<AppState, [], [], ElementSlice> {
  return (set, get) => ({
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

    dropElement(id) {
      set((s) => ({ elements: s.elements.filter((e) => e.id !== id), editingElementId: s.editingElementId === id ? null : s.editingElementId }));
    },

    async addElement(kind, name, description) {
      const result = await settle(() => get().applyEdit({ kind: 'elements.add', element: { kind, name, description } }, `Add @${name.trim()}`));
      if (!result.ok) return { error: result.error };
      const element = result.value.elements[0]!;
      set({ editingElementId: element.id });
      return element;
    },

    async updateElement(id, patch) {
      const before = get().elements.find((e) => e.id === id);
      const fields = Object.keys(patch).sort().join(', ');
      const result = await attempt(get, () => get().applyEdit({ kind: 'elements.update', id, patch }, `Edit ${fields} of @${before?.name ?? 'element'}`));
      return result?.elements.find((e) => e.id === id) ?? null;
    },

    async deleteElement(id) {
      const before = get().elements.find((e) => e.id === id);
      if (!before) return;
      await attempt(get, () => get().applyEdit({ kind: 'elements.delete', id }, `Delete @${before.name}`));
    },
  });
}
