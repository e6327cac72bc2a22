/**
 * The undo history's merge rule as a pure function, without a UI or a client: consecutive
 * single-field patches of one shot (or one element) within the typing window are one step
 * (first undo, latest redo); everything else stays a step of its own.
 */
import { describe, expect, it } from 'vitest';
import type { EditCommand } from '../../shared/contract/edits';
import { mergeSteps, MAX_STEPS, pushStep, stepFor, typingKey, TYPING_GROUP_MS, type UndoStep } from '../../renderer/state/undo-step';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const patch = (id: string, p: Record<string, unknown>): EditCommand => ({ kind: 'shots.patch', patches: [{ id, patch: p }] });
const title = (id: string, text: string) => patch(id, { title: text });
/** The step recorded for typing `to` over `from` at time `at`. */
const typed = (id: string, from: string, to: string, at: number) => stepFor(`Edit title of shot 1`, title(id, to), title(id, from), at);

describe('typingKey', () => {
  it('names one field of one shot or one element, and nothing else', () => {
    expect(typingKey(title(A, 'x'))).toBe(`shot:${A}:title`);
    expect(typingKey({ kind: 'elements.update', id: B, patch: { description: 'd' } })).toBe(`element:${B}:description`);
    expect(typingKey(patch(A, { title: 'x', prompt: 'y' }))).toBeUndefined();
    expect(typingKey({ kind: 'shots.patch', patches: [{ id: A, patch: { title: 'x' } }, { id: B, patch: { title: 'x' } }] })).toBeUndefined();
    expect(typingKey({ kind: 'shots.set', ids: [A], patch: { title: 'x' } })).toBeUndefined();
    expect(typingKey({ kind: 'shots.move', ids: [A], afterId: null })).toBeUndefined();
    expect(typingKey({ kind: 'shots.delete', ids: [A] })).toBeUndefined();
    expect(typingKey({ kind: 'batch', edits: [title(A, 'x') as Exclude<EditCommand, { kind: 'batch' }>] })).toBeUndefined();
    // A field present but undefined sets nothing, so it does not count.
    expect(typingKey(patch(A, { title: 'x', prompt: undefined }))).toBe(`shot:${A}:title`);
  });
});

describe('mergeSteps', () => {
  it('merges a burst of one field of one shot: keeps the first undo, takes the latest redo', () => {
    const first = typed(A, 'One', 'St', 1000);
    const second = typed(A, 'St', 'Storm', 1000 + TYPING_GROUP_MS - 1);
    const merged = mergeSteps(first, second)!;
    expect(merged.undo).toEqual(title(A, 'One'));
    expect(merged.redo).toEqual(title(A, 'Storm'));
    expect(merged.at).toBe(second.at);
    expect(merged.label).toBe(first.label);
  });

  it('keeps steps apart after the window, across fields, across shots, and for anything but a typing patch', () => {
    const first = typed(A, 'One', 'St', 1000);
    expect(mergeSteps(first, typed(A, 'St', 'Storm', 1000 + TYPING_GROUP_MS))).toBeNull();
    expect(mergeSteps(first, stepFor('p', patch(A, { prompt: 'x' }), patch(A, { prompt: '' }), 1001))).toBeNull();
    expect(mergeSteps(first, typed(B, 'Two', 'Tw', 1001))).toBeNull();
    expect(mergeSteps(first, stepFor('move', { kind: 'shots.move', ids: [A], afterId: null }, { kind: 'shots.reorder', keys: [{ id: A, orderKey: 'a0' }] }, 1001))).toBeNull();
    // A two-field patch never merges, either way round.
    const both = stepFor('two', patch(A, { title: 'x', prompt: 'y' }), patch(A, { title: '', prompt: '' }), 1001);
    expect(mergeSteps(first, both)).toBeNull();
    expect(mergeSteps(both, typed(A, 'x', 'xy', 1002))).toBeNull();
    // A step without a merge key (one that came back from undo) never takes a new one in.
    const { mergeKey: _k, ...undone } = first;
    expect(mergeSteps(undone, typed(A, 'St', 'Storm', 1001))).toBeNull();
    expect(mergeSteps(undefined, first)).toBeNull();
    // Time going backwards (a clock change) is not a burst.
    expect(mergeSteps(first, typed(A, 'St', 'Storm', 999))).toBeNull();
  });

  it('merges element description typing the same way', () => {
    const update = (text: string) => ({ kind: 'elements.update' as const, id: B, patch: { description: text } });
    const merged = mergeSteps(stepFor('d', update('gr'), update(''), 0), stepFor('d', update('grey braid'), update('gr'), 300))!;
    expect(merged.undo).toEqual(update(''));
    expect(merged.redo).toEqual(update('grey braid'));
  });
});

describe('pushStep', () => {
  it('merges into the last step or appends, and keeps at most MAX_STEPS', () => {
    let past: UndoStep[] = [];
    past = pushStep(past, typed(A, 'One', 'S', 0));
    past = pushStep(past, typed(A, 'S', 'Storm', 100));
    expect(past).toHaveLength(1);
    past = pushStep(past, typed(B, 'Two', 'T', 200));
    expect(past).toHaveLength(2);
    for (let i = 0; i < MAX_STEPS + 5; i++) past = pushStep(past, stepFor(`d${i}`, { kind: 'shots.delete', ids: [A] }, { kind: 'shots.delete', ids: [B] }, 300 + i));
    expect(past).toHaveLength(MAX_STEPS);
    expect(past.at(-1)!.label).toBe(`d${MAX_STEPS + 4}`);
  });
});
