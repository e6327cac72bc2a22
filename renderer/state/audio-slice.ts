/**
 * The sound track: the clips on the Voice-over, Music and Temp lanes, the selected clip, and
 * the actions on them. Importing a file and making a temp voice are calls of their own (they
 * write media); their undo step is recorded as `audio.delete` / `audio.restore`, and every
 * other change (a drag, a gain typed, a delete) is one `edits.apply` command.
 */
import type { StateCreator } from 'zustand';
import type { ContractClient } from '../../shared/contract';
import type { AudioPatch } from '../../shared/contract/audio';
import type { UploadedFile } from '../../shared/contract/references';
import type { AudioClip, AudioPlacement, AudioTrack } from '../../shared/domain';
import { AUDIO_TRACKS } from '../../shared/audio-placement';
import type { AppState } from './app-store';
import { attempt, settle } from './attempt';

export interface AudioSlice {
  audioClips: AudioClip[];
  selectedAudioClipId: string | null;
  /** Id of a shot whose temp voice is being spoken, or null. */
  tempVoiceBusy: string | null;
  loadAudioClips(): Promise<void>;
  selectAudioClip(id: string | null): void;
  /** Imports sound files onto a lane; resolves to the first refusal (main's words) or null. */
  importAudio(files: UploadedFile[], track: AudioTrack, placement?: AudioPlacement): Promise<unknown>;
  updateAudioClip(id: string, patch: AudioPatch, label?: string): Promise<void>;
  deleteAudioClip(id: string): Promise<void>;
  /** Places the clip's sound again right after it on the same lane (a new clip of the same file). */
  duplicateAudioClip(id: string): Promise<void>;
  /** The shot's dialogue as a TEMP voice-over clip (espeak-ng in main); resolves to the refusal or null. */
  makeTempVoice(shotId: string): Promise<unknown>;
  putAudioClips(clips: readonly AudioClip[]): void;
  dropAudioClips(ids: readonly string[]): void;
}

const trackLabel = (track: AudioTrack) => AUDIO_TRACKS.find((t) => t.track === track)?.label ?? track;

export function createAudioSlice(client: ContractClient): StateCreator<AppState, [], [], AudioSlice> {
  return (set, get) => {
    const landed = (clip: AudioClip, label: string) => {
      get().putAudioClips([clip]);
      set({ selectedAudioClipId: clip.id });
      get().recordStep(label, { kind: 'audio.restore', clips: [clip] }, { kind: 'audio.delete', ids: [clip.id] });
    };
    return {
      audioClips: [],
      selectedAudioClipId: null,
      tempVoiceBusy: null,

      async loadAudioClips() {
        const clips = await attempt(get, () => client.call('audio.list', {}));
        if (clips) set({ audioClips: clips, selectedAudioClipId: null });
      },

      selectAudioClip(id) {
        set({ selectedAudioClipId: id });
      },

      async importAudio(files, track, placement) {
        for (const file of files) {
          const result = await settle(() => client.call('audio.import', { file, track, placement }));
          if (!result.ok) return result.error;
          landed(result.value, `Add ${file.name} to ${trackLabel(track)}`);
        }
        return null;
      },

      async updateAudioClip(id, patch, label) {
        const clip = get().audioClips.find((c) => c.id === id);
        const fields = Object.keys(patch).sort().join(', ');
        await attempt(get, () => get().applyEdit({ kind: 'audio.update', id, patch }, label ?? `Edit ${fields} of ${clip?.name ?? 'sound'}`));
      },

      async deleteAudioClip(id) {
        const clip = get().audioClips.find((c) => c.id === id);
        await attempt(get, () => get().applyEdit({ kind: 'audio.delete', ids: [id] }, `Delete ${clip?.name ?? 'sound'}`));
      },

      async duplicateAudioClip(id) {
        const clip = get().audioClips.find((c) => c.id === id);
        if (!clip) return;
        const length = clip.outSeconds - clip.inSeconds;
        const placement: AudioPlacement =
          clip.placement.kind === 'sequence'
            ? { kind: 'sequence', startSeconds: clip.placement.startSeconds + length }
            : { ...clip.placement, offsetSeconds: clip.placement.offsetSeconds + length };
        const result = await attempt(get, () => get().applyEdit({ kind: 'audio.add', copyOf: id, patch: { placement } }, `Duplicate ${clip.name}`));
        const made = result?.audioClips?.[0];
        if (made) set({ selectedAudioClipId: made.id });
      },

      async makeTempVoice(shotId) {
        set({ tempVoiceBusy: shotId });
        try {
          const result = await settle(() => client.call('audio.tempVoice', { shotId }));
          if (!result.ok) return result.error;
          landed(result.value, `Temp voice for ${result.value.name.replace(/^TEMP VO: /, 'shot ')}`);
          return null;
        } finally {
          set({ tempVoiceBusy: null });
        }
      },

      putAudioClips(clips) {
        set((s) => {
          const byId = new Map(s.audioClips.map((c) => [c.id, c]));
          for (const clip of clips) byId.set(clip.id, clip);
          return { audioClips: [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
        });
      },

      dropAudioClips(ids) {
        const gone = new Set(ids);
        set((s) => ({
          audioClips: s.audioClips.filter((c) => !gone.has(c.id)),
          selectedAudioClipId: s.selectedAudioClipId && gone.has(s.selectedAudioClipId) ? null : s.selectedAudioClipId,
        }));
      },
    };
  };
}
