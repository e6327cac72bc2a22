/**
 * A short screenplay of our own, read field by field, in every split mode; then written back
 * to Fountain and read again, which must give the same draft.
 */
import { describe, expect, it } from 'vitest';
import { ElementName } from '../../shared/contract/elements';
import { draftToFountain } from '../../shared/fountain/draft-to-fountain';
import { parseFountain } from '../../shared/fountain/parse-fountain';
import { characterElementName, cueForName, scriptToDraft, type FountainSplit } from '../../shared/fountain/script-to-draft';
import { LIGHTHOUSE } from './lighthouse-script';


const draftOf = (text: string, split?: FountainSplit) => scriptToDraft(parseFountain(text), { split });

describe('a short screenplay', () => {
  it('lands scenes, shots, dialogue, characters, transitions and notes where they should (paragraph split)', () => {
    const draft = draftOf(LIGHTHOUSE);
    expect(draft.name).toBe('The Last Keeper');
    expect(draft.warnings).toEqual([]);
    expect(draft.scenes.map((s) => [s.number, s.heading, s.synopsis, s.shots.length])).toEqual([
      ['1', 'EXT. CLIFF PATH - DAY', 'Mara comes back to the lighthouse after twenty years.', 1],
      ['2', 'INT. LIGHTHOUSE - LAMP ROOM - DUSK', '', 1],
      ['3', 'RADIO ROOM', '', 1],
    ]);
    expect(draft.characters).toEqual([
      { name: 'Mara', cue: 'MARA' },
      { name: 'Tomas', cue: 'TOMAS' },
      { name: 'DrOkafor', cue: 'DR. OKAFOR' },
    ]);
    for (const c of draft.characters) expect(ElementName.safeParse(c.name).success).toBe(true);

    const [cliff, lamp, radio] = draft.scenes.map((s) => s.shots[0]!);
    expect(cliff).toEqual({
      title: 'Wind flattens the grass. Mara (60s, yellow raincoat) climbs...',
      prompt: 'Wind flattens the grass. @Mara (60s, yellow raincoat) climbs the path.\nThe lighthouse stands white against the cloud.',
      dialogue: "@Mara (V.O.): (quietly) It's still turning.",
      notes: 'Drone plate needed for this one',
      transition: { kind: 'dissolve', seconds: 1 },
    });
    expect(lamp!.prompt).toBe('The great lens turns. @Tomas, the keeper, wipes the glass. @Mara steps in behind him.');
    expect(lamp!.dialogue.split('\n')).toEqual(['@Tomas: You came back.', '@Mara: Someone had to.', '@DrOkafor (O.S.): Tomas! The radio!']);
    expect(lamp!.transition).toEqual({ kind: 'cut', seconds: 0 });
    expect(radio!.prompt).toBe('@DrOkafor bends over the set, headphones on.');
    expect(radio!.dialogue.split('\n')).toEqual(['@DrOkafor: The boat is not coming.', '@Tomas: Then we wait.', '@Mara (at the same time): Then we wait.']);
    expect(radio!.transition).toEqual({ kind: 'dip', seconds: 1 });
  });

  it('splits per line and per scene when asked', () => {
    const lines = draftOf(LIGHTHOUSE, 'line');
    expect(lines.scenes[0]!.shots.map((s) => s.prompt)).toEqual([
      'Wind flattens the grass. @Mara (60s, yellow raincoat) climbs the path.',
      'The lighthouse stands white against the cloud.',
    ]);
    // Dialogue and notes go with the shot before them, the transition with the last shot.
    expect(lines.scenes[0]!.shots[0]!.dialogue).toBe('');
    expect(lines.scenes[0]!.shots[1]!.dialogue).toBe("@Mara (V.O.): (quietly) It's still turning.");
    expect(lines.scenes[0]!.shots[1]!.notes).toBe('Drone plate needed for this one');
    expect(lines.scenes[0]!.shots[1]!.transition.kind).toBe('dissolve');

    const text = `INT. ROOM - DAY\n\nA door opens.\n\nJO\nHello?\n\nA cat runs out.\n\nA dog follows.\n\nEXT. YARD - DAY\n\nRain.\n`;
    expect(draftOf(text, 'paragraph').scenes.map((s) => s.shots.length)).toEqual([3, 1]);
    const byScene = draftOf(text, 'scene');
    expect(byScene.scenes.map((s) => s.shots.length)).toEqual([1, 1]);
    expect(byScene.scenes[0]!.shots[0]!.prompt).toBe('A door opens.\n\nA cat runs out.\n\nA dog follows.');
    expect(byScene.scenes[0]!.shots[0]!.dialogue).toBe('@Jo: Hello?');
  });

  it('keeps what comes before the first heading as a scene without a heading, and writes it back without one', () => {
    const text = 'Title: Cold Open\n\nFADE IN:\n\nBlack. A match flares.\n\nJO (V.O.)\nWho is there?\n\nINT. HALL - NIGHT\n\nA door.\n';
    const draft = draftOf(text);
    expect(draft.scenes.map((s) => [s.number, s.heading, s.shots.map((x) => x.prompt)])).toEqual([
      ['1', '', ['Black. A match flares.']],
      ['2', 'INT. HALL - NIGHT', ['A door.']],
    ]);
    expect(draft.scenes[0]!.shots[0]!.dialogue).toBe('@Jo (V.O.): Who is there?');
    const back = draftToFountain(draft);
    expect(back.split('\n').slice(0, 4)).toEqual(['Title: Cold Open', '', 'Black. A match flares.', '']);
    expect(draftOf(back)).toEqual(draft);
  });

  it('names characters stably, validly and apart from other elements', () => {
    expect(['DR. JONES', 'MARA', "O'BRIEN", 'GUARD 2', 'JEAN-LUC', 'ÉLODIE'].map(characterElementName)).toEqual([
      'DrJones',
      'Mara',
      'OBrien',
      'Guard2',
      'JeanLuc',
      'Élodie',
    ]);
    for (const name of ['DrJones', 'OBrien', 'Guard2', 'JeanLuc', 'Élodie']) expect(characterElementName(cueForName(name))).toBe(name);
    const script = parseFountain('INT. A - DAY\n\nMARA\nHi.\n\nLIGHTHOUSE\nI am a building.\n');
    const draft = scriptToDraft(script, {
      existingElements: [
        { name: 'mara', kind: 'character' },
        { name: 'Lighthouse', kind: 'place' },
      ],
    });
    // An existing character is reused as it is spelt; a place keeps its name and the speaker gets another.
    expect(draft.characters.map((c) => c.name)).toEqual(['mara', 'Lighthouse-2']);
    expect(draft.scenes[0]!.shots[0]!.dialogue).toBe('@mara: Hi.\n@Lighthouse-2: I am a building.');
  });

  it.each(['paragraph', 'line', 'scene'] as const)('gives the same draft after export and import again (%s)', (split) => {
    const draft = draftOf(LIGHTHOUSE, split);
    const text = draftToFountain(draft);
    expect(text).toContain('INT. LIGHTHOUSE - LAMP ROOM - DUSK #2#');
    expect(text).toContain('.RADIO ROOM #3#');
    expect(text).toContain('MARA (V.O.)\n(quietly)\nIt\'s still turning.');
    expect(text).toContain('MARA ^\nThen we wait.');
    expect(text).toContain('[[Drone plate needed for this one]]');
    expect(text).not.toContain('@');
    expect(draftOf(text, split)).toEqual(draft);
  });

  it('forces what would otherwise read as something else', () => {
    const draft = {
      name: 'Forced',
      characters: [],
      scenes: [
        {
          number: '1',
          heading: 'MONTAGE',
          synopsis: '',
          shots: [
            { prompt: 'CUT TO:', dialogue: '', notes: '', transition: { kind: 'cut' as const, seconds: 0 } },
            { prompt: 'INT. looks like a heading', dialogue: '', notes: '', transition: { kind: 'cut' as const, seconds: 0 } },
            { prompt: 'SHOUTING\nstill action', dialogue: '', notes: '', transition: { kind: 'cut' as const, seconds: 0 } },
            { prompt: '= not a synopsis', dialogue: '', notes: '', transition: { kind: 'cut' as const, seconds: 0 } },
          ],
        },
      ],
    };
    const back = draftOf(draftToFountain(draft));
    expect(back.scenes[0]!.heading).toBe('MONTAGE');
    expect(back.scenes[0]!.shots.map((s) => s.prompt)).toEqual(draft.scenes[0]!.shots.map((s) => s.prompt));
  });
});
