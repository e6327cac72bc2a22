/**
 * Final Cut Pro 7 XML (`xmeml` version 5) of the cut, the XML Premiere Pro and DaVinci Resolve
 * import (File > Import > XML / Timeline):
 *
 *   xmeml > sequence (rate, timecode, media > video > format + track, audio > format + tracks)
 *
 * Rates are a `timebase` with `ntsc` TRUE for the 1001 rates (23.976 = timebase 24, 29.97 = 30);
 * every time is a frame count at the sequence rate. The video track has one `clipitem` per
 * shot: `start`/`end` on the sequence and `in`/`out` in the take (frames), the take's `file`
 * (written in full the first time, referenced by id after) with a relative `pathurl`, and a
 * marker with the shot's label and title and the prompt as its comment. A dissolve is a
 * `transitionitem` (Cross Dissolve, centred on the edit, see layoutCut in ./cut.ts); a dip is
 * a Dip to Color Dissolve (black) there. Black is an empty stretch of the track. The takes'
 * sound is one audio `clipitem` per channel (tracks A1, A2), linked to its video clipitem;
 * extra audio lanes follow as more audio tracks.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { isDropFrame, nominalFps } from '../frame-rate';
import { framesToTimecode } from '../timecode';
import { layoutCut, relativeUri, type Cut, type LaidJoin } from './cut';
import { xmlLine, xmlText } from './xml-text';

/** The effects Premiere and Final Cut 7 name these transitions with. */
const CROSS_DISSOLVE = { name: 'Cross Dissolve', effectid: 'Cross Dissolve', effectcategory: 'Dissolve' };
const DIP_TO_BLACK = { name: 'Dip to Color Dissolve', effectid: 'Dip to Color Dissolve', effectcategory: 'Dissolve' };

