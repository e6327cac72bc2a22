/**
 * The sound track in the player: one hidden <audio> per placed clip, driven from the playhead.
 * While the sequence plays, a requestAnimationFrame loop carries the time on from the last
 * playhead the player's clock wrote (it writes about ten times a second), so fades move every
 * frame; an element is re-seeked only when it drifts past MAX_DRIFT_SECONDS, as the videos are.
 * Paused or scrubbing, every element is put at the playhead and paused. A take playing on its
 * own plays without the sound track. Media comes through the host's media base, like takes.
 */
import { useEffect, useRef } from 'react';
import { mediaUrl } from './media-url';
import { cuesAt } from './audio-playback';
import { useApp, useAppStore } from '../../state/store-context';
import type { SoundLayout } from '../sound/use-sound-layout';

const MAX_DRIFT_SECONDS = 0.25;

export function AudioClipsPlayback({ layout }: { layout: SoundLayout }) {
  const store = useAppStore();
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const playing = useApp((s) => s.playing);
  const solo = useApp((s) => s.soloTake !== null);
  const elements = useRef(new Map<string, HTMLAudioElement>());
  const { placed, totalSeconds } = layout;

  useEffect(() => {
    const drive = (t: number, isPlaying: boolean) => {
      for (const cue of cuesAt(placed, t)) {
        const audio = elements.current.get(cue.clipId);
        if (!audio) continue;
        const sounding = isPlaying && cue.active && !solo && t < totalSeconds;
        audio.volume = cue.volume;
        if (!sounding) {
          if (!audio.paused) audio.pause();
          if (Math.abs(audio.currentTime - cue.fileTime) > 0.01) audio.currentTime = cue.fileTime;
          continue;
        }
        if (Math.abs(audio.currentTime - cue.fileTime) > MAX_DRIFT_SECONDS) audio.currentTime = cue.fileTime;
        if (audio.paused) void audio.play().catch(() => {});
      }
    };
    if (!playing) {
      drive(store.getState().playhead, false);
      return store.subscribe((s, prev) => {
        if (s.playhead !== prev.playhead) drive(s.playhead, false);
      });
    }
    let base = store.getState().playhead;
    let baseAt = performance.now();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.playhead !== prev.playhead) {
        base = s.playhead;
        baseAt = performance.now();
      }
    });
    let frame = requestAnimationFrame(function tick(now) {
      drive(base + (now - baseAt) / 1000, true);
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      for (const audio of elements.current.values()) if (!audio.paused) audio.pause();
    };
  }, [playing, placed, solo, totalSeconds, store]);

  if (!mediaBase) return null;
  return (
    <div className="audio-playback" hidden data-testid="audio-playback">
      {placed.map((p) => (
        <audio
          key={p.clip.id}
          data-testid="audio-clip-element"
          data-clip-id={p.clip.id}
          preload="auto"
          src={mediaUrl(mediaBase, p.clip.file)}
          ref={(el) => {
            if (el) elements.current.set(p.clip.id, el);
            else elements.current.delete(p.clip.id);
          }}
        />
      ))}
    </div>
  );
}
