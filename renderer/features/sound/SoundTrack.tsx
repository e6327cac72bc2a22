/**
 * The sound track under the shot timeline: three lanes (Voice-over, Music, Temp) drawn to the
 * sequence's scale, with the shots' boundaries as ticks and the playhead. Drop sound files on a
 * lane (they land where dropped) or add them with the lane's "+" button; drag a clip to move
 * it (one undo step when the drag ends; a clip attached to a shot keeps moving with its shot);
 * click it to edit it in the panel below. The hidden <audio> elements that play the clips with
 * the picture are mounted here too (../player/AudioClipsPlayback.tsx).
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { AUDIO_TRACKS, type PlacedAudioClip } from '../../../shared/audio-placement';
import type { AudioTrack } from '../../../shared/domain';
import { errorMessage } from '../../api/contract-call-error';
import { dropOnAudioLane } from '../../dnd/drop-actions';
import { toUpload } from '../../dnd/dropped-files';
import { useFileDrop } from '../../dnd/use-file-drop';
import { formatSeconds } from '../../format/duration';
import { useApp, useAppStore } from '../../state/store-context';
import { AudioClipsPlayback } from '../player/AudioClipsPlayback';
import { AudioClipPanel } from './AudioClipPanel';
import { useSoundLayout, type SoundLayout } from './use-sound-layout';
import './sound.css';

/** The lanes show at least this many seconds, so a short cut still has room to place sound. */
const MIN_SPAN_SECONDS = 10;