/** The xmeml text. */
export function writeXmeml(cut: Cut): string {
  const { rate } = cut;
  const layout = layoutCut(cut.shots);
  const ntsc = rate.den === 1001 ? 'TRUE' : 'FALSE';
  const addRate = (el: XMLBuilder) => {
    const r = el.ele('rate');
    r.ele('timebase').txt(String(nominalFps(rate)));
    r.ele('ntsc').txt(ntsc);
  };
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).dtd({ name: 'xmeml' });
  const sequence = doc.ele('xmeml', { version: '5' }).ele('sequence', { id: 'sequence-1' });
  sequence.ele('name').txt(xmlLine(cut.title) || 'Shotline');
  sequence.ele('duration').txt(String(layout.totalFrames));
  addRate(sequence);
  const timecode = sequence.ele('timecode');
  addRate(timecode);
  timecode.ele('string').txt(framesToTimecode(0, rate));
  timecode.ele('frame').txt('0');
  timecode.ele('displayformat').txt(isDropFrame(rate) ? 'DF' : 'NDF');
  const media = sequence.ele('media');
  const video = media.ele('video');
  const vsc = video.ele('format').ele('samplecharacteristics');
  addRate(vsc);
  vsc.ele('width').txt(String(cut.width));
  vsc.ele('height').txt(String(cut.height));
  vsc.ele('pixelaspectratio').txt('square');
  const vtrack = video.ele('track');
  const audio = media.ele('audio');
  audio.ele('numOutputChannels').txt(String(cut.audio.channels));
  const asc = audio.ele('format').ele('samplecharacteristics');
  asc.ele('depth').txt('16');
  asc.ele('samplerate').txt(String(cut.audio.sampleRate));
  const channels = Math.max(1, cut.audio.channels);
  const atracks = Array.from({ length: channels }, () => audio.ele('track'));

  const files = new Map<string, string>();
  /** The file element: in full the first time, then by id. */
  const fileEl = (parent: XMLBuilder, path: string, frames: number, hasVideo: boolean, hasAudio: boolean) => {
    const known = files.get(path);
    if (known) return parent.ele('file', { id: known });
    const id = `file-${files.size + 1}`;
    files.set(path, id);
    const f = parent.ele('file', { id });
    f.ele('name').txt(xmlText(path.split('/').pop()!));
    f.ele('pathurl').txt(relativeUri(path));
    addRate(f);
    f.ele('duration').txt(String(frames));
    const tc = f.ele('timecode');
    addRate(tc);
    tc.ele('string').txt(framesToTimecode(0, rate));
    tc.ele('frame').txt('0');
    tc.ele('displayformat').txt(isDropFrame(rate) ? 'DF' : 'NDF');
    const m = f.ele('media');
    if (hasVideo) {
      const sc = m.ele('video').ele('samplecharacteristics');
      addRate(sc);
      sc.ele('width').txt(String(cut.width));
      sc.ele('height').txt(String(cut.height));
    }
    if (hasAudio) {
      const a = m.ele('audio');
      const sc = a.ele('samplecharacteristics');
      sc.ele('depth').txt('16');
      sc.ele('samplerate').txt(String(cut.audio.sampleRate));
      a.ele('channelcount').txt(String(cut.audio.channels));
    }
    return f;
  };
  const transition = (track: XMLBuilder, join: LaidJoin, mediatype: 'video' | 'audio') => {
    const item = track.ele('transitionitem');
    item.ele('start').txt(String(join.edit - join.before));
    item.ele('end').txt(String(join.edit + join.after));
    item.ele('alignment').txt('center');
    addRate(item);
    const effect = item.ele('effect');
    const kind = mediatype === 'audio' ? { name: 'Cross Fade (+3dB)', effectid: 'KGAudioTransCrossFade3dB', effectcategory: 'audio' } : join.kind === 'dissolve' ? CROSS_DISSOLVE : DIP_TO_BLACK;
    effect.ele('name').txt(kind.name);
    effect.ele('effectid').txt(kind.effectid);
    effect.ele('effectcategory').txt(kind.effectcategory);
    effect.ele('effecttype').txt('transition');
    effect.ele('mediatype').txt(mediatype);
  };
  const joinsBefore = new Map(layout.joins.map((j) => [j.index, j]));
  layout.shots.forEach((laid, i) => {
    const s = laid.shot;
    const join = joinsBefore.get(i);
    if (join) transition(vtrack, join, 'video');
    if (join?.kind === 'dissolve' && s.hasAudio && cut.shots[i - 1]?.hasAudio) for (const t of atracks) transition(t, join, 'audio');
    if (s.media === null) return;
    const name = xmlLine(s.title) || `Shot ${s.label}`;
    const vid = `clipitem-v${i + 1}`;
    const aids = s.hasAudio ? atracks.map((_, c) => `clipitem-a${i + 1}-${c + 1}`) : [];
    const item = (track: XMLBuilder, id: string, mediatype: 'video' | 'audio', channel: number) => {
      const el = track.ele('clipitem', { id });
      el.ele('name').txt(name);
      el.ele('enabled').txt('TRUE');
      el.ele('duration').txt(String(s.takeFrames));
      addRate(el);
      el.ele('start').txt(String(laid.clipStart));
      el.ele('end').txt(String(laid.clipStart + laid.clipFrames));
      el.ele('in').txt(String(laid.clipIn));
      el.ele('out').txt(String(laid.clipIn + laid.clipFrames));
      fileEl(el, s.media!, s.takeFrames, true, s.hasAudio);
      const st = el.ele('sourcetrack');
      st.ele('mediatype').txt(mediatype);
      if (mediatype === 'audio') st.ele('trackindex').txt(String(channel));
      for (const [k, linked] of [vid, ...aids].entries()) {
        const link = el.ele('link');
        link.ele('linkclipref').txt(linked);
        link.ele('mediatype').txt(k === 0 ? 'video' : 'audio');
        link.ele('trackindex').txt(String(k === 0 ? 1 : k));
        link.ele('clipindex').txt(String(i + 1));
      }
      return el;
    };
    const v = item(vtrack, vid, 'video', 1);
    const marker = v.ele('marker');
    marker.ele('name').txt(xmlLine(`Shot ${s.label}${s.title.trim() ? `: ${s.title}` : ''}`));
    marker.ele('comment').txt(xmlText(s.prompt));
    marker.ele('in').txt(String(laid.clipIn));
    marker.ele('out').txt('-1');
    aids.forEach((id, c) => item(atracks[c]!, id, 'audio', c + 1));
  });
  // Extra lanes (voice-over, music): one more pair of tracks each.
  for (const lane of cut.audioLanes) {
    const tracks = Array.from({ length: channels }, () => audio.ele('track'));
    lane.clips.forEach((c, k) => {
      tracks.forEach((track, ch) => {
        const el = track.ele('clipitem', { id: `clipitem-${xmlLine(lane.name).replace(/\W+/g, '-')}-${k + 1}-${ch + 1}` });
        el.ele('name').txt(xmlLine(c.name) || lane.name);
        el.ele('enabled').txt('TRUE');
        el.ele('duration').txt(String(c.mediaFrames));
        addRate(el);
        el.ele('start').txt(String(c.at));
        el.ele('end').txt(String(c.at + c.outFrame - c.inFrame));
        el.ele('in').txt(String(c.inFrame));
        el.ele('out').txt(String(c.outFrame));
        fileEl(el, c.media, c.mediaFrames, false, true);
        const st = el.ele('sourcetrack');
        st.ele('mediatype').txt('audio');
        st.ele('trackindex').txt(String(ch + 1));
      });
    });
  }
  return doc.end({ prettyPrint: true });
}
