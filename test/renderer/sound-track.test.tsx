/**
 * The audio lanes drawn from what main lists: each clip on its lane, placed and sized to the
 * sequence's scale (a clip attached to a shot at that shot's start plus its offset), TEMP clips
 * marked, and the panel opening on the clicked clip.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AudioClip } from '../../shared/domain';
import { FakeClient, fakeId } from './fake-client';
import { renderApp } from './render-app';

function clip(fields: Partial<AudioClip>): AudioClip {
  return {
    id: fakeId(),
    track: 'music',
    file: 'media/audio/x.m4a',
    name: 'Bed',
    placement: { kind: 'sequence', startSeconds: 0 },
    inSeconds: 0,
    outSeconds: 4,
    gainDb: 0,
    fadeInSeconds: 0,
    fadeOutSeconds: 0,
    temp: false,
    durationSeconds: 10,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

describe('sound track lanes', () => {
  it('draws each clip on its lane to scale, attached clips at their shot', async () => {
    const client = new FakeClient().withProject(['One', 'Two']);
    client.shots = client.shots.map((s) => ({ ...s, seconds: 5 }));
    const [, second] = client.shots;
    const music = clip({ placement: { kind: 'sequence', startSeconds: 2 } });
    const voice = clip({ track: 'voice', name: 'TEMP VO: 2 Two', temp: true, placement: { kind: 'shot', shotId: second!.id, offsetSeconds: 1 }, outSeconds: 2.2 });
    client.audioClips = [music, voice];
    const { user } = renderApp(client);
    const lanes = await screen.findByTestId('sound-track');
    const musicBlock = await within(screen.getByTestId('lane-music')).findByTestId('audio-clip');
    const voiceBlock = within(screen.getByTestId('lane-voice')).getByTestId('audio-clip');
    expect(within(screen.getByTestId('lane-temp')).queryByTestId('audio-clip')).toBeNull();
    // 10 s of shots, shown over 11 s (a tenth of room after the end).
    const pct = (s: number) => `${(s / 11) * 100}%`;
    expect([musicBlock.style.left, musicBlock.style.width]).toEqual([pct(2), pct(4)]);
    expect([voiceBlock.style.left, voiceBlock.style.width]).toEqual([pct(6), pct(2.2)]);
    expect(voiceBlock.textContent).toBe('TEMPTEMP VO: 2 Two');
    expect(voiceBlock.className).toContain('temp');
    expect(lanes).toBeTruthy();

    await user.click(musicBlock);
    const panel = screen.getByTestId('audio-clip-panel');
    expect(within(panel).getByTestId('audio-clip-name').textContent).toBe('Bed');
    expect((within(panel).getByTestId('audio-clip-start') as HTMLInputElement).value).toBe('2');
    await user.click(voiceBlock);
    expect((screen.getByTestId('audio-clip-offset') as HTMLInputElement).value).toBe('1');
    expect(screen.getByTestId('audio-clip-panel').textContent).toContain('From shot 2');
  });
});
