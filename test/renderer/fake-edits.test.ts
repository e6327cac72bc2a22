/**
 * The fake client's `edits.apply` against main's: the same script of commands (moves,
 * duplicates, a set on many, deletes brought back, adds, element edits, refusals) run on a real
 * project through the real door and on the fake's in-memory project give the same order, the
 * same fields, the same kinds of answer and inverse, and the same refusals. The page's undo
 * tests rest on the fake, so the fake must behave like main.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EditCommand, EditResult } from '../../shared/contract/edits';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp } from '../helpers/test-app';
import { FakeClient } from './fake-client';

afterAll(cleanupTempDirs);

/** One side of the comparison: apply a command, read the shots and elements back. */
interface Side {
  apply(command: EditCommand): Promise<EditResult | { refused: string }>;
  shots(): Promise<Array<{ id: string; title: string; seconds: number; cameraMove: string }>>;
  elements(): Promise<Array<{ id: string; name: string; description: string }>>;
}

async function realSide(titles: string[]): Promise<Side> {
  const t = makeTestApp();
  await t.app.workspace.create({ name: 'Parity', parentDir: t.root });
  for (const title of titles) t.store.shots.add(undefined, { title, seconds: 4 });
  return {
    async apply(command) {
      const envelope = await t.call<EditResult>('edits.apply', { command });
      return envelope.ok ? envelope.value! : { refused: envelope.error!.code };
    },
    shots: async () => t.store.shots.list(),
    elements: async () => t.store.elements.list(),
  };
}

