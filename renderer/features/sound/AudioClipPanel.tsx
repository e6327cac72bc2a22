/**
 * The selected audio clip's settings: lane, name, place (a sequence time, or its offset from
 * the shot it is attached to), in and out points, gain and fades, and delete. Each change is one
 * edit (one undo step), sent when a field is left or Enter is pressed; main refuses times that
 * do not fit the file and the field shows why.
 */
import { useState } from 'react';
import { AUDIO_TRACKS, type PlacedAudioClip } from '../../../shared/audio-placement';
import type { AudioPatch } from '../../../shared/contract/audio';
import type { AudioClip, AudioTrack } from '../../../shared/domain';
import { formatSeconds } from '../../format/duration';
import { useAppStore } from '../../state/store-context';
import type { SoundLayout } from './use-sound-layout';

function NumberField({ label, value, step, testId, onCommit }: { label: string; value: number; step: number; testId: string; onCommit: (v: number) => void }) {
  const [draft, setDraft] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The record changed (an undo, a drag): show the new value.
    setShown(value);
    setDraft(String(value));
  }
  const commit = () => {
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n) && n !== value) onCommit(n);
    else setDraft(String(value));
  };
  return (
    <label>
      {label}
      <input
        type="number"
        step={step}
        value={draft}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

export function AudioClipPanel({ clip, placed, layout }: { clip: AudioClip; placed: PlacedAudioClip | null; layout: SoundLayout }) {
  const store = useAppStore();
  const update = (patch: AudioPatch) => void store.getState().updateAudioClip(clip.id, patch);
  const shotIndex = clip.placement.kind === 'shot' ? layout.segments.findIndex((s) => s.shotId === (clip.placement as { shotId: string }).shotId) : -1;

  return (
    <div className="sound-panel" role="group" aria-label={`Sound clip ${clip.name}`} data-testid="audio-clip-panel">
      <div className="sound-panel-head">
        <strong data-testid="audio-clip-name">{clip.name}</strong>
        {clip.temp && <span className="sound-temp-badge">TEMP</span>}
        <span className="muted small">
          {placed ? `${formatSeconds(placed.startSeconds)}–${formatSeconds(placed.endSeconds)}` : 'not in the sequence'} · file {formatSeconds(clip.durationSeconds)}
        </span>
        <button type="button" className="small" data-testid="audio-clip-duplicate" title="Place this sound again right after it" onClick={() => void store.getState().duplicateAudioClip(clip.id)}>
          Duplicate
        </button>
        <button type="button" className="danger small" data-testid="audio-clip-delete" onClick={() => void store.getState().deleteAudioClip(clip.id)}>
          Delete
        </button>
        <button type="button" className="small" aria-label="Close" onClick={() => store.getState().selectAudioClip(null)}>
          ×
        </button>
      </div>
      <div className="sound-panel-fields">
        <label>
          Lane
          <select data-testid="audio-clip-track" value={clip.track} onChange={(e) => update({ track: e.target.value as AudioTrack })}>
            {AUDIO_TRACKS.map((t) => (
              <option key={t.track} value={t.track}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {clip.placement.kind === 'sequence' ? (
          <NumberField label="Start (s)" step={0.1} value={clip.placement.startSeconds} testId="audio-clip-start" onCommit={(v) => update({ placement: { kind: 'sequence', startSeconds: Math.max(0, v) } })} />
        ) : (
          <NumberField
            label={`From shot ${shotIndex >= 0 ? shotIndex + 1 : '?'} (s)`}
            step={0.1}
            value={clip.placement.offsetSeconds}
            testId="audio-clip-offset"
            onCommit={(v) => update({ placement: { ...(clip.placement as { kind: 'shot'; shotId: string }), offsetSeconds: v } })}
          />
        )}
        <NumberField label="Gain (dB)" step={1} value={clip.gainDb} testId="audio-clip-gain" onCommit={(v) => update({ gainDb: v })} />
        <NumberField label="Fade in (s)" step={0.1} value={clip.fadeInSeconds} testId="audio-clip-fade-in" onCommit={(v) => update({ fadeInSeconds: v })} />
        <NumberField label="Fade out (s)" step={0.1} value={clip.fadeOutSeconds} testId="audio-clip-fade-out" onCommit={(v) => update({ fadeOutSeconds: v })} />
        <NumberField label="In (s)" step={0.1} value={clip.inSeconds} testId="audio-clip-in" onCommit={(v) => update({ inSeconds: v })} />
        <NumberField label="Out (s)" step={0.1} value={clip.outSeconds} testId="audio-clip-out" onCommit={(v) => update({ outSeconds: v })} />
      </div>
    </div>
  );
}
