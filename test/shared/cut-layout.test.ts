/**
 * layoutCut (shared/interchange/cut.ts), the placement every interchange writer shares: shots
 * end to end as the export plan places them, a dissolve of d frames as an edit floor(d/2) into
 * the overlap with both clips' handles inside their trims, a dip as fades on the shots' own
 * frames, a dissolve longer than a shot clamped as the MP4 export clamps it; and the file-name
 * and URI helpers.
 */
import { describe, expect, it } from 'vitest';
import { fileSlug, layoutCut, relativeUri, type CutShot } from '../../shared/interchange/cut';

const shot = (label: string, inFrame: number, outFrame: number, transition: CutShot['transition'] = { kind: 'cut', frames: 0 }, takeFrames = outFrame): CutShot => ({
  label,
  title: label,
  prompt: '',
  media: `media/${label}.mp4`,
  hasAudio: true,
  takeFrames,
  inFrame,
  outFrame,
  transition,
});

describe('layoutCut', () => {
  it('puts a centred dissolve on an edit point inside the overlap', () => {
    const layout = layoutCut([shot('1', 0, 48, { kind: 'dissolve', frames: 13 }), shot('2', 10, 58), shot('3', 0, 24)]);
    expect(layout.totalFrames).toBe(48 + 48 + 24 - 13);
    const [a, b, c] = layout.shots;
    expect([a!.start, b!.start, c!.start]).toEqual([0, 35, 83]);
    expect(layout.joins).toEqual([{ index: 1, kind: 'dissolve', edit: 41, before: 6, after: 7 }]);
    // A runs to the edit (its last 7 frames are the handle), B starts there (6 frames of handle before).
    expect([a!.clipStart, a!.clipFrames, a!.clipIn]).toEqual([0, 41, 0]);
    expect([b!.clipStart, b!.clipFrames, b!.clipIn]).toEqual([41, 42, 16]);
    expect(a!.clipIn + a!.clipFrames + 7).toBe(48);
    expect(b!.clipIn - 6).toBe(10);
    expect([c!.clipStart, c!.clipFrames]).toEqual([83, 24]);
  });

  it('writes a dip as fades on the shots\u2019 own frames, without changing any length', () => {
    const layout = layoutCut([shot('1', 0, 24, { kind: 'dip', frames: 11 }), shot('2', 0, 24)]);
    expect(layout.totalFrames).toBe(48);
    expect(layout.joins).toEqual([{ index: 1, kind: 'dip', edit: 24, before: 5, after: 6 }]);
    expect(layout.shots.map((s) => [s.clipStart, s.clipFrames, s.fadeIn, s.fadeOut])).toEqual([
      [0, 24, 0, 5],
      [24, 24, 6, 0],
    ]);
  });

  it('clamps a dissolve longer than the shots as the MP4 export does, and ignores one after the last shot', () => {
    const layout = layoutCut([shot('1', 0, 10, { kind: 'dissolve', frames: 48 }), shot('2', 0, 20, { kind: 'dissolve', frames: 12 })]);
    expect(layout.totalFrames).toBe(20);
    expect(layout.joins).toEqual([{ index: 1, kind: 'dissolve', edit: 5, before: 5, after: 5 }]);
  });

  it('refuses a trim that keeps no frames', () => {
    expect(() => layoutCut([shot('1', 10, 10)])).toThrow(/keeps no frames/);
  });
});

describe('file names and URIs', () => {
  it('makes readable, portable names', () => {
    expect(fileSlug('Cliff walk!')).toBe('Cliff-walk');
    expect(fileSlug('Été à Øre — «nuit»')).toBe('Ete-a-re-nuit');
    expect(fileSlug('***')).toBe('');
    expect(fileSlug('a'.repeat(60))).toHaveLength(40);
  });

  it('percent-encodes each segment of a relative path, keeping the slashes', () => {
    expect(relativeUri('media/001 Cliff #1.mp4')).toBe('media/001%20Cliff%20%231.mp4');
  });
});
