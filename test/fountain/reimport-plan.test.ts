/** The re-import diff: scenes by heading and number, shots by text and position, takes kept. */
import { describe, expect, it } from 'vitest';
import { parseFountain } from '../../shared/fountain/parse-fountain';
import { describePlan, planReimport, type ReimportProject } from '../../shared/fountain/reimport-plan';
import { scriptToDraft } from '../../shared/fountain/script-to-draft';

const draftOf = (text: string) => scriptToDraft(parseFountain(text));

/** A project snapshot made from a draft, as if it had just been imported (ids s1.., h1..). */
function snapshotOf(text: string, takes: Record<string, number> = {}): ReimportProject {
  const draft = draftOf(text);
  let n = 0;
  return {
    scenes: draft.scenes.map((s, i) => ({ id: `s${i + 1}`, number: s.number, heading: s.heading, synopsis: s.synopsis })),
    shots: draft.scenes.flatMap((s, i) =>
      s.shots.map((shot) => {
        const id = `h${++n}`;
        return { id, sceneId: `s${i + 1}`, number: `${s.number}${'ABCDEFGH'[s.shots.indexOf(shot)]}`, ...shot, takeCount: takes[id] ?? 0 };
      }),
    ),
    elementNames: draft.characters.map((c) => c.name),
  };
}

const BEFORE = `INT. KITCHEN - DAY #1#

A kettle boils.

MARA
Tea?

Steam fills the window.

EXT. GARDEN - DAY #2#

Rain on the leaves.

INT. SHED - NIGHT #3#

A torch flickers.
`;

describe('planReimport', () => {
  it('finds nothing to do for the same script', () => {
    const plan = planReimport(draftOf(BEFORE), snapshotOf(BEFORE));
    expect(plan.counts).toEqual({ scenesAdded: 0, scenesRemoved: 0, scenesRenamed: 0, shotsAdded: 0, shotsChanged: 0, shotsRemoved: 0, shotsKeptForTakes: 0 });
    expect(describePlan(plan)).toEqual(['Nothing changes: the project already matches the script.']);
  });

  it('lists scenes added, removed and renamed, and shots added, changed and removed', () => {
    const after = `INT. KITCHEN - MORNING #1#

A kettle boils.

MARA
Tea? Milk?

A cat jumps on the table.

Steam fills the window.

EXT. GARDEN - DAY #2#

Heavy rain on the leaves.

INT. GARAGE - NIGHT #4#

TOMAS
Anyone here?
`;
    const plan = planReimport(draftOf(after), snapshotOf(BEFORE, { h4: 2 }));
    expect(plan.counts).toEqual({ scenesAdded: 1, scenesRemoved: 0, scenesRenamed: 1, shotsAdded: 2, shotsChanged: 2, shotsRemoved: 0, shotsKeptForTakes: 1 });
    const [kitchen, garden, garage] = plan.scenes;
    expect(kitchen).toMatchObject({ id: 's1', changed: ['heading'], previousHeading: 'INT. KITCHEN - DAY' });
    expect(kitchen!.shots.map((s) => s.action)).toEqual(['update', 'add', 'keep']);
    expect(kitchen!.shots[0]).toMatchObject({ id: 'h1', changes: { dialogue: '@Mara: Tea? Milk?' } });
    expect(garden!.shots).toEqual([
      { action: 'update', id: 'h3', number: '2A', hasTakes: false, changes: { prompt: 'Heavy rain on the leaves.', title: 'Heavy rain on the leaves.' } },
    ]);
    expect(garage).toMatchObject({ id: null, number: '4', heading: 'INT. GARAGE - NIGHT' });
    // The shed's shot has takes: the scene and the shot stay.
    expect(plan.removedScenes).toEqual([{ id: 's3', number: '3', heading: 'INT. SHED - NIGHT', kept: true }]);
    expect(plan.removedShots).toEqual([{ id: 'h4', sceneId: 's3', number: '3A', prompt: 'A torch flickers.', kept: true }]);
    expect(plan.newCharacters).toEqual(['Tomas']);
    const text = describePlan(plan).join('\n');
    expect(text).toContain('renamed from "INT. KITCHEN - DAY"');
    expect(text).toContain('+ Scene 4 INT. GARAGE - NIGHT: new scene with 1 shot');
    expect(text).toContain('holds shots with takes: it is kept');
    expect(text).toContain('+ character @Tomas');
  });

  it('removes shots and scenes without takes, and keeps a user title and notes', () => {
    const before = snapshotOf(BEFORE);
    const kept = { ...before, shots: before.shots.map((s) => (s.id === 'h2' ? { ...s, title: 'My title', notes: 'bring a kettle' } : s)) };
    const after = BEFORE.replace('Steam fills the window.', 'Steam fogs the window.').replace(/INT\. SHED[\s\S]*$/, '');
    const plan = planReimport(draftOf(after), kept);
    expect(plan.removedScenes).toEqual([{ id: 's3', number: '3', heading: 'INT. SHED - NIGHT', kept: false }]);
    expect(plan.counts.shotsRemoved).toBe(1);
    expect(plan.scenes[0]!.shots[1]).toEqual({ action: 'update', id: 'h2', number: '1B', hasTakes: false, changes: { prompt: 'Steam fogs the window.' } });
  });
});
