/**
 * Player: the sequence timing (cuts and dissolves, from the shots' selected takes), the point
 * shown at a time (outgoing and incoming take during a dissolve), and the panel's controls:
 * next/previous shot, scrubbing with the keyboard, the current shot highlighted, media URLs
 * under the host's media base.
 */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Take } from '../../shared/domain';
import { PlayerPanel } from '../../renderer/features/player/PlayerPanel';
import { TimelinePlayhead } from '../../renderer/features/player/TimelinePlayhead';
import { mediaUrl } from '../../renderer/features/player/media-url';
import { buildSegments, locate, segmentIndexAt } from '../../renderer/features/player/sequence-playback';
import { bandsGradient } from '../../renderer/features/player/Scrubber';
import { createAppStore } from '../../renderer/state/app-store';
import { StoreProvider } from '../../renderer/state/store-context';
import { fakeId, makeShot } from './fake-client';
import { ProductionFakeClient } from './production-fake-client';

function take(shotId: string, seconds: number, file = `media/takes/${shotId}.mp4`): Take {
  return {
    id: fakeId(),
    shotId,
    parentTakeId: null,
    provider: 'animatic',
    model: 'animatic',
    size: '1280x720',
    seconds,
    composedPrompt: '',
    request: { provider: 'animatic', model: 'animatic', prompt: '', seconds, size: '1280x720', fps: { num: 24, den: 1 } },
    requestHash: 'h',
    remoteId: null,
    status: 'ready',
    costUsd: 0,
    durationSeconds: seconds,
    files: { original: file, normalised: file, poster: null, filmstrip: null },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('sequence playback math', () => {
  it('lays takes end to end, overlaps dissolves, and mixes the incoming take', () => {
    const a = makeShot('a0', { title: 'A', seconds: 4, transition: { kind: 'dissolve', seconds: 1 } });
    const b = makeShot('a1', { title: 'B', seconds: 4, trimIn: 0.5 });
    const c = makeShot('a2', { title: 'C', seconds: 2 });
    const ta = take(a.id, 3);
    const tb = take(b.id, 4);
    a.selectedTakeId = ta.id;
    b.selectedTakeId = tb.id;
    const { segments, totalSeconds } = buildSegments([a, b, c], { [ta.id]: ta, [tb.id]: tb }, { num: 24, den: 1 });
    // A: 3 s take; B: 4 - 0.5 = 3.5 s; C: no take, its requested 2 s. Dissolve overlaps 1 s.
    expect(segments.map((s) => [s.startSeconds, s.durationSeconds])).toEqual([
      [0, 3],
      [2, 3.5],
      [5.5, 2],
    ]);
    expect(totalSeconds).toBe(7.5);
    expect(segments[2]!.take).toBeNull();
    expect(locate(segments, 1)).toEqual({ index: 0, takeTime: 1, incoming: null });
    const mid = locate(segments, 2.5)!;
    expect(mid.index).toBe(0);
    expect(mid.takeTime).toBeCloseTo(2.5);
    expect(mid.incoming!.index).toBe(1);
    expect(mid.incoming!.takeTime).toBeCloseTo(1); // trimIn 0.5 + 0.5 into B
    expect(mid.incoming!.mix).toBeCloseTo(0.5);
    expect(locate(segments, 4)).toMatchObject({ index: 1, incoming: null });
    expect(locate(segments, 4)!.takeTime).toBeCloseTo(2.5);
    expect(locate(segments, 6)).toMatchObject({ index: 2, incoming: null });
    expect(locate([], 1)).toBeNull();
  });

  it('encodes each media path segment once under the media base', () => {
    expect(mediaUrl('/media/', 'media/takes/a b#1.mp4')).toBe('/media/media/takes/a%20b%231.mp4');
    expect(mediaUrl('shotline-media://project', 'media/x.mp4')).toBe('shotline-media://project/media/x.mp4');
  });
});

describe('player panel', () => {
  it('draws a 1,000-shot scrubber as one element of bands, not one element per shot', async () => {
    const client = new ProductionFakeClient().withProject(Array.from({ length: 1000 }, (_, i) => `S${i + 1}`));
    // Every other shot has a 2 s take; the rest have none.
    const takes = client.shots.filter((_, i) => i % 2 === 0).map((s) => take(s.id, 2));
    takes.forEach((t) => (client.shots.find((s) => s.id === t.shotId)!.selectedTakeId = t.id));
    client.takes = takes;
    const store = createAppStore(client);
    await act(() => store.getState().loadCurrent());
    render(
      <StoreProvider store={store}>
        <PlayerPanel />
      </StoreProvider>,
    );
    await act(async () => {});
    const scrubber = screen.getByTestId('scrubber');
    expect(scrubber.dataset.shots).toBe('1000');
    expect(scrubber.querySelectorAll('*').length).toBeLessThanOrEqual(3);
    const { segments, totalSeconds } = buildSegments(store.getState().shots, store.getState().takesById, { num: 24, den: 1 });
    const gradient = bandsGradient(segments, totalSeconds);
    expect(gradient.match(/var\(--/g)).toHaveLength(1000);
    expect(gradient).toContain('var(--bg)'); // shots without a take
    expect(scrubber.style.backgroundImage).toContain('linear-gradient');
    // Hovering names the shot under the pointer (found by binary search).
    expect(segmentIndexAt(segments, segments[637]!.startSeconds + 0.01)).toBe(637);
    expect(segmentIndexAt(segments, 0)).toBe(0);
    expect(segmentIndexAt(segments, totalSeconds)).toBe(999);
  });

  it('steps between shots, scrubs with the keyboard and highlights the current shot', async () => {
    const client = new ProductionFakeClient().withProject(['One', 'Two', 'Three']);
    const takes = client.shots.map((s) => take(s.id, 4));
    client.shots.forEach((s, i) => (s.selectedTakeId = takes[i]!.id));
    client.takes = takes;
    const store = createAppStore(client);
    await act(() => store.getState().loadCurrent());
    render(
      <StoreProvider store={store}>
        <PlayerPanel />
      </StoreProvider>,
    );
    await act(async () => {});
    expect(client.callsOf('takes.list')).toHaveLength(3);
    expect(screen.getByTestId('player-time').textContent).toBe('0 s / 12 s');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('player-next'));
    expect(store.getState().playingShotId).toBe(client.shots[1]!.id);
    expect(store.getState().playhead).toBe(4);
    const current = screen.getByTestId('scrubber-current');
    expect(current.dataset.shotId).toBe(client.shots[1]!.id);
    expect(current.textContent).toBe('2');
    expect(current.style.left).toBe(`${(4 / 12) * 100}%`);
    // The paused player shows the frame under the playhead from the second take.
    const video = screen.getAllByTestId(/player-video-/).find((v) => (v as HTMLVideoElement).style.opacity === '1') as HTMLVideoElement;
    expect(video.getAttribute('src')).toBe(mediaUrl('/media/', takes[1]!.files.normalised!));

    screen.getByTestId('scrubber').focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(store.getState().playhead).toBe(9);
    expect(store.getState().playingShotId).toBe(client.shots[2]!.id);
    await user.keyboard('{Home}');
    expect(store.getState().playhead).toBe(0);
    await user.click(screen.getByTestId('player-prev'));
    expect(store.getState().playingShotId).toBe(client.shots[0]!.id);
    screen.getByTestId('scrubber').focus();
    await user.keyboard('{End}');
    expect(screen.getByTestId('scrubber').getAttribute('aria-valuenow')).toBe('12');
  });

  it('draws the playhead over the timeline card of the shot playing, as far along as the shot is', async () => {
    const client = new ProductionFakeClient().withProject(['One', 'Two']);
    const takes = client.shots.map((s) => take(s.id, 4));
    client.shots.forEach((s, i) => (s.selectedTakeId = takes[i]!.id));
    client.takes = takes;
    const store = createAppStore(client);
    await act(() => store.getState().loadCurrent());
    await act(() => store.getState().loadSequenceTakes());
    // Cards 200 px wide with a 10 px gap, as a timeline would report them.
    const positionOf = (i: number) => (i < 2 ? { start: i * 210, size: 200 } : null);
    render(
      <StoreProvider store={store}>
        <ol>
          <TimelinePlayhead positionOf={positionOf} />
        </ol>
      </StoreProvider>,
    );
    expect(screen.queryByTestId('timeline-playhead')).toBeNull();
    act(() => store.getState().seekTo(5)); // 1 s into the second 4 s shot
    expect(screen.getByTestId('timeline-playhead').style.left).toBe(`${210 + 0.25 * 200}px`);
    act(() => store.getState().seekTo(2));
    expect(screen.getByTestId('timeline-playhead').style.left).toBe('100px');
    // A take playing on its own is not the sequence: no playhead over the timeline.
    act(() => store.getState().playTake(takes[0]!));
    expect(screen.queryByTestId('timeline-playhead')).toBeNull();
  });

  it('previews a dissolve with the incoming take fading in on the second video', async () => {
    const client = new ProductionFakeClient().withProject(['One', 'Two']);
    const takes = client.shots.map((s) => take(s.id, 4));
    client.shots.forEach((s, i) => (s.selectedTakeId = takes[i]!.id));
    client.shots[0]!.transition = { kind: 'dissolve', seconds: 1 };
    client.takes = takes;
    const store = createAppStore(client);
    await act(() => store.getState().loadCurrent());
    render(
      <StoreProvider store={store}>
        <PlayerPanel />
      </StoreProvider>,
    );
    await act(async () => {});
    expect(screen.getByTestId('player-time').textContent).toBe('0 s / 7 s');
    act(() => store.getState().seekTo(3.25)); // a quarter into the 1 s dissolve (3..4 s)
    const [a, b] = [screen.getByTestId('player-video-a'), screen.getByTestId('player-video-b')] as HTMLVideoElement[];
    expect(a!.getAttribute('src')).toBe(mediaUrl('/media/', takes[0]!.files.normalised!));
    expect(b!.getAttribute('src')).toBe(mediaUrl('/media/', takes[1]!.files.normalised!));
    expect(a!.style.opacity).toBe('1');
    expect(Number(b!.style.opacity)).toBeCloseTo(0.25);
    expect(b!.style.zIndex).toBe('2');
    act(() => store.getState().seekTo(5));
    expect(b!.style.opacity).toBe('1');
    expect(a!.style.opacity).toBe('0');
  });
});
