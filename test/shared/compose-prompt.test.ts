import { describe, expect, it } from 'vitest';
import type { Element, ReferenceImage } from '../../shared/domain';
import { ComposeError, composePrompt, type ComposeInput, type ComposeShot } from '../../shared/prompt/compose-prompt';
import { findModel, shippedRegistry } from '../../shared/registry/registry';

const reg = shippedRegistry();
const sora = findModel(reg, 'openai', 'sora-2')!;
const veo = findModel(reg, 'google', 'veo-3.1-generate-001')!;
const animatic = findModel(reg, 'animatic', 'animatic')!;

const STYLE = '16mm film, muted teal and amber palette, soft window light from camera left';
const MARA =
  'a woman in her sixties, lean and upright, weathered face, cropped grey hair, navy oilskin coat, a brass compass on a cord';

const image = (id: string): ReferenceImage => ({ id, path: `media/refs/${id}.png`, name: `${id}.png`, fit: 'cover', width: 64, height: 64 });
const element = (name: string, kind: Element['kind'], description: string, images: ReferenceImage[] = []): Element => ({
  id: `id-${name}`,
  kind,
  name,
  description,
  images,
  realPerson: false,
  consent: null,
});

const library: Element[] = [
  element('Mara', 'character', MARA, [image('mara-1'), image('mara-2'), image('mara-3')]),
  element('Tom', 'character', 'a boy of ten, thin, freckled, red wool hat, oversized yellow raincoat', [image('tom-1')]),
  element('Ada', 'character', 'a tall woman in her thirties, black bob, grey lab coat'),
  element('Lighthouse', 'place', 'a white stone lighthouse on a basalt headland, red iron lantern room', [image('lh-1')]),
  element('Noir', 'style', 'high-contrast black and white, hard key light, deep shadows'),
];

const baseShot: ComposeShot = {
  prompt: '@Mara climbs the last steps of the @Lighthouse stairs. She pauses at the top, one hand on the rail.',
  cameraMove: 'dolly-in',
  shotType: 'medium-close-up',
  dialogue: "Mara: It's still turning.",
  soundNotes: 'iron steps ringing under her boots; wind outside',
  seconds: 8,
};

const compose = (over: Partial<Omit<ComposeInput, 'shot'>> & { shot?: Partial<ComposeShot> } = {}) =>
  composePrompt({
    style: STYLE,
    elements: library,
    model: sora,
    imageAttached: false,
    ...over,
    shot: { ...baseShot, ...over.shot },
  });

describe('consistency', () => {
  it('writes the same element description, word for word, in every shot and every family', () => {
    const shots: Partial<ComposeShot>[] = [
      { prompt: '@Mara opens the door.' },
      { prompt: 'Rain on the glass. @Mara turns to the window.', cameraMove: 'static', shotType: 'close-up' },
      { prompt: 'Far below, @Tom waves. @Mara raises a hand.', dialogue: '' },
    ];
    const expected = `Mara: ${MARA}.`;
    for (const model of [sora, veo]) {
      for (const s of shots) {
        const out = compose({ model, shot: s });
        expect(out.prompt).toContain(expected);
        expect(out.prompt.split(expected)).toHaveLength(2); // exactly once
      }
    }
  });

  it('puts the style line first and identical in every shot', () => {
    for (const model of [sora, veo]) {
      for (const prompt of ['@Mara opens the door.', 'The lamp turns.', '@Tom runs along the pier.']) {
        expect(compose({ model, shot: { prompt } }).prompt.startsWith(`${STYLE}.`)).toBe(true);
      }
    }
  });

  it('puts a mentioned style element right after the project style, before everything else', () => {
    const out = compose({ model: veo, shot: { prompt: '@Mara at the rail, in the @Noir look.' } });
    expect(out.prompt.startsWith(`${STYLE}. high-contrast black and white, hard key light, deep shadows. Medium close-up`)).toBe(true);
    expect(out.mentioned.map((e) => e.name)).toEqual(['Mara', 'Noir']);
  });

  it('replaces @Name with the plain name and is deterministic', () => {
    const a = compose();
    expect(a.prompt).not.toContain('@');
    expect(a.prompt).toContain('Mara climbs the last steps of the Lighthouse stairs.');
    expect(compose()).toEqual(a);
  });

  it('does not take e-mail addresses for mentions', () => {
    expect(() => compose({ shot: { prompt: 'A note signed mara@example.com lies on the desk.' } })).not.toThrow();
  });
});

