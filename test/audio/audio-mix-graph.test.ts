/** The mix's filter graph as text: what each placed clip goes through, in order. */
import { describe, expect, it } from 'vitest';
import { duckExpression, mixGraph, mixSettingsFrom } from '../../main/export/audio-mix';
import { placeAudioClips } from '../../shared/audio-placement';
import type { AudioClip } from '../../shared/domain';

const format = { width: 320, height: 180, fps: { num: 24, den: 1 }, audio: { sampleRate: 48000 as const, channels: 2 as const } };
const base: AudioClip = {
  id: '00000000-0000-4000-8000-000000000001',
  track: 'music',
  file: 'media/audio/a.m4a',
  name: 'bed',
  placement: { kind: 'shot', shotId: 's1', offsetSeconds: -1 },
  inSeconds: 2,
  outSeconds: 6,
  gainDb: -3,
  fadeInSeconds: 1.5,
  fadeOutSeconds: 0.5,
  temp: false,
  durationSeconds: 8,
  createdAt: '2026-12-03T10:00:00.000Z',
};

describe('mixGraph', () => {
  it('trims, fades, cuts a pre-lap after its fade, applies clip gain plus lane level, then delays to its start', () => {
    const { placed } = placeAudioClips([base], new Map([['s1', 0]]));
    const graph = mixGraph(placed, mixSettingsFrom({ musicDb: -4, takesDb: 2 }), 10, format);
    const clipChain = graph.split(';')[1]!;
    const steps = clipChain.replace(/\[[^\]]+\]/g, '').split(',');
    expect(steps[0]).toBe('atrim=start=2.000000:end=6.000000');
    expect(steps.indexOf('afade=t=in:st=0:d=1.500000')).toBeLessThan(steps.indexOf('atrim=start=1.000000'));
    expect(steps).toContain('afade=t=out:st=3.500000:d=0.500000');
    expect(steps).toContain('volume=-7dB');
    expect(steps.at(-1)).toBe('adelay=delays=0:all=1');
    expect(graph).toContain('volume=2dB[takes]');
    expect(graph).toMatch(/amix=inputs=2:duration=first:dropout_transition=0:normalize=0,apad=whole_dur=10\.000000,atrim=end=10\.000000/);
    expect(graph).not.toContain('volume=\'');
  });

  it('ducks music and takes (not the voice) with ramps that may start before 0', () => {
    const voice: AudioClip = { ...base, id: '00000000-0000-4000-8000-000000000002', track: 'voice', placement: { kind: 'sequence', startSeconds: 0.05 }, inSeconds: 0, outSeconds: 1, fadeInSeconds: 0, fadeOutSeconds: 0 };
    const { placed } = placeAudioClips([base, voice], new Map([['s1', 0]]));
    const graph = mixGraph(placed, mixSettingsFrom({ duck: true, duckDb: -12 }), 10, format);
    const chains = graph.split(';');
    const voiceChain = chains.find((c) => c.includes('delays=50:'))!;
    expect(voiceChain).not.toContain('eval=frame');
    expect(chains.filter((c) => c.includes("volume='1-"))).toHaveLength(2);
    expect(duckExpression([{ start: 0.05, end: 1.05 }], -12)).toContain('(t-(-0.100000))');
  });
});
