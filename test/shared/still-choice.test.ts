/** The pure rules behind a still: nearest framing, default model, and the reference-sheet words. */
import { describe, expect, it } from 'vitest';
import { referenceSheetPrompt } from '../../shared/prompt/reference-sheet';
import { shippedRegistry } from '../../shared/registry/registry';
import { defaultStillModel, nearestSize } from '../../shared/still-choice';

describe('nearestSize', () => {
  it('keeps the framing first, then the pixel count', () => {
    expect(nearestSize(['1024x1024', '1536x1024', '1024x1536'], '1280x720')).toBe('1536x1024');
    expect(nearestSize(['1024x1024', '1536x1024', '1024x1536'], '720x1280')).toBe('1024x1536');
    expect(nearestSize(['1024x1024', '1344x768'], '1280x720')).toBe('1344x768');
    // The same framing at two sizes: the one nearer in pixels.
    expect(nearestSize(['3840x2160', '1920x1080', '1344x768'], '1280x720')).toBe('1920x1080');
    expect(nearestSize(['640x360', '1920x1080'], '1920x1080')).toBe('1920x1080');
    expect(nearestSize([], '1280x720')).toBeNull();
  });
});

describe('defaultStillModel', () => {
  const models = shippedRegistry().models;
  it("takes the shot's provider's first image model when it can be used, else the free local still", () => {
    expect(defaultStillModel(models, 'openai', () => true)?.model).toBe('gpt-image-1.5:low');
    expect(defaultStillModel(models, 'openai', () => false)?.model).toBe('animatic-still');
    expect(defaultStillModel(models, 'runway-that-makes-no-stills', () => true)?.model).toBe('animatic-still');
  });
});

describe('referenceSheetPrompt', () => {
  it('keeps the description word for word and asks for a layout by kind', () => {
    const character = referenceSheetPrompt({ kind: 'character', name: 'Mara', description: 'keeper, yellow oilskin.' });
    expect(character).toMatch(/^Character reference sheet: .*front, three-quarter and side/);
    expect(character).toContain('Mara: keeper, yellow oilskin. neutral grey studio background');
    expect(referenceSheetPrompt({ kind: 'prop', name: 'Lamp', description: '' })).toContain('Lamp. neutral grey studio background');
    expect(referenceSheetPrompt({ kind: 'style', name: 'Noir', description: 'hard shadows' }, 'Black and white, 35 mm')).toBe(
      'Style frame: one representative frame that shows the look, palette and lighting. Noir: hard shadows. Black and white, 35 mm.',
    );
  });
});
