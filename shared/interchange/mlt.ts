/**
 * MLT XML of the cut (`.mlt`): the project format of Shotcut, which Kdenlive imports as a clip
 * and `melt` renders (tests render it and compare it frame by frame with the MP4 export).
 *
 *   mlt > profile (size, frame_rate_num/den: 24000/1001 at 23.976)
 *       > producer per shot (the take, relative `resource`, in/out = the trims), black
 *       > tractor per transition > playlist "V1" > tractor "main"
 *
 * The playlist plays the shots back to back. A dissolve is laid out as Shotcut does: the
 * outgoing shot's entry stops where the overlap starts, then a small tractor of the overlap
 * (its last d frames on one track, the incoming shot's first d on the other, a `luma`
 * transition for the picture and a `mix` for the sound, crossfading), then the incoming shot
 * from frame d on: exactly the frames of the MP4 export. A dip to black is the same with black
 * in place of the other shot: the outgoing shot's last frames fade to black, the incoming
 * shot's first frames from black, the length unchanged. Extra audio lanes are more playlists
 * in the main tractor, mixed into the sound.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { fpsOf } from '../frame-rate';
import { layoutCut, type Cut } from './cut';
import { xmlLine, xmlText } from './xml-text';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The MLT XML text. */
export function writeMlt(cut: Cut): string {
  const { rate, shots } = cut;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('mlt', { LC_NUMERIC: 'C', version: '7.12.0', title: xmlLine(cut.title) || 'Shotline', producer: 'main' });
  const g = gcd(cut.width, cut.height);
  root.ele('profile', {
    description: `Shotline ${cut.width}x${cut.height} ${fpsOf(rate).toFixed(3)} fps`,
    width: String(cut.width),
    height: String(cut.height),
    progressive: '1',
    sample_aspect_num: '1',
    sample_aspect_den: '1',
    display_aspect_num: String(cut.width / g),
    display_aspect_den: String(cut.height / g),
    frame_rate_num: String(rate.num),
    frame_rate_den: String(rate.den),
    colorspace: '709',
  });
  const props = (el: XMLBuilder, values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) el.ele('property', { name }).txt(value);
    return el;
  };
  // Black: as long as the whole cut, so any stretch of it can be cut out.
  const total = shots.reduce((sum, s) => sum + (s.outFrame - s.inFrame), 0) + 1;
  props(root.ele('producer', { id: 'black', in: '0', out: String(total - 1) }), { length: String(total), eof: 'pause', resource: '0x000000ff', mlt_service: 'color', mlt_image_format: 'rgb', set: '1' });

  // One producer per shot: its take and trims (black for a shot without one).
  const producerOf = shots.map((s, i) => {
    if (s.media === null) return 'black';
    const id = `shot${i + 1}`;
    const p = root.ele('producer', { id, in: String(s.inFrame), out: String(s.outFrame - 1) });
    props(p, { length: String(s.takeFrames), eof: 'pause', resource: xmlText(s.media), mlt_service: 'avformat', seekable: '1', 'shotline:label': xmlLine(s.label), 'shotline:title': xmlLine(s.title), 'shotline:prompt': xmlLine(s.prompt) });
    return id;
  });

  // The overlaps and fades, clamped as the export plan clamps them (layoutCut).
  const layout = layoutCut(shots);
  const lengths = layout.shots.map((l) => l.length);
  const fadeIn = layout.shots.map((l) => l.fadeIn);
  const fadeOut = layout.shots.map((l) => l.fadeOut);
  const overlap = layout.shots.map((l, i) => {
    const next = layout.shots[i + 1];
    return next ? Math.max(0, l.start + l.length - next.start) : 0;
  });

  let transitions = 0;
  /** A tractor crossfading `a` into `b` over `frames`; returns its id. */
  const crossfade = (a: { producer: string; from: number }, b: { producer: string; from: number }, frames: number, name: string) => {
    const id = `transition${++transitions}`;
    const t = root.ele('tractor', { id, in: '0', out: String(frames - 1) });
    props(t, { 'shotline:transition': name });
    t.ele('track', { producer: a.producer, in: String(a.from), out: String(a.from + frames - 1) });
    t.ele('track', { producer: b.producer, in: String(b.from), out: String(b.from + frames - 1) });
    props(t.ele('transition', { id: `${id}-mix`, out: String(frames - 1) }), { a_track: '0', b_track: '1', start: '-1', accepts_blanks: '1', mlt_service: 'mix' });
    props(t.ele('transition', { id: `${id}-luma`, out: String(frames - 1) }), { a_track: '0', b_track: '1', softness: '0', mlt_service: 'luma' });
    return id;
  };
  // Where black is cut from: any stretch of it looks the same.
  const entries: Array<{ producer: string; in: number; out: number }> = [];
  shots.forEach((s, i) => {
    const head = (i > 0 ? overlap[i - 1]! : 0) + fadeIn[i]!;
    const tail = overlap[i]! + fadeOut[i]!;
    const from = s.media === null ? 0 : s.inFrame;
    const to = from + lengths[i]!;
    if (fadeIn[i]! > 0) entries.push({ producer: crossfade({ producer: 'black', from: 0 }, { producer: producerOf[i]!, from }, fadeIn[i]!, 'dip in'), in: 0, out: fadeIn[i]! - 1 });
    const bodyIn = from + head;
    const bodyOut = to - tail;
    if (bodyOut > bodyIn) entries.push({ producer: producerOf[i]!, in: bodyIn, out: bodyOut - 1 });
    if (fadeOut[i]! > 0) entries.push({ producer: crossfade({ producer: producerOf[i]!, from: to - fadeOut[i]! }, { producer: 'black', from: 0 }, fadeOut[i]!, 'dip out'), in: 0, out: fadeOut[i]! - 1 });
    if (overlap[i]! > 0) {
      const next = shots[i + 1]!;
      const nextFrom = next.media === null ? 0 : next.inFrame;
      entries.push({ producer: crossfade({ producer: producerOf[i]!, from: to - overlap[i]! }, { producer: producerOf[i + 1]!, from: nextFrom }, overlap[i]!, 'dissolve'), in: 0, out: overlap[i]! - 1 });
    }
  });
  const playlist = root.ele('playlist', { id: 'V1' });
  props(playlist, { 'shotcut:video': '1', 'shotcut:name': 'V1' });
  for (const e of entries) playlist.ele('entry', { producer: e.producer, in: String(e.in), out: String(e.out) });

  // Extra lanes: one playlist each, blanks between the clips.
  const lanes = cut.audioLanes.map((lane, k) => {
    const id = `A${k + 1}`;
    const clips = [...lane.clips].sort((a, b) => a.at - b.at);
    const ids = clips.map((c, j) => {
      const pid = `${id}-${j + 1}`;
      props(root.ele('producer', { id: pid, in: String(c.inFrame), out: String(c.outFrame - 1) }), { length: String(c.mediaFrames), resource: xmlText(c.media), mlt_service: 'avformat', 'shotline:name': xmlLine(c.name) });
      return pid;
    });
    const pl = root.ele('playlist', { id });
    props(pl, { 'shotcut:audio': '1', 'shotcut:name': xmlLine(lane.name) || id });
    let at = 0;
    clips.forEach((c, j) => {
      if (c.at > at) pl.ele('blank', { length: String(c.at - at) });
      pl.ele('entry', { producer: ids[j]!, in: String(c.inFrame), out: String(c.outFrame - 1) });
      at = Math.max(at, c.at + c.outFrame - c.inFrame);
    });
    return id;
  });
  const main = root.ele('tractor', { id: 'main', title: xmlLine(cut.title) || 'Shotline' });
  props(main, { shotcut: '1' });
  main.ele('track', { producer: 'V1' });
  for (const id of lanes) main.ele('track', { producer: id, hide: 'video' });
  lanes.forEach((_, k) => props(main.ele('transition', { id: `mix${k + 1}` }), { a_track: '0', b_track: String(k + 1), mlt_service: 'mix', always_active: '1', sum: '1' }));
  return doc.end({ prettyPrint: true });
}
