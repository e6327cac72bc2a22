/**
 * The player: the sequence of selected takes across cuts and dissolves (two stacked <video>
 * elements, the incoming one fading in over the outgoing one), or one take on its own. A
 * requestAnimationFrame clock drives the videos every frame and writes the playhead to the
 * store about ten times a second, so the rest of the page is not re-rendered per frame.
 * Media comes from AppInfo.mediaBase (Electron's media protocol or the dev host's /media/).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Take } from '../../../shared/domain';
import { DEFAULT_FRAME_RATE } from '../../../shared/frame-rate';
import { formatSeconds } from '../../format/duration';
import { useApp, useAppStore } from '../../state/store-context';
import { mediaUrl } from './media-url';
import { buildSegments, locate } from './sequence-playback';
import { Scrubber } from './Scrubber';
import './player.css';

/** Store writes of the playhead per second while playing. */
const PLAYHEAD_WRITE_INTERVAL_MS = 100;
/** Drift allowed between the clock and a video before it is re-seeked. */
const MAX_DRIFT_SECONDS = 0.25;

interface Layer {
  take: Take | null;
  time: number;
  opacity: number;
}

/** Puts one video in the state the clock wants; touches the element only when something differs. */
function drive(video: HTMLVideoElement | null, layer: Layer | null, mediaBase: string, playing: boolean): void {
  if (!video) return;
  if (!layer?.take?.files.normalised) {
    video.style.opacity = '0';
    if (!video.paused) video.pause();
    return;
  }
  const src = mediaUrl(mediaBase, layer.take.files.normalised);
  if (video.dataset.src !== src) {
    video.dataset.src = src;
    video.src = src;
  }
  if (Math.abs(video.currentTime - layer.time) > MAX_DRIFT_SECONDS || !playing) {
    if (Math.abs(video.currentTime - layer.time) > 0.01) video.currentTime = layer.time;
  }
  video.style.opacity = String(layer.opacity);
  if (playing && video.paused) void video.play().catch(() => {});
  if (!playing && !video.paused) video.pause();
}

export function PlayerPanel() {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const loadAppInfo = useApp((s) => s.loadAppInfo);
  const shots = useApp((s) => s.shots);
  const takes = useApp((s) => s.playerTakes);
  const fps = useApp((s) => s.project?.format.fps ?? DEFAULT_FRAME_RATE);
  const solo = useApp((s) => s.soloTake);
  const playing = useApp((s) => s.playing);
  const playhead = useApp((s) => s.playhead);
  const togglePlay = useApp((s) => s.togglePlay);
  const stepShot = useApp((s) => s.stepShot);
  const loadSequenceTakes = useApp((s) => s.loadSequenceTakes);
  const videos = [useRef<HTMLVideoElement>(null), useRef<HTMLVideoElement>(null)];
  const slateRef = useRef<HTMLDivElement>(null);

  const { segments, totalSeconds } = useMemo(() => buildSegments(shots, takes, fps), [shots, takes, fps]);
  const total = solo ? (solo.durationSeconds ?? solo.seconds) : totalSeconds;

  useEffect(() => {
    if (!mediaBase) void loadAppInfo();
  }, [mediaBase, loadAppInfo]);

  // Takes selected since the last load (a new take arrived, another was chosen).
  useEffect(() => {
    void loadSequenceTakes();
  }, [shots, loadSequenceTakes]);

  /** Shows the frame at `t` (both videos and the slate). */
  const render = useMemo(
    () => (t: number, isPlaying: boolean) => {
      if (!mediaBase) return;
      const [a, b] = [videos[0]!.current, videos[1]!.current];
      const slate = slateRef.current;
      if (solo) {
        drive(a, { take: solo, time: t, opacity: 1 }, mediaBase, isPlaying);
        drive(b, null, mediaBase, false);
        if (slate) slate.hidden = true;
        return;
      }
      const point = locate(segments, t);
      const current = point ? segments[point.index]! : null;
      const layers: Array<Layer | null> = [null, null];
      if (point && current) {
        layers[point.index % 2] = { take: current.take, time: point.takeTime, opacity: 1 };
        if (point.incoming) {
          const next = segments[point.incoming.index]!;
          layers[point.incoming.index % 2] = { take: next.take, time: point.incoming.takeTime, opacity: point.incoming.mix };
        }
      }
      // The incoming shot sits above the outgoing one so its opacity fades it in.
      if (a && b && point) {
        const incomingSlot = point.incoming ? point.incoming.index % 2 : -1;
        a.style.zIndex = incomingSlot === 0 ? '2' : '1';
        b.style.zIndex = incomingSlot === 1 ? '2' : '1';
      }
      drive(a, layers[0] ?? null, mediaBase, isPlaying);
      drive(b, layers[1] ?? null, mediaBase, isPlaying);
      if (slate) {
        const noTake = current !== null && current.take === null;
        slate.hidden = !noTake;
        slate.textContent = noTake ? `${current.number}. ${current.title || 'Untitled shot'} (no take yet)` : '';
      }
    },
    // The video refs are stable objects; the render changes with what it shows.
    [mediaBase, solo, segments],
  );

  // Paused: show the frame under the playhead whenever it moves (scrubbing, prev/next).
  useEffect(() => {
    if (!playing) render(playhead, false);
  }, [playing, playhead, render]);

  // Playing: the clock.
  useEffect(() => {
    if (!playing) return;
    let t = store.getState().playhead >= total ? 0 : store.getState().playhead;
    let last = performance.now();
    let lastWrite = 0;
    let frame = 0;
    const tick = (now: number) => {
      t += (now - last) / 1000;
      last = now;
      const ended = t >= total;
      if (ended) t = total;
      render(t, !ended);
      if (ended || now - lastWrite >= PLAYHEAD_WRITE_INTERVAL_MS) {
        lastWrite = now;
        const point = solo ? null : locate(segments, t);
        store.getState().setPlayhead(t, solo ? solo.shotId : point ? segments[point.index]!.shotId : null);
      }
      if (ended) {
        store.getState().pausePlayback();
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, total, render, segments, solo, store]);

  const empty = !solo && segments.length === 0;
  // A project without shots needs the room for its first-steps guide, not an empty screen.
  if (empty) return null;
  return (
    <section className="player-panel" aria-label="Player" data-testid="player">
      <div className="player-screen">
        <video ref={videos[0]} className="player-video" playsInline preload="auto" data-testid="player-video-a" />
        <video ref={videos[1]} className="player-video" playsInline preload="auto" data-testid="player-video-b" />
        <div ref={slateRef} className="player-slate" hidden data-testid="player-slate" />
      </div>
      <div className="player-controls">
        <button type="button" onClick={() => stepShot(-1)} aria-label="Previous shot" data-testid="player-prev">
          ◀ Shot
        </button>
        <button type="button" className="primary" onClick={togglePlay} aria-label={playing ? 'Pause' : 'Play'} data-testid="player-toggle">
          {playing ? 'Pause' : '▶ Play'}
        </button>
        <button type="button" onClick={() => stepShot(1)} aria-label="Next shot" data-testid="player-next">
          Shot ▶
        </button>
        <span className="player-time" data-testid="player-time">
          {formatSeconds(playhead)} / {formatSeconds(total)}
        </span>
        {solo && <span className="muted small">Take {solo.model} · {formatSeconds(solo.durationSeconds ?? solo.seconds)}</span>}
      </div>
      {!solo && <Scrubber segments={segments} total={total} />}
    </section>
  );
}
