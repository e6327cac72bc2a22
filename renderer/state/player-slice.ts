/**
 * The player: the sequence of selected takes (or one take on its own), the playhead, and which
 * shot is showing. The clock runs in the player component; it writes the playhead here a few
 * times a second, and only the playhead and the current shot's highlight read it.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { Take } from '../../shared/domain';
import { DEFAULT_FRAME_RATE } from '../../shared/frame-rate';
import { buildSegments } from '../features/player/sequence-playback';
import type { AppState } from './app-store';

export interface PlayerSlice {
  playing: boolean;
  /** Seconds into the sequence (or into the take when one take plays alone). */
  playhead: number;
  /** The take playing on its own, or null for the sequence. */
  soloTake: Take | null;
  /** The shot under the playhead in the sequence, or null. */
  playingShotId: string | null;
  /** Selected takes fetched for playback, by take id. */
  playerTakes: Record<string, Take>;

  /** Plays the sequence from the start of a shot (default: the selected shot, else the top). */
  playSequence(fromShotId?: string): Promise<void>;
  /** Plays one take on its own (from the takes list). */
  playTake(take: Take): void;
  togglePlay(): void;
  pausePlayback(): void;
  /** Moves the playhead (scrubbing); clamps to the sequence. */
  seekTo(seconds: number): void;
  /** Jumps to the start of the previous (-1) or next (+1) shot. */
  stepShot(delta: -1 | 1): void;
  /** Called by the player's clock. */
  setPlayhead(seconds: number, shotId: string | null): void;
  /** Fetches the selected takes the sequence needs (those not fetched yet). */
  loadSequenceTakes(): Promise<void>;
}

export function createPlayerSlice(client: ContractClient): StateCreator<AppState, [], [], PlayerSlice> {
  return (set, get) => {
    const segmentsNow = () => {
      const s = get();
      return buildSegments(s.shots, s.playerTakes, s.project?.format.fps ?? DEFAULT_FRAME_RATE);
    };

    return {
      playing: false,
      playhead: 0,
      soloTake: null,
      playingShotId: null,
      playerTakes: {},

      async loadSequenceTakes() {
        const { shots, playerTakes } = get();
        const missing = shots.filter((s) => s.selectedTakeId && !playerTakes[s.selectedTakeId]);
        if (missing.length === 0) return;
        try {
          // A few at a time: one call per shot, and a long film has many shots.
          const found: Record<string, Take> = {};
          for (let i = 0; i < missing.length; i += 8) {
            const lists = await Promise.all(missing.slice(i, i + 8).map((s) => client.call('takes.list', { shotId: s.id })));
            for (const take of lists.flat()) found[take.id] = take;
          }
          set((s) => ({ playerTakes: { ...s.playerTakes, ...found } }));
        } catch (error) {
          get().pushError(error);
        }
      },

      async playSequence(fromShotId) {
        await get().loadSequenceTakes();
        const { segments } = segmentsNow();
        const from = fromShotId ?? get().selectedShotId;
        const seg = segments.find((x) => x.shotId === from) ?? segments[0];
        set({ soloTake: null, playing: segments.length > 0, playhead: seg?.startSeconds ?? 0, playingShotId: seg?.shotId ?? null });
      },

      playTake(take) {
        set({ soloTake: take, playing: true, playhead: 0, playingShotId: take.shotId });
      },

      togglePlay() {
        if (get().playing) {
          set({ playing: false });
          return;
        }
        if (get().soloTake || get().playingShotId) set({ playing: true });
        else void get().playSequence();
      },

      pausePlayback() {
        set({ playing: false });
      },

      seekTo(seconds) {
        const solo = get().soloTake;
        const total = solo ? (solo.durationSeconds ?? solo.seconds) : segmentsNow().totalSeconds;
        const t = Math.min(Math.max(0, seconds), total);
        if (solo) {
          set({ playhead: t });
          return;
        }
        const { segments } = segmentsNow();
        const seg = [...segments].reverse().find((x) => x.startSeconds <= t) ?? null;
        set({ playhead: t, playingShotId: seg?.shotId ?? null });
      },

      stepShot(delta) {
        const { segments } = segmentsNow();
        if (segments.length === 0) return;
        if (get().soloTake) set({ soloTake: null });
        const current = Math.max(0, segments.findIndex((x) => x.shotId === get().playingShotId));
        const target = segments[Math.min(segments.length - 1, Math.max(0, current + delta))]!;
        set({ playhead: target.startSeconds, playingShotId: target.shotId });
      },

      setPlayhead(seconds, shotId) {
        set((s) => (s.playhead === seconds && s.playingShotId === shotId ? s : { playhead: seconds, playingShotId: shotId }));
      },
    };
  };
}
