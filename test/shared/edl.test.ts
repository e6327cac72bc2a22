/**
 * The CMX3600 writer (shared/interchange/edl.ts) on hand-made shot lists: the exact text at 24 fps
 * (cuts, a dissolve in the two-line form, a trim, a reused take, a dip written as a cut), the
 * field layout and timecode at 25 and 23.976 (non-drop-frame), and drop-frame at 29.97 with a
 * record timecode past the first minute, where labels ;00 and ;01 do not exist.
 */
import { describe, expect, it } from 'vitest';
import type { EdlShot } from '../../shared/interchange/edl';
import { reelNames, writeEdl } from '../../shared/interchange/edl';

const A = 'media/takes/job-a/normalised.mp4';
const B = 'media/takes/job-b/normalised.mp4';
const C = 'media/takes/job-c/normalised.mp4';

function shot(number: number, media: string | null, takeFrames: number, inFrame: number, outFrame: number, transition: EdlShot['transition'] = { kind: 'cut', frames: 0 }, hasAudio = true): EdlShot {
  return { label: String(number), title: `Shot ${number}`, media, hasAudio, takeFrames, inFrame, outFrame, transition };
}

/** Event lines as fields (the layout is checked exactly in the 24 fps test). */
const events = (edl: string) =>
  edl
    .split('\n')
    .filter((l) => /^\d{3} /.test(l))
    .map((l) => l.split(/\s+/));