function fakeSide(titles: string[]): Side {
  const client = new FakeClient().withProject(titles);
  return {
    async apply(command) {
      try {
        return await client.call('edits.apply', { command });
      } catch (error) {
        if (error instanceof ContractCallError) return { refused: error.code };
        throw error;
      }
    },
    shots: async () => client.snapshot()!.shots,
    elements: async () => [...client.elements].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** What must be the same on both sides: the answer's shape and the project afterwards. */
async function summary(side: Side, outcome: EditResult | { refused: string }) {
  const shots = await side.shots();
  const titleOf = new Map(shots.map((s) => [s.id, s.title]));
  const elements = await side.elements();
  return {
    outcome:
      'refused' in outcome
        ? outcome
        : {
            changed: outcome.shots.map((s) => s.title),
            removed: outcome.removedShotIds.map((id) => titleOf.get(id) ?? 'gone'),
            elements: outcome.elements.map((e) => [e.name, e.description]),
            removedElements: outcome.removedElementIds.length,
            inverse: outcome.inverse.kind === 'batch' ? outcome.inverse.edits.map((e) => e.kind) : outcome.inverse.kind,
          },
    shots: shots.map((s) => `${s.title}:${s.seconds}:${s.cameraMove}`),
    elements: elements.map((e) => `${e.name}:${e.description}`),
  };
}

type Make = (ids: Record<string, string>, answers: Record<string, EditResult>, elementIds: string[]) => EditCommand;

describe("the fake's edits.apply", () => {
  it('answers every command the way main does', async () => {
    const titles = ['A', 'B', 'C', 'D', 'E'];
    const sides = { real: await realSide(titles), fake: fakeSide(titles) };
    /** Each side's answers: `last` and any kept under a name. */
    const answers: Record<string, Record<string, EditResult>> = { real: {}, fake: {} };
    /** Runs one command on both sides (built from that side's ids and answers) and compares. */
    const step = async (make: Make, keepAs?: string) => {
      const out: Record<string, Awaited<ReturnType<typeof summary>>> = {};
      for (const [name, side] of Object.entries(sides)) {
        const ids = Object.fromEntries((await side.shots()).map((s) => [s.title, s.id]));
        const elementIds = (await side.elements()).map((e) => e.id);
        const outcome = await side.apply(make(ids, answers[name]!, elementIds));
        if (!('refused' in outcome)) {
          answers[name]!.last = outcome;
          if (keepAs) answers[name]![keepAs] = outcome;
        }
        out[name] = await summary(side, outcome);
      }
      expect(out.fake).toEqual(out.real);
      return out.real!;
    };
    const undoLast: Make = (_, a) => a.last!.inverse;
    const names = (shots: string[]) => shots.map((s) => s.split(':')[0]);

    expect(names((await step((id) => ({ kind: 'shots.move', ids: [id.D!, id.B!], afterId: null }))).shots)).toEqual(['B', 'D', 'A', 'C', 'E']);
    expect(names((await step(undoLast)).shots)).toEqual(titles);
    expect(names((await step((id) => ({ kind: 'shots.duplicate', ids: [id.E!, id.A!] }))).shots)).toEqual(['A', 'A', 'B', 'C', 'D', 'E', 'E']);
    await step(undoLast);
    await step((id) => ({ kind: 'shots.set', ids: [id.A!, id.C!], patch: { seconds: 8, cameraMove: 'slow push in' } }), 'set');
    await step((id) => ({ kind: 'shots.patch', patches: [{ id: id.C!, patch: { title: 'C2' } }] }));
    // Only what the set changed goes back; the later title stays.
    expect((await step((_, a) => a.set!.inverse)).shots).toEqual(['A:4:', 'B:4:', 'C2:4:', 'D:4:', 'E:4:']);
    await step((id) => ({ kind: 'shots.delete', ids: [id.D!, id.B!] }));
    expect(names((await step(undoLast)).shots)).toEqual(['A', 'B', 'C2', 'D', 'E']);
    expect(names((await step(undoLast)).shots)).toEqual(['A', 'C2', 'E']);
    expect(names((await step((id) => ({ kind: 'shots.add', afterId: id.A!, fields: { title: 'New', seconds: 4 } }))).shots)).toEqual(['A', 'New', 'C2', 'E']);
    await step(undoLast);
    await step((id) => ({ kind: 'batch', edits: [{ kind: 'shots.patch', patches: [{ id: id.A!, patch: { title: 'A1' } }] }, { kind: 'shots.move', ids: [id.E!], afterId: null }] }));
    expect(names((await step(undoLast)).shots)).toEqual(['A', 'C2', 'E']);

    // Refusals change nothing, with the same code.
    const missing = '00000000-0000-4000-8000-00000000ffff';
    expect((await step((id) => ({ kind: 'shots.delete', ids: [id.A!, missing] }))).outcome).toEqual({ refused: 'not_found' });
    const badTrim: Make = (id) => ({ kind: 'batch', edits: [{ kind: 'shots.set', ids: [id.A!], patch: { title: 'Changed' } }, { kind: 'shots.set', ids: [id.A!], patch: { trimIn: 3, trimOut: 1 } }] });
    expect((await step(badTrim)).outcome).toEqual({ refused: 'invalid_input' });
    expect((await step((id) => ({ kind: 'shots.move', ids: [id.A!], afterId: id.A! }))).outcome).toEqual({ refused: 'invalid_input' });
    expect((await step((id) => ({ kind: 'shots.delete', ids: [id.A!, id.A!] }))).outcome).toEqual({ refused: 'invalid_input' });
    expect((await step(() => ({ kind: 'shots.delete', ids: [] }))).outcome).toEqual({ refused: 'invalid_input' });
    expect(names((await step(() => ({ kind: 'shots.add' }))).shots)).toEqual(['A', 'C2', 'E', '']);

    await step(() => ({ kind: 'elements.add', element: { kind: 'character', name: 'Mara', description: 'grey braid' } }));
    expect((await step(() => ({ kind: 'elements.add', element: { kind: 'place', name: 'mara' } }))).outcome).toEqual({ refused: 'conflict' });
    await step((_, __, [mara]) => ({ kind: 'elements.update', id: mara!, patch: { description: 'yellow raincoat' } }));
    expect((await step(undoLast)).elements).toEqual(['Mara:grey braid']);
    await step((_, __, [mara]) => ({ kind: 'elements.delete', id: mara! }));
    expect((await step(undoLast)).elements).toEqual(['Mara:grey braid']);
  });
});
