/**
 * OpenTimelineIO JSON (`.otio`) of the cut, and a reader for it (the round trip the tests run;
 * also the start of an import).
 *
 *   Timeline.1 > tracks: Stack.1 > children: Track.1 (kind Video), Track.1 (kind Audio)
 *
 * Each shot is a `Clip.2` (name = shot title) whose `media_references.DEFAULT_MEDIA` is an
 * `ExternalReference.1` with a relative `target_url` and the take's `available_range`, and whose
 * `source_range` (`TimeRange.1` of `RationalTime.1` at the project's rate, e.g. 23.976023976...)
 * is the part of the take between its edit points; black is a `Gap.1`. A dissolve is a
 * `Transition.1` (`SMPTE_Dissolve`) between the two clips, `in_offset` the frames before the
 * edit and `out_offset` after it (centred, see layoutCut in ./cut.ts); a dip is a
 * `Custom_Transition` named "Dip to black" there, which editors that know no dip read as a cut.
 * The audio track repeats the clips whose takes have sound (and gaps for the rest); extra audio
 * lanes are more Audio tracks. Each clip has a `Marker.2` with the shot's label and title, the
 * prompt as its comment. Shotline's own data (label, prompt, trims, transition) is under
 * `metadata.shotline`, so a read-back gives the cut exactly.
 */
import type { FrameRate } from '../frame-rate';
import type { TransitionKind } from '../domain';
import { layoutCut, type Cut, type CutShot } from './cut';

type Json = Record<string, unknown>;

const rationalTime = (value: number, rate: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const timeRange = (start: number, duration: number, rate: number): Json => ({
  OTIO_SCHEMA: 'TimeRange.1',
  duration: rationalTime(duration, rate),
  start_time: rationalTime(start, rate),
});

/** What Shotline keeps under `metadata.shotline` of each clip or gap: the cut's shot as is. */
type ShotlineClipData = CutShot;

/** The OTIO JSON text. */
export function writeOtio(cut: Cut): string {
  const fps = cut.rate.num / cut.rate.den;
  const layout = layoutCut(cut.shots);
  const joinsBefore = new Map(layout.joins.map((j) => [j.index, j]));
  const item = (laid: (typeof layout.shots)[number], track: 'video' | 'audio'): Json => {
    const s = laid.shot;
    const data: ShotlineClipData = { label: s.label, title: s.title, prompt: s.prompt, media: s.media, hasAudio: s.hasAudio, takeFrames: s.takeFrames, inFrame: s.inFrame, outFrame: s.outFrame, transition: s.transition };
    const name = s.title || `Shot ${s.label}`;
    const markers = track === 'video' ? [{ OTIO_SCHEMA: 'Marker.2', metadata: { shotline: { label: s.label } }, name: `Shot ${s.label}${s.title.trim() ? `: ${s.title}` : ''}`, color: 'RED', marked_range: timeRange(laid.clipIn, 0, fps), comment: s.prompt }] : [];
    const common = { metadata: { shotline: data }, name, source_range: timeRange(laid.clipIn, laid.clipFrames, fps), effects: [], markers, enabled: true };
    if (s.media === null || (track === 'audio' && !s.hasAudio)) {
      return { OTIO_SCHEMA: 'Gap.1', ...common, name: s.media === null ? 'Black' : name, source_range: timeRange(0, laid.clipFrames, fps) };
    }
    return {
      OTIO_SCHEMA: 'Clip.2',
      ...common,
      media_references: {
        DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', metadata: {}, name: s.media.split('/').pop()!, available_range: timeRange(0, s.takeFrames, fps), available_image_bounds: null, target_url: s.media },
      },
      active_media_reference_key: 'DEFAULT_MEDIA',
    };
  };
  const children = (track: 'video' | 'audio'): Json[] => {
    const out: Json[] = [];
    layout.shots.forEach((laid, i) => {
      const join = joinsBefore.get(i);
      const bothSound = cut.shots[i - 1]?.hasAudio && laid.shot.hasAudio;
      if (join && (track === 'video' || (join.kind === 'dissolve' && bothSound))) {
        out.push({
          OTIO_SCHEMA: 'Transition.1',
          metadata: { shotline: { kind: join.kind } },
          name: join.kind === 'dissolve' ? 'Dissolve' : 'Dip to black',
          transition_type: join.kind === 'dissolve' ? 'SMPTE_Dissolve' : 'Custom_Transition',
          in_offset: rationalTime(join.before, fps),
          out_offset: rationalTime(join.after, fps),
        });
      }
      out.push(item(laid, track));
    });
    return out;
  };
  const track = (name: string, kind: 'Video' | 'Audio', items: Json[]): Json => ({ OTIO_SCHEMA: 'Track.1', metadata: {}, name, source_range: null, effects: [], markers: [], enabled: true, children: items, kind });
  const tracks = [track('V1', 'Video', children('video'))];
  if (cut.shots.some((s) => s.hasAudio && s.media !== null)) tracks.push(track('A1', 'Audio', children('audio')));
  for (const lane of cut.audioLanes) {
    const items: Json[] = [];
    let at = 0;
    for (const c of [...lane.clips].sort((a, b) => a.at - b.at)) {
      if (c.at > at) items.push({ OTIO_SCHEMA: 'Gap.1', metadata: {}, name: 'Gap', source_range: timeRange(0, c.at - at, fps), effects: [], markers: [], enabled: true });
      items.push({
        OTIO_SCHEMA: 'Clip.2',
        metadata: {},
        name: c.name,
        source_range: timeRange(c.inFrame, c.outFrame - c.inFrame, fps),
        effects: [],
        markers: [],
        enabled: true,
        media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', metadata: {}, name: c.media.split('/').pop()!, available_range: timeRange(0, c.mediaFrames, fps), available_image_bounds: null, target_url: c.media } },
        active_media_reference_key: 'DEFAULT_MEDIA',
      });
      at = Math.max(at, c.at + c.outFrame - c.inFrame);
    }
    tracks.push(track(lane.name, 'Audio', items));
  }
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { shotline: { title: cut.title, rate: cut.rate, width: cut.width, height: cut.height, audio: cut.audio } },
    name: cut.title,
    global_start_time: rationalTime(0, fps),
    tracks: { OTIO_SCHEMA: 'Stack.1', metadata: {}, name: 'tracks', source_range: null, effects: [], markers: [], enabled: true, children: tracks },
  };
  return `${JSON.stringify(timeline, null, 2)}\n`;
}

