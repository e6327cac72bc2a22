/**
 * The examples of the Fountain syntax guide (fountain.io/syntax), written into fixture files by
 * the test and read back through the same path the app uses (file -> text -> parse -> draft).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FountainError, parseFountain, type ScriptElement } from '../../shared/fountain/parse-fountain';
import { scriptToDraft, transitionKind } from '../../shared/fountain/script-to-draft';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fountain-syntax-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a fixture file and reads it back as the import does (UTF-8 text). */
function fixture(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'utf8');
  return fs.readFileSync(file, 'utf8');
}
const read = (name: string, text: string) => parseFountain(fixture(name, text));
const kinds = (els: ScriptElement[]) => els.map((e) => e.kind);

describe('Fountain syntax guide examples', () => {
  it('reads every kind of scene heading, forced and numbered', () => {
    const script = read(
      'headings.fountain',
      [
        'EXT. BRICK\'S PATIO - DAY',
        'INT. HOUSE - DAY #1#',
        'INT./EXT. CAR (MOVING) - CONTINUOUS #1A#',
        'I/E PLANE - NIGHT #110A#',
        'EST. CITY SKYLINE - DAWN',
        'int apartment bedroom - night',
        '.SNIPER SCOPE POV',
        '.FLASHBACK - TWENTY YEARS EARLIER #I-1-A#',
      ].join('\n\nSomething happens.\n\n') + '\n\nThe end of it.\n',
    );
    const headings = script.elements.filter((e): e is Extract<ScriptElement, { kind: 'heading' }> => e.kind === 'heading');
    expect(headings.map((h) => [h.text, h.number, h.forced])).toEqual([
      ["EXT. BRICK'S PATIO - DAY", null, false],
      ['INT. HOUSE - DAY', '1', false],
      ['INT./EXT. CAR (MOVING) - CONTINUOUS', '1A', false],
      ['I/E PLANE - NIGHT', '110A', false],
      ['EST. CITY SKYLINE - DAWN', null, false],
      ['int apartment bedroom - night', null, false],
      ['SNIPER SCOPE POV', null, true],
      ['FLASHBACK - TWENTY YEARS EARLIER', 'I-1-A', true],
    ]);
    const draft = scriptToDraft(script);
    // #n# numbers are kept; the others count on from the scene before, stepping around them.
    expect(draft.scenes.map((s) => s.number)).toEqual(['2', '1', '1A', '110A', '111', '112', '113', 'I-1-A']);
    expect(draft.scenes.map((s) => s.shots.map((shot) => shot.prompt))).toEqual([
      ...Array.from({ length: 7 }, () => ['Something happens.']),
      ['The end of it.'],
    ]);
  });

  it('reads action, forced action, forced character and the title page', () => {
    const script = read(
      'action.fountain',
      [
        'Title:',
        '    _**BRICK & STEEL**_',
        '    _**FULL RETIRED**_',
        'Credit: Written by',
        'Author: Stu Maschwitz',
        'Draft date: 1/20/2012',
        '',
        'EXT. BRICK\'S PATIO - DAY',
        '',
        'A gorgeous day.  The sun is shining.  But BRICK BRADDOCK, retired police detective, is sitting quietly, contemplating -- something.',
        '',
        '!SCANNING THE AISLES...',
        'Where is that pit boss?',
        '',
        '@McCLANE',
        'Yippie ki-yay! I got my lighter!',
        '',
        '!CUT TO:',
      ].join('\n'),
    );
    expect(script.title).toBe('BRICK & STEEL FULL RETIRED');
    expect(script.titlePage.author).toBe('Stu Maschwitz');
    expect(script.titlePage.draft_date).toBe('1/20/2012');
    expect(kinds(script.elements)).toEqual(['heading', 'action', 'action', 'dialogue', 'action']);
    expect(script.elements[2]).toMatchObject({ kind: 'action', text: 'SCANNING THE AISLES...\nWhere is that pit boss?' });
    expect(script.elements[3]).toMatchObject({ kind: 'dialogue', speaker: 'McCLANE', lines: [{ parenthetical: null, text: 'Yippie ki-yay! I got my lighter!' }] });
    expect(script.elements[4]).toMatchObject({ kind: 'action', text: 'CUT TO:' });
    const draft = scriptToDraft(script);
    expect(draft.name).toBe('BRICK & STEEL FULL RETIRED');
    expect(draft.characters).toEqual([{ name: 'Mcclane', cue: 'McCLANE' }]);
  });

  it('reads character extensions, parentheticals and dual dialogue', () => {
    const script = read(
      'dialogue.fountain',
      [
        'INT. KITCHEN - DAY',
        '',
        'MOM (O. S.)',
        'Luke! Come down for supper!',
        '',
        'HANS (on the radio)',
        'What was it you said?',
        '',
        'STEEL',
        '(starting the engine)',
        'So much for retirement!',
        '',
        'BRICK',
        'Screw retirement.',
        '',
        'STEEL ^',
        'Screw retirement.',
        '',
        'DEALER',
        'Ten.',
        'Four.',
        'Dealer gets a seven.',
        '(beat)',
        'Hit or stand sir?',
      ].join('\n'),
    );
    const d = script.elements.filter((e): e is Extract<ScriptElement, { kind: 'dialogue' }> => e.kind === 'dialogue');
    expect(d.map((x) => [x.speaker, x.extensions, x.dual])).toEqual([
      ['MOM', ['O. S.'], false],
      ['HANS', ['on the radio'], false],
      ['STEEL', [], false],
      ['BRICK', [], false],
      ['STEEL', [], true],
      ['DEALER', [], false],
    ]);
    expect(d[2]!.lines).toEqual([{ parenthetical: '(starting the engine)', text: 'So much for retirement!' }]);
    expect(d[5]!.lines).toEqual([
      { parenthetical: null, text: 'Ten. Four. Dealer gets a seven.' },
      { parenthetical: '(beat)', text: 'Hit or stand sir?' },
    ]);
    const shot = scriptToDraft(script).scenes[0]!.shots;
    // No action in the scene: the dialogue still gets a shot, with an empty prompt.
    expect(shot).toHaveLength(1);
    expect(shot[0]!.prompt).toBe('');
    expect(shot[0]!.dialogue.split('\n')).toEqual([
      '@Mom (O. S.): Luke! Come down for supper!',
      '@Hans (on the radio): What was it you said?',
      '@Steel: (starting the engine) So much for retirement!',
      '@Brick: Screw retirement.',
      '@Steel (at the same time): Screw retirement.',
      '@Dealer: Ten. Four. Dealer gets a seven.',
      '@Dealer: (beat) Hit or stand sir?',
    ]);
  });

  it('reads transitions, forced transitions, centered text, lyrics and page breaks', () => {
    const script = read(
      'transitions.fountain',
      [
        'EXT. SEA - DAY',
        '',
        'The waves.',
        '',
        'CUT TO:',
        '',
        'INT. BOAT - DAY',
        '',
        'Rocking.',
        '',
        'SMASH CUT TO:',
        '',
        'EXT. DOCK - DAY',
        '',
        'Gulls.',
        '',
        'DISSOLVE TO:',
        '',
        'EXT. DOCK - NIGHT',
        '',
        'Quiet.',
        '',
        '> Burn to White.',
        '',
        'EXT. SKY - NIGHT',
        '',
        '>THE END<',
        '',
        '~Willy Wonka! Willy Wonka! The amazing chocolatier!',
        '~Willy Wonka! Willy Wonka! Everybody give a cheer!',
        '',
        '===',
        '',
        'Stars.',
        '',
        'FADE OUT.',
      ].join('\n'),
    );
    expect(kinds(script.elements)).toContain('pageBreak');
    expect(script.elements.filter((e) => e.kind === 'transition').map((e) => (e as { text: string }).text)).toEqual([
      'CUT TO:',
      'SMASH CUT TO:',
      'DISSOLVE TO:',
      'Burn to White.',
      'FADE OUT.',
    ]);
    expect(script.elements).toContainEqual({ kind: 'centered', text: 'THE END' });
    const shots = scriptToDraft(script).scenes.flatMap((s) => s.shots);
    expect(shots.map((s) => [s.prompt, s.transition.kind])).toEqual([
      ['The waves.', 'cut'],
      ['Rocking.', 'cut'],
      ['Gulls.', 'dissolve'],
      ['Quiet.', 'cut'],
      ['THE END', 'cut'],
      ['Stars.', 'dip'],
    ]);
    expect(shots[4]!.dialogue).toBe('~Willy Wonka! Willy Wonka! The amazing chocolatier!\n~Willy Wonka! Willy Wonka! Everybody give a cheer!');
    expect(shots[2]!.transition.seconds).toBeGreaterThan(0);
    expect(['FADE TO BLACK.', 'FADE OUT.', 'CUT TO BLACK.'].map(transitionKind)).toEqual(['dip', 'dip', 'dip']);
    expect(['JUMP CUT TO:', 'MATCH CUT TO:', 'CUT TO:'].map(transitionKind)).toEqual(['cut', 'cut', 'cut']);
  });

  it('takes notes out of action and dialogue into the shot notes, and drops the boneyard', () => {
    const script = read(
      'notes.fountain',
      [
        'INT. TRAILER HOME - DAY',
        '',
        'This is the home of THE BOY BAND, AKA DAN and JACK[[Or did we think of actual names for these guys?]]. They too are drinking beer, and counting the take from their last smash-and-grab.',
        '',
        '[[It was supposed to be Vietnamese, right?]]',
        '',
        'JACK',
        'Dan, I think we should get out of here.[[Too on the nose.]]',
        '',
        'COGNITO: Everyone\'s coming after you mate! Scorpio, The Boy Band, Sparrow, Point Blank Sniper...',
        '',
        '/* INT. GARAGE - DAY',
        '',
        'BRICK and STEEL get into Mom\'s PORSCHE, Steel at the wheel. */',
        '',
        'A /* quick */ glance.',
        '',
        '[[A note',
        'over two lines]]',
      ].join('\n'),
    );
    expect(script.elements.some((e) => e.kind === 'heading' && e.text.includes('GARAGE'))).toBe(false);
    const draft = scriptToDraft(script);
    const shots = draft.scenes[0]!.shots;
    expect(shots[0]!.prompt).toBe(
      'This is the home of THE BOY BAND, AKA DAN and @Jack. They too are drinking beer, and counting the take from their last smash-and-grab.',
    );
    expect(shots[0]!.notes.split('\n')).toEqual([
      'Or did we think of actual names for these guys?',
      'It was supposed to be Vietnamese, right?',
      'Too on the nose.',
    ]);
    expect(shots[0]!.dialogue).toBe('@Jack: Dan, I think we should get out of here.');
    expect(shots.map((s) => s.prompt).slice(1)).toEqual([
      "COGNITO: Everyone's coming after you mate! Scorpio, The Boy Band, Sparrow, Point Blank Sniper...",
      'A glance.',
    ]);
    expect(shots[2]!.notes).toBe('A note over two lines');
  });

  it('keeps sections out and synopses on their scene', () => {
    const script = read(
      'sections.fountain',
      ['# ACT I', '', '= Set up the characters and the story.', '', 'EXT. BRICK\'S PATIO - DAY', '', '= This scene sets up Brick & Steel\'s new life as retirees.', '', '## Sequence', '', 'The sun shines.'].join(
        '\n',
      ),
    );
    expect(script.elements).toContainEqual({ kind: 'section', text: 'ACT I', depth: 1 });
    expect(script.elements).toContainEqual({ kind: 'section', text: 'Sequence', depth: 2 });
    const draft = scriptToDraft(script);
    expect(draft.scenes).toHaveLength(1);
    expect(draft.scenes[0]!.synopsis).toBe("This scene sets up Brick & Steel's new life as retirees.");
    expect(draft.scenes[0]!.shots.map((s) => s.prompt)).toEqual(['The sun shines.']);
  });
});

describe('text that is not a screenplay', () => {
  it('names the problem and the line', () => {
    expect(() => parseFountain('')).toThrow(/empty/);
    expect(() => parseFountain('  \n\n \n')).toThrow(FountainError);
    const png = fixture('image.fountain', 'INT. A - DAY\n\nok\n\u0000\u0001PNG');
    expect(() => parseFountain(png)).toThrow(/^line 4: .*binary/);
    expect(() => parseFountain('INT. A - DAY\n\nbad \uFFFD byte')).toThrow(/^line 3: .*UTF-8/);
    expect(() => parseFountain('x'.repeat(5 * 1024 * 1024 + 1))).toThrow(/larger than 5 MB/);
    expect(() => parseFountain('Just some prose, with no heading.\n\nAnd more prose.')).toThrow(/line 1: this does not look like a screenplay/);
    try {
      parseFountain('INT. A - DAY\n\u0007');
    } catch (error) {
      expect((error as FountainError).line).toBe(2);
    }
  });
});
