/**
 * FCPXML 1.10 of the cut (Final Cut Pro 10.6+, DaVinci Resolve 17+ import it), element order as
 * in Apple's FCPXML 1.10 DTD:
 *
 *   fcpxml > resources (format, effects, one asset per take with a relative media-rep src)
 *          > library > event > project > sequence > spine
 *
 * The spine holds one `asset-clip` per shot (name = shot title, `start`/`duration` = the part
 * of the take used, in rational seconds of the project's frame duration, e.g. `1001/24000s`
 * per frame at 23.976), a `gap` for black, and a `transition` between two clips for each
 * dissolve (Cross Dissolve) and dip (Fade To Color, black by default), centred on the edit
 * point as Final Cut lays transitions (see layoutCut in ./cut.ts). Each clip carries a marker
 * with the shot's label and title and the prompt as its note; an asset-clip brings its take's
 * sound with it. Extra audio lanes are connected clips (`lane="-1"`, `-2`...) anchored to the
 * spine clip under their start.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { isDropFrame } from '../frame-rate';
import { layoutCut, relativeUri, type Cut } from './cut';
import { xmlLine } from './xml-text';

/** Final Cut's built-in transitions (FxPlug ids as Final Cut writes them). */
export const FCP_CROSS_DISSOLVE = { name: 'Cross Dissolve', uid: 'FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265' };
export const FCP_FADE_TO_COLOR = { name: 'Fade To Color', uid: 'FxPlug:F779C565-486D-4633-8035-0374B4DB8F5C' };

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Frames as FCPXML time: rational seconds (`1001/24000s`, `2s`, `0s`). */
export function fcpTime(frames: number, rate: Cut['rate']): string {
  const num = frames * rate.den;
  const den = rate.num;
  if (num === 0) return '0s';
  const g = gcd(Math.abs(num), den);
  return den / g === 1 ? `${num / g}s` : `${num / g}/${den / g}s`;
}

/** The FCPXML text. */
export function writeFcpxml(cut: Cut): string {
  const { rate } = cut;
  const t = (frames: number) => fcpTime(frames, rate);
  const layout = layoutCut(cut.shots);
  const tcFormat = isDropFrame(rate) ? 'DF' : 'NDF';
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).dtd({ name: 'fcpxml' });
  const root = doc.ele('fcpxml', { version: '1.10' });
  const resources = root.ele('resources');
  resources.ele('format', { id: 'r1', name: `Shotline ${cut.width}x${cut.height}`, frameDuration: t(1), width: String(cut.width), height: String(cut.height) });
  const uses = new Set(layout.joins.map((j) => j.kind));
  if (uses.has('dissolve')) resources.ele('effect', { id: 'r2', ...FCP_CROSS_DISSOLVE });
  if (uses.has('dip')) resources.ele('effect', { id: 'r3', ...FCP_FADE_TO_COLOR });

  // One asset per media file (a take used twice is one asset).
  const assets = new Map<string, string>();
  const asset = (media: string, frames: number, hasAudio: boolean, hasVideo: boolean) => {
    const known = assets.get(media);
    if (known) return known;
    const id = `a${assets.size + 1}`;
    assets.set(media, id);
    const name = media.split('/').pop()!.replace(/\.[^.]+$/, '');
    const attrs: Record<string, string> = { id, name, start: '0s', duration: t(frames), hasVideo: hasVideo ? '1' : '0' };
    if (hasVideo) attrs.format = 'r1';
    if (hasAudio) Object.assign(attrs, { hasAudio: '1', audioSources: '1', audioChannels: String(cut.audio.channels), audioRate: String(cut.audio.sampleRate) });
    resources.ele('asset', attrs).ele('media-rep', { kind: 'original-media', src: relativeUri(media) });
    return id;
  };
  for (const s of cut.shots) if (s.media !== null) asset(s.media, s.takeFrames, s.hasAudio, true);
  for (const lane of cut.audioLanes) for (const c of lane.clips) asset(c.media, c.mediaFrames, true, false);

  const event = root.ele('library').ele('event', { name: xmlLine(cut.title) || 'Shotline' });
  const sequence = event.ele('project', { name: xmlLine(cut.title) || 'Shotline' }).ele('sequence', {
    format: 'r1',
    duration: t(layout.totalFrames),
    tcStart: '0s',
    tcFormat,
    audioLayout: cut.audio.channels === 1 ? 'mono' : 'stereo',
    audioRate: `${cut.audio.sampleRate / 1000}k`,
  });
  const spine = sequence.ele('spine');
  const joinsBefore = new Map(layout.joins.map((j) => [j.index, j]));
  const clips: Array<{ el: XMLBuilder; start: number; frames: number; sourceIn: number }> = [];
  layout.shots.forEach((laid, i) => {
    const join = joinsBefore.get(i);
    if (join) {
      const effect = join.kind === 'dissolve' ? { ref: 'r2', ...FCP_CROSS_DISSOLVE } : { ref: 'r3', ...FCP_FADE_TO_COLOR };
      spine
        .ele('transition', { name: effect.name, offset: t(join.edit - join.before), duration: t(join.before + join.after) })
        .ele('filter-video', { ref: effect.ref, name: effect.name });
    }
    const s = laid.shot;
    const name = xmlLine(s.title) || `Shot ${s.label}`;
    const el =
      s.media === null
        ? spine.ele('gap', { name, offset: t(laid.clipStart), start: '0s', duration: t(laid.clipFrames) })
        : spine.ele('asset-clip', { ref: asset(s.media, s.takeFrames, s.hasAudio, true), name, offset: t(laid.clipStart), start: t(laid.clipIn), duration: t(laid.clipFrames), format: 'r1', tcFormat });
    clips.push({ el, start: laid.clipStart, frames: laid.clipFrames, sourceIn: s.media === null ? 0 : laid.clipIn });
  });
  // Connected audio first (anchored items come before markers in a clip), then the markers.
  cut.audioLanes.forEach((lane, k) => {
    for (const c of lane.clips) {
      const host = clips.find((h) => c.at >= h.start && c.at < h.start + h.frames) ?? clips[clips.length - 1];
      if (!host) continue;
      host.el.ele('asset-clip', {
        ref: asset(c.media, c.mediaFrames, true, false),
        lane: String(-(k + 1)),
        name: xmlLine(c.name) || lane.name,
        offset: t(host.sourceIn + (c.at - host.start)),
        start: t(c.inFrame),
        duration: t(c.outFrame - c.inFrame),
        audioRole: lane.role ?? 'dialogue',
      });
    }
  });
  layout.shots.forEach((laid, i) => {
    const s = laid.shot;
    const clip = clips[i]!;
    clip.el.ele('marker', { start: t(clip.sourceIn), duration: t(1), value: xmlLine(`Shot ${s.label}${s.title.trim() ? `: ${s.title}` : ''}`), note: xmlLine(s.prompt) });
  });
  return doc.end({ prettyPrint: true });
}