describe('unknown names', () => {
  it('throws a ComposeError naming every unknown @Name', () => {
    let caught: unknown;
    try {
      compose({ shot: { prompt: '@Mraa meets @Tom and @Bob.' } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ComposeError);
    const err = caught as ComposeError;
    expect(err.unknownNames).toEqual(['Mraa', 'Bob']);
    expect(err.message).toContain('@Mraa, @Bob');
    expect(err.message).toContain('add them or fix the spelling');
  });

  it('checks mentions in the dialogue too', () => {
    expect(() => compose({ shot: { dialogue: '@Zed: Hello there.' } })).toThrow(/@Zed/);
  });
});

describe('family shapes', () => {
  it('Sora: labelled blocks', () => {
    const p = compose({ model: sora }).prompt;
    const order = ['Cinematography:\nCamera shot: Medium close-up', 'Actions:\n- Mara climbs', '- She pauses at the top', 'Dialogue:\n- Mara: "It\'s still turning."', 'Background Sound:\n'];
    let at = -1;
    for (const piece of order) {
      const next = p.indexOf(piece);
      expect(next, piece).toBeGreaterThan(at);
      at = next;
    }
    expect(p).toContain('slow push-in toward the subject');
    expect(p).not.toMatch(/^SFX:|Ambient noise:/m);
  });

  it('Veo: one paragraph leading with the camera, quoted dialogue after a speech verb, SFX and ambience lines', () => {
    const out = compose({ model: veo });
    const lines = out.prompt.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.slice(STYLE.length + 2).startsWith('Medium close-up, framed from the chest up, slow push-in toward the subject.')).toBe(true);
    expect(lines[0]).toContain('Mara says, "It\'s still turning."');
    expect(lines[1]).toBe('SFX: iron steps ringing under her boots.');
    expect(lines[2]).toBe('Ambient noise: wind outside.');
    expect(out.prompt).not.toContain('Cinematography:');
  });

  it('Veo: exclusions go to the negative prompt as nouns, with text exclusions always', () => {
    const out = compose({ model: veo, shot: { soundNotes: 'wind outside; no music' } });
    expect(out.negativePrompt).toBe('subtitles, captions, on-screen text, music');
    expect(out.prompt).not.toMatch(/\bmusic\b/);
    expect(compose({ model: veo }).negativePrompt).toBe('subtitles, captions, on-screen text');
    expect(compose({ model: sora }).negativePrompt).toBeUndefined();
  });

  it('animatic: a short card with the labels, the action and the lines', () => {
    const out = compose({ model: animatic });
    expect(out.prompt).toBe(
      'Medium close-up · Dolly in / push-in\nMara climbs the last steps of the Lighthouse stairs. She pauses at the top, one hand on the rail.\nMara: “It\'s still turning.”',
    );
    expect(out.negativePrompt).toBeUndefined();
  });

  it('never writes duration, size or model into the prose', () => {
    for (const model of [sora, veo, animatic]) {
      for (const seconds of [4, 8, 12]) {
        const p = compose({ model, shot: { seconds } }).prompt;
        expect(p).not.toMatch(/\b\d+(\.\d+)?\s*(s|sec|secs|seconds)\b/);
        expect(p).not.toMatch(/\d{3,4}x\d{3,4}|16:9|9:16|720p|1080p/);
        expect(p.toLowerCase()).not.toMatch(/sora|veo|animatic/);
      }
    }
  });

  it('always states an audio bed for models with sound', () => {
    const quiet = { soundNotes: '', dialogue: '' };
    expect(compose({ model: sora, shot: quiet }).prompt).toContain('Background Sound:\nquiet room tone.');
    expect(compose({ model: veo, shot: quiet }).prompt.split('\n').at(-1)).toBe('Ambient noise: quiet room tone.');
    // Effects only: the bed is still there.
    expect(compose({ model: veo, shot: { soundNotes: 'a door slams' } }).prompt).toContain('SFX: a door slams.\nAmbient noise: quiet room tone.');
    expect(compose({ model: animatic, shot: quiet }).prompt).not.toContain('room tone');
  });
});

describe('warnings', () => {
  it('warns about more than two featured characters', () => {
    const out = compose({ shot: { prompt: '@Mara, @Tom and @Ada stand at the rail.' } });
    expect(out.warnings.join('\n')).toMatch(/features 3 characters \(Mara, Tom, Ada\)/);
    expect(compose({ shot: { prompt: '@Mara and @Tom stand at the rail.' } }).warnings.join('\n')).not.toMatch(/characters/);
  });

  it('warns about stacked camera moves, not about a cooking pan', () => {
    const stacked = compose({ shot: { prompt: '@Mara walks in as the camera pans left and zooms in.' } });
    expect(stacked.warnings.join('\n')).toMatch(/Camera moves are stacked: "slow push-in toward the subject" \(camera move\), "camera pans"/);
    const cooking = compose({ shot: { prompt: '@Mara lifts the pan from the stove.' } });
    expect(cooking.warnings.join('\n')).not.toMatch(/stacked/);
  });

  it('warns when the dialogue is too long for the duration (12 words per 4 s)', () => {
    const twelve = 'Mara: one two three four five six seven eight nine ten eleven twelve';
    expect(compose({ shot: { dialogue: twelve, seconds: 4 } }).warnings.join('\n')).not.toMatch(/dialogue has/);
    const out = compose({ shot: { dialogue: `${twelve} thirteen`, seconds: 4 } });
    expect(out.warnings.join('\n')).toMatch(/The dialogue has 13 words; a 4 s clip fits about 12/);
  });

  it('warns about on-screen text requests', () => {
    const out = compose({ shot: { prompt: 'A sign that reads "KEEP OUT" hangs on the @Lighthouse door.' } });
    expect(out.warnings.join('\n')).toMatch(/on-screen text/);
    expect(compose().warnings.join('\n')).not.toMatch(/on-screen text/);
  });

  it('warns about durations written into the action and about too many beats', () => {
    const out = compose({ shot: { prompt: 'For 5 seconds @Mara waits. She sits. She stands. She turns. She leaves.', seconds: 4 } });
    const all = out.warnings.join('\n');
    expect(all).toMatch(/mentions "5 seconds"/);
    expect(all).toMatch(/5 beats for 4 s; about 2 fit/);
  });

  it('warns when the project has no style line', () => {
    expect(compose({ style: '  ' }).warnings.join('\n')).toMatch(/no style line/);
  });

  it('gives no warnings for a clean shot', () => {
    expect(compose({ model: veo }).warnings).toEqual([]);
  });
});

describe('reference images', () => {
  it('sends mentioned elements\' images in mention order, one per element first, within the limit', () => {
    const out = compose({ model: veo, shot: { prompt: '@Tom runs to @Mara by the @Lighthouse.' } });
    expect(out.referenceImages.map((i) => i.id)).toEqual(['tom-1', 'mara-1', 'lh-1']);
    expect(out.warnings.join('\n')).not.toMatch(/reference images/);
  });

  it('says which element gets no reference image when the limit runs out', () => {
    const withAda = library.map((e) => (e.name === 'Ada' ? { ...e, images: [image('ada-1')] } : e));
    const out = compose({ model: veo, elements: withAda, shot: { prompt: '@Tom and @Mara by the @Lighthouse; @Ada watches.' } });
    expect(out.referenceImages.map((i) => i.id)).toEqual(['tom-1', 'mara-1', 'lh-1']);
    expect(out.warnings.join('\n')).toMatch(/takes 3 reference images, so Ada gets none/);
  });

  it('sends none when a first frame is attached on Veo, and says why', () => {
    const out = compose({ model: veo, imageAttached: true });
    expect(out.referenceImages).toEqual([]);
    expect(out.warnings.join('\n')).toMatch(/cannot combine references with a first or last frame/);
  });

  it('sends none to models without references', () => {
    expect(compose({ model: sora }).referenceImages).toEqual([]);
  });

  it('never sends images of a real person without consent', () => {
    const real = { ...library[0]!, realPerson: true };
    const out = compose({ model: veo, elements: [real, ...library.slice(1)], shot: { prompt: '@Mara waits.' } });
    expect(out.referenceImages).toEqual([]);
    expect(out.warnings.join('\n')).toMatch(/Mara shows a real person and has no consent record/);
  });
});