/** Thrown for an OTIO file this reader cannot make a cut of; the message says what is wrong. */
export class OtioReadError extends Error {}

const frames = (t: unknown): number => {
  const r = t as { OTIO_SCHEMA?: string; value?: number } | null;
  if (r?.OTIO_SCHEMA !== 'RationalTime.1' || typeof r.value !== 'number') throw new OtioReadError('a time is not a RationalTime.1');
  return Math.round(r.value);
};

/**
 * Reads a Shotline OTIO file back into a cut. The timing comes from the OTIO itself: each
 * clip's source range widened by the transitions beside it (their offsets are its handles),
 * the take's length from its available range, the file from its target URL, dissolve or dip
 * from the transitions; label, prompt and the requested transition length (which the cut may
 * have clamped) from `metadata.shotline`.
 */
export function readOtio(text: string): Cut {
  const doc = JSON.parse(text) as Json;
  if (doc.OTIO_SCHEMA !== 'Timeline.1') throw new OtioReadError(`not a Timeline.1 but ${String(doc.OTIO_SCHEMA)}`);
  const meta = (doc.metadata as Json | undefined)?.shotline as { title: string; rate: FrameRate; width: number; height: number; audio: Cut['audio'] } | undefined;
  if (!meta) throw new OtioReadError('the timeline has no shotline metadata');
  const stack = doc.tracks as Json;
  const video = (stack.children as Json[]).find((t) => t.OTIO_SCHEMA === 'Track.1' && t.kind === 'Video');
  if (!video) throw new OtioReadError('no Video track');
  const items = video.children as Json[];
  const shots: CutShot[] = [];
  items.forEach((child, k) => {
    if (child.OTIO_SCHEMA === 'Transition.1') return;
    const data = (child.metadata as Json).shotline as ShotlineClipData | undefined;
    if (!data) throw new OtioReadError(`${String(child.OTIO_SCHEMA)} "${String(child.name)}" has no shotline metadata`);
    const range = child.source_range as Json;
    const start = frames(range.start_time);
    const length = frames(range.duration);
    const before = items[k - 1]?.OTIO_SCHEMA === 'Transition.1' ? items[k - 1]! : null;
    const after = items[k + 1]?.OTIO_SCHEMA === 'Transition.1' ? items[k + 1]! : null;
    const isDissolve = (t: Json | null) => t?.transition_type === 'SMPTE_Dissolve';
    const head = isDissolve(before) ? frames(before!.in_offset) : 0;
    const tail = isDissolve(after) ? frames(after!.out_offset) : 0;
    const kind: TransitionKind = after === null ? (data.transition.kind === 'cut' ? 'cut' : data.transition.kind) : isDissolve(after) ? 'dissolve' : 'dip';
    if (child.OTIO_SCHEMA === 'Clip.2') {
      const ref = (child.media_references as Json)[String(child.active_media_reference_key)] as Json;
      if (ref?.OTIO_SCHEMA !== 'ExternalReference.1') throw new OtioReadError(`clip "${String(child.name)}" has no ExternalReference.1`);
      const available = ref.available_range as Json;
      shots.push({ label: data.label, title: data.title, prompt: data.prompt, media: String(ref.target_url), hasAudio: data.hasAudio, takeFrames: frames(available.duration), inFrame: start - head, outFrame: start + length + tail, transition: { kind, frames: data.transition.frames } });
    } else if (child.OTIO_SCHEMA === 'Gap.1') {
      shots.push({ label: data.label, title: data.title, prompt: data.prompt, media: null, hasAudio: false, takeFrames: length + head + tail, inFrame: 0, outFrame: length + head + tail, transition: { kind, frames: data.transition.frames } });
    } else throw new OtioReadError(`unexpected ${String(child.OTIO_SCHEMA)} in the Video track`);
  });
  return { title: meta.title, rate: meta.rate, width: meta.width, height: meta.height, audio: meta.audio, shots, audioLanes: [] };
}