export function SoundTrack() {
  const store = useAppStore();
  const projectId = useApp((s) => s.project?.id ?? null);
  const selectedId = useApp((s) => s.selectedAudioClipId);
  const layout = useSoundLayout();
  const [error, setError] = useState<string | null>(null);

  // Each time a project view opens (the same project reopened too): main holds the clips.
  useEffect(() => {
    if (projectId) void store.getState().loadAudioClips();
  }, [projectId, store]);

  const end = Math.max(layout.totalSeconds, ...layout.placed.map((p) => p.endSeconds));
  const span = Math.max(MIN_SPAN_SECONDS, Math.ceil(end * 1.1));
  const selected = layout.placed.find((p) => p.clip.id === selectedId) ?? null;
  const selectedDetached = layout.detached.find((c) => c.id === selectedId) ?? null;

  return (
    <section className="sound-track" aria-label="Sound track" data-testid="sound-track">
      <div className="sound-lanes">
        {AUDIO_TRACKS.map(({ track, label }) => (
          <Lane key={track} track={track} label={label} layout={layout} span={span} onError={setError} />
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="sound-error">
          {error}
        </p>
      )}
      {layout.detached.length > 0 && (
        <p className="muted small" data-testid="sound-detached">
          {layout.detached.length} clip{layout.detached.length === 1 ? ' is' : 's are'} attached to a deleted shot and not played (undo the delete to bring {layout.detached.length === 1 ? 'it' : 'them'} back).
        </p>
      )}
      {(selected || selectedDetached) && <AudioClipPanel key={(selected?.clip ?? selectedDetached)!.id} placed={selected} clip={(selected?.clip ?? selectedDetached)!} layout={layout} />}
      <AudioClipsPlayback layout={layout} />
    </section>
  );
}

function Lane({ track, label, layout, span, onError }: { track: AudioTrack; label: string; layout: SoundLayout; span: number; onError: (m: string | null) => void }) {
  const store = useAppStore();
  const area = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const dropAt = useRef(0);
  const playhead = useApp((s) => s.playhead);
  const clips = layout.placed.filter((p) => p.clip.track === track);
  const pct = (s: number) => `${(s / span) * 100}%`;

  const onFiles = useCallback(
    (files: File[]) => dropOnAudioLane(store.getState(), track, { kind: 'sequence', startSeconds: Math.max(0, Math.round(dropAt.current * 100) / 100) }, files),
    [store, track],
  );
  const drop = useFileDrop(onFiles);
  const handlers = {
    ...drop.handlers,
    onDrop: (e: React.DragEvent) => {
      const rect = area.current?.getBoundingClientRect();
      dropAt.current = rect && rect.width > 0 ? ((e.clientX - rect.left) / rect.width) * span : 0;
      drop.handlers.onDrop(e);
    },
  };
  useEffect(() => onError(drop.error), [drop.error, onError]);

  async function picked(files: FileList | null) {
    if (!files?.length) return;
    const refused = await store.getState().importAudio(await Promise.all(Array.from(files).map(toUpload)), track, { kind: 'sequence', startSeconds: Math.round(store.getState().playhead * 100) / 100 });
    onError(refused ? errorMessage(refused) : null);
    if (picker.current) picker.current.value = '';
  }

  return (
    <div className={`sound-lane${drop.over ? ' drop-over' : ''}`} data-testid={`lane-${track}`} aria-label={`${label} lane`} {...handlers}>
      <div className="sound-lane-label">
        <span>{label}</span>
        <button type="button" className="small" title={`Add a sound file to ${label} at the playhead`} aria-label={`Add sound to ${label}`} data-testid={`lane-add-${track}`} onClick={() => picker.current?.click()}>
          +
        </button>
        <input ref={picker} type="file" hidden accept="audio/*,.wav,.mp3,.aac,.m4a,.flac" data-testid={`lane-file-${track}`} onChange={(e) => void picked(e.target.files)} />
      </div>
      <div className="sound-lane-area" ref={area}>
        {layout.segments.slice(1).map((seg) => (
          <span key={seg.shotId} className="sound-shot-tick" style={{ left: pct(seg.startSeconds) }} />
        ))}
        {clips.map((p) => (
          <ClipBlock key={p.clip.id} placed={p} span={span} area={area} />
        ))}
        <span className="sound-playhead" style={{ left: pct(playhead) }} />
        {drop.busy && <span className="sound-lane-busy muted small">Importing…</span>}
        {clips.length === 0 && !drop.busy && <span className="sound-lane-hint muted small">Drop WAV, MP3, AAC or FLAC here</span>}
      </div>
    </div>
  );
}

function ClipBlock({ placed, span, area }: { placed: PlacedAudioClip; span: number; area: React.RefObject<HTMLDivElement | null> }) {
  const store = useAppStore();
  const selected = useApp((s) => s.selectedAudioClipId === placed.clip.id);
  const [shift, setShift] = useState(0);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  const { clip } = placed;
  const secondsPerPixel = () => {
    const width = area.current?.getBoundingClientRect().width ?? 0;
    return width > 0 ? span / width : 0;
  };

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    drag.current = { x: e.clientX, moved: false };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    if (!drag.current) return;
    const dx = e.clientX - drag.current.x;
    if (Math.abs(dx) > 3) drag.current.moved = true;
    if (drag.current.moved) setShift(Math.max(-placed.startSeconds, dx * secondsPerPixel()));
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    store.getState().selectAudioClip(clip.id);
    if (!d?.moved) return;
    const by = Math.round(shift * 100) / 100;
    setShift(0);
    if (by === 0) return;
    const placement =
      clip.placement.kind === 'sequence'
        ? { kind: 'sequence' as const, startSeconds: Math.max(0, clip.placement.startSeconds + by) }
        : { ...clip.placement, offsetSeconds: clip.placement.offsetSeconds + by };
    void store.getState().updateAudioClip(clip.id, { placement }, `Move ${clip.name}`);
  };

  const left = ((placed.startSeconds + shift) / span) * 100;
  const width = (placed.lengthSeconds / span) * 100;
  return (
    <button
      type="button"
      className={`sound-clip sound-clip-${clip.track}${selected ? ' selected' : ''}${clip.temp ? ' temp' : ''}`}
      style={{ left: `${left}%`, width: `${width}%` }}
      data-testid="audio-clip"
      data-clip-id={clip.id}
      aria-pressed={selected}
      title={`${clip.name} · ${formatSeconds(placed.startSeconds)}–${formatSeconds(placed.endSeconds)}${clip.placement.kind === 'shot' ? ' · moves with its shot' : ''}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={(e) => {
        if (e.key === 'Delete' || e.key === 'Backspace') {
          e.preventDefault();
          e.stopPropagation();
          void store.getState().deleteAudioClip(clip.id);
        }
      }}
    >
      {clip.temp && <span className="sound-temp-badge">TEMP</span>}
      <span className="sound-clip-name">{clip.name}</span>
    </button>
  );
}