describe('writeEdl', () => {
  it('writes cuts, a two-line dissolve, trims and a dip as a cut at 24 fps, in the CMX3600 layout', () => {
    const edl = writeEdl({
      title: 'Lighthouse',
      rate: { num: 24, den: 1 },
      shots: [
        shot(1, A, 48, 0, 48, { kind: 'dissolve', frames: 12 }),
        shot(2, B, 72, 12, 60, { kind: 'cut', frames: 0 }, false),
        shot(3, A, 48, 24, 48, { kind: 'dip', frames: 10 }),
        shot(4, C, 24, 0, 24),
      ],
    });
    const reels = reelNames([A, B, C]);
    const [ra, rb, rc] = [reels.get(A)!, reels.get(B)!, reels.get(C)!];
    expect(edl).toBe(
      [
        'TITLE: Lighthouse',
        'FCM: NON-DROP FRAME',
        '',
        `001  ${ra} AA/V  C        00:00:00:00 00:00:01:12 01:00:00:00 01:00:01:12`,
        `* FROM CLIP NAME: ${A}`,
        '* SHOT: 1 Shot 1',
        '',
        // The outgoing clip at zero length where the dissolve starts, then the incoming one.
        `002  ${ra} AA/V  C        00:00:01:12 00:00:01:12 01:00:01:12 01:00:01:12`,
        `002  ${rb} V     D    012 00:00:00:12 00:00:02:12 01:00:01:12 01:00:03:12`,
        `* FROM CLIP NAME: ${A}`,
        `* TO CLIP NAME: ${B}`,
        '* SHOT: 2 Shot 2',
        '',
        `003  ${ra} AA/V  C        00:00:01:00 00:00:02:00 01:00:03:12 01:00:04:12`,
        `* FROM CLIP NAME: ${A}`,
        '* SHOT: 3 Shot 3',
        '',
        `004  ${rc} AA/V  C        00:00:00:00 00:00:01:00 01:00:04:12 01:00:05:12`,
        `* FROM CLIP NAME: ${C}`,
        '* SHOT: 4 Shot 4',
        '* DIP TO BLACK OF 10 FRAMES WRITTEN AS A CUT (CMX3600 HAS NO DIP)',
        '',
      ].join('\n'),
    );
    expect(edl).not.toContain('\r');
  });

  it('gives each take a stable reel of 8 hex digits, the same for a reused take and never shared', () => {
    const reels = reelNames([A, B, C, A]);
    expect(reels.size).toBe(3);
    expect([...reels.values()].every((r) => /^[0-9A-F]{8}$/.test(r))).toBe(true);
    expect(new Set(reels.values()).size).toBe(3);
    expect(reelNames([C, B, A]).get(A)).toBe(reels.get(A));
  });

  it('counts frames 00-24 at 25 fps, with a trimmed dissolve', () => {
    const edl = writeEdl({ title: 'PAL', rate: { num: 25, den: 1 }, shots: [shot(1, A, 100, 10, 60, { kind: 'dissolve', frames: 24 }), shot(2, B, 50, 5, 50)] });
    expect(edl).toContain('FCM: NON-DROP FRAME');
    expect(events(edl)).toEqual([
      ['001', reelNames([A]).get(A), 'AA/V', 'C', '00:00:00:10', '00:00:01:11', '01:00:00:00', '01:00:01:01'],
      ['002', reelNames([A]).get(A), 'AA/V', 'C', '00:00:01:11', '00:00:01:11', '01:00:01:01', '01:00:01:01'],
      ['002', reelNames([B]).get(B), 'AA/V', 'D', '024', '00:00:00:05', '00:00:02:00', '01:00:01:01', '01:00:02:21'],
    ]);
  });

  it('labels 23.976 at 24 per second, non-drop-frame, and writes black for a shot without a take', () => {
    const edl = writeEdl({ title: 'Film\nrate', rate: { num: 24000, den: 1001 }, shots: [shot(1, A, 1500, 0, 1440), { ...shot(2, null, 24, 0, 24), title: '' }] });
    expect(edl.split('\n').slice(0, 2)).toEqual(['TITLE: Film rate', 'FCM: NON-DROP FRAME']);
    expect(events(edl)).toEqual([
      ['001', reelNames([A]).get(A), 'AA/V', 'C', '00:00:00:00', '00:01:00:00', '01:00:00:00', '01:01:00:00'],
      ['002', 'BL', 'V', 'C', '00:00:00:00', '00:00:01:00', '01:01:00:00', '01:01:01:00'],
    ]);
    expect(edl).toContain('* FROM CLIP NAME: BLACK\n* SHOT: 2\n');
  });

  it('writes drop-frame at 29.97: ";" before the frames, and minute one starting at ;02', () => {
    const edl = writeEdl({
      title: 'NTSC',
      rate: { num: 30000, den: 1001 },
      shots: [shot(1, A, 1800, 0, 1800), shot(2, B, 60, 0, 60, { kind: 'dissolve', frames: 15 }), shot(3, C, 45, 0, 45)],
    });
    expect(edl).toContain('FCM: DROP FRAME');
    const [ra, rb, rc] = [A, B, C].map((c) => reelNames([A, B, C]).get(c));
    expect(events(edl)).toEqual([
      // 1800 frames from 01:00:00;00: the labels 01:01:00;00 and ;01 are skipped.
      ['001', ra, 'AA/V', 'C', '00:00:00;00', '00:01:00;02', '01:00:00;00', '01:01:00;02'],
      ['002', rb, 'AA/V', 'C', '00:00:00;00', '00:00:01;15', '01:01:00;02', '01:01:01;17'],
      ['003', rb, 'AA/V', 'C', '00:00:01;15', '00:00:01;15', '01:01:01;17', '01:01:01;17'],
      ['003', rc, 'AA/V', 'D', '015', '00:00:00;00', '00:00:01;15', '01:01:01;17', '01:01:03;02'],
    ]);
  });

  it('keeps a dissolve longer than the shots as the plan clamps it', () => {
    const edl = writeEdl({ title: 'Clamp', rate: { num: 24, den: 1 }, shots: [shot(1, A, 10, 0, 10, { kind: 'dissolve', frames: 48 }), shot(2, B, 20, 0, 20)] });
    const lines = events(edl);
    expect(lines[2]!.slice(3, 5)).toEqual(['D', '010']);
    expect(lines[0]!.slice(6)).toEqual(['01:00:00:00', '01:00:00:00']);
  });
});
