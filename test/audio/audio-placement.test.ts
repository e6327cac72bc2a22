/** Where audio clips sit in the sequence: at a time, or moving with their shot. */
import { describe, expect, it } from 'vitest';
import { clipGainAt, dbToGain, framedAudioLanes, placeAudioClips, shotStartSeconds, voiceStretches } from '../../shared/audio-placement';
import type { AudioClip, AudioPlacement } from '../../shared/domain';

const fps = { num: 24, den: 1 };
let n = 0;
function clip(placement: AudioPlacement, fields: Partial<AudioClip> = {}): AudioClip {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    track: 'music',
    file: 'media/audio/a.m4a',
    name: `clip ${n}`,
    placement,
    inSeconds: 0,
    outSeconds: 4,
    gainDb: 0,
    fadeInSeconds: 0,
    fadeOutSeconds: 0,
    temp: false,
    durationSeconds: 10,
    createdAt: `2026-12-03T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    ...fields,
  };
}
const cut = { kind: 'cut' as const, seconds: 0 };
const shots = [
  { id: 'a', seconds: 2, trimIn: 0, trimOut: null, transition: cut },
  { id: 'b', seconds: 3, trimIn: 0, trimOut: null, transition: { kind: 'dissolve' as const, seconds: 0.5 } },
  { id: 'c', seconds: 2, trimIn: 0, trimOut: null, transition: cut },
];

describe('placeAudioClips', () => {
  it('puts a sequence clip at its time and a shot clip at its shot start plus offset', () => {
    const starts = shotStartSeconds(shots, fps);
    expect([...starts.values()]).toEqual([0, 2, 4.5]);
    const music = clip({ kind: 'sequence', startSeconds: 1.25 }, { inSeconds: 2, outSeconds: 5 });
    const voice = clip({ kind: 'shot', shotId: 'c', offsetSeconds: 0.5 }, { track: 'voice', outSeconds: 1 });
    const { placed, detached } = placeAudioClips([voice, music], starts);
    expect(detached).toEqual([]);
    expect(placed.map((p) => [p.clip.id, p.startSeconds, p.endSeconds, p.inSeconds, p.lengthSeconds])).toEqual([
      [music.id, 1.25, 4.25, 2, 3],
      [voice.id, 5, 6, 0, 1],
    ]);
  });

  it('moves an attached clip with its shot when the shots before it change, and leaves a sequence clip where it is', () => {
    const voice = clip({ kind: 'shot', shotId: 'c', offsetSeconds: 0 }, { track: 'voice', outSeconds: 1 });
    const music = clip({ kind: 'sequence', startSeconds: 3 });
    const longer = shots.map((s) => (s.id === 'a' ? { ...s, seconds: 4 } : s));
    const before = placeAudioClips([voice, music], shotStartSeconds(shots, fps)).placed;
    const after = placeAudioClips([voice, music], shotStartSeconds(longer, fps)).placed;
    const at = (list: typeof before, id: string) => list.find((p) => p.clip.id === id)!.startSeconds;
    expect(at(after, voice.id) - at(before, voice.id)).toBeCloseTo(2, 9);
    expect(at(after, music.id)).toBe(at(before, music.id));
    // Reordered: c first, the clip goes with it.
    const reordered = [shots[2]!, shots[0]!, shots[1]!];
    expect(placeAudioClips([voice], shotStartSeconds(reordered, fps)).placed[0]!.startSeconds).toBe(0);
  });

  it('keeps a clip of a deleted shot aside, and cuts a pre-lap at the sequence start', () => {
    const orphan = clip({ kind: 'shot', shotId: 'gone', offsetSeconds: 0 });
    const prelap = clip({ kind: 'shot', shotId: 'a', offsetSeconds: -1.5 }, { outSeconds: 3, fadeInSeconds: 2 });
    const { placed, detached } = placeAudioClips([orphan, prelap], shotStartSeconds(shots, fps));
    expect(detached.map((c) => c.id)).toEqual([orphan.id]);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ startSeconds: 0, inSeconds: 1.5, lengthSeconds: 1.5, endSeconds: 1.5 });
    // The fade keeps its shape: 1.5 s into a 2 s fade at the sequence start.
    expect(clipGainAt(placed[0]!, 0)).toBeCloseTo(0.75, 9);
  });

  it('draws gain and fades as the export does, and merges touching voice stretches', () => {
    const c = clip({ kind: 'sequence', startSeconds: 10 }, { outSeconds: 4, gainDb: -6, fadeInSeconds: 1, fadeOutSeconds: 2 });
    const [p] = placeAudioClips([c], new Map()).placed;
    expect(clipGainAt(p!, 9.99)).toBe(0);
    expect(clipGainAt(p!, 10.5)).toBeCloseTo(dbToGain(-6) * 0.5, 9);
    expect(clipGainAt(p!, 11.5)).toBeCloseTo(dbToGain(-6), 9);
    expect(clipGainAt(p!, 13)).toBeCloseTo(dbToGain(-6) * 0.5, 9);
    expect(clipGainAt(p!, 14)).toBe(0);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    const v = (start: number, out: number) => clip({ kind: 'sequence', startSeconds: start }, { track: 'voice', outSeconds: out });
    const laid = placeAudioClips([v(0, 1), v(1, 1), v(5, 0.5), clip({ kind: 'sequence', startSeconds: 2 })], new Map()).placed;
    expect(voiceStretches(laid)).toEqual([{ start: 0, end: 2 }, { start: 5, end: 5.5 }]);
  });
});

describe('player cues', () => {
  it('says which clip sounds, where in its file, at what volume (capped at the file level)', async () => {
    const { cuesAt } = await import('../../renderer/features/player/audio-playback');
    const loud = clip({ kind: 'sequence', startSeconds: 1 }, { inSeconds: 2, outSeconds: 4, gainDb: 6 });
    const soft = clip({ kind: 'sequence', startSeconds: 0 }, { outSeconds: 2, gainDb: -6, fadeOutSeconds: 1 });
    const { placed } = placeAudioClips([loud, soft], new Map());
    const at = (t: number) => Object.fromEntries(cuesAt(placed, t).map((c) => [c.clipId, c]));
    expect(at(0.5)[soft.id]).toMatchObject({ active: true, fileTime: 0.5 });
    expect(at(0.5)[soft.id]!.volume).toBeCloseTo(dbToGain(-6), 9);
    expect(at(1.5)[soft.id]!.volume).toBeCloseTo(dbToGain(-6) * 0.5, 9);
    expect(at(0.5)[loud.id]).toMatchObject({ active: false, fileTime: 2, volume: 0 });
    expect(at(2)[loud.id]).toMatchObject({ active: true, fileTime: 3, volume: 1 });
    expect(at(3)[loud.id]!.active).toBe(false);
  });
});

describe('shot starts from an export plan', () => {
  it('turns start frames into seconds at the exact rate', async () => {
    const { shotStartsFromFrames } = await import('../../shared/audio-placement');
    const starts = shotStartsFromFrames(['a', 'b', 'c'], [0, 48, 100], { num: 24000, den: 1001 });
    expect(starts.get('b')).toBeCloseTo((48 * 1001) / 24000, 12);
    expect(starts.get('c')).toBeCloseTo((100 * 1001) / 24000, 12);
  });
});

describe('framedAudioLanes (what the hand-off formats get)', () => {
  it('gives lanes in frames at 29.97 against the record frames of the shots, empty lanes left out', () => {
    const ntsc = { num: 30000, den: 1001 };
    const music = clip({ kind: 'sequence', startSeconds: 1 }, { inSeconds: 2, outSeconds: 5, durationSeconds: 10 });
    const voice = clip({ kind: 'shot', shotId: 'b', offsetSeconds: 0.5 }, { track: 'voice', outSeconds: 1, durationSeconds: 1 });
    const gone = clip({ kind: 'shot', shotId: 'deleted', offsetSeconds: 0 }, { track: 'temp' });
    // Shot b starts at record frame 60 (as an export plan would say).
    const lanes = framedAudioLanes([music, voice, gone], new Map([['a', 0], ['b', 60]]), ntsc);
    expect(lanes.map((l) => l.name)).toEqual(['Voice-over', 'Music']);
    const frames = (s: number) => Math.round((s * 30000) / 1001);
    expect(lanes[0]!.clips).toEqual([{ name: voice.name, file: voice.file, mediaFrames: 29, inFrame: 0, outFrame: 29, at: 60 + frames(0.5) }]);
    expect(lanes[1]!.clips).toEqual([{ name: music.name, file: music.file, mediaFrames: 299, inFrame: frames(2), outFrame: frames(2) + frames(3), at: frames(1) }]);
  });
});
