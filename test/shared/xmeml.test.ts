/**
 * The FCP7 XML writer (shared/interchange/xmeml.ts) at 24, 25, 23.976 and 29.97 fps, read back
 * with fast-xml-parser and checked against the xmeml version 5 structure Final Cut Pro 7's
 * documentation describes (xmeml > sequence > rate, timecode, media > video/audio > format,
 * track > clipitem | transitionitem; clipitem start/end in the sequence and in/out in the
 * source, in frames of the rate's timebase; file in full once, then by id), and against the
 * picture the cut should make, frame by frame. `xmllint --noout` checks it is well-formed.
 */
import { describe, expect, it } from 'vitest';
import { writeXmeml } from '../../shared/interchange/xmeml';
import { A, B, C, RATES, all, expectedPicture, kid, kids, parseXml, sampleCut, xmllint, type XNode } from './interchange-fixtures';

const num = (node: XNode, name: string) => Number(kid(node, name).text);

describe.each(RATES)('writeXmeml at $label fps', ({ rate }) => {
  const cut = sampleCut(rate);
  const xml = writeXmeml(cut);
  const root = parseXml(xml);
  const sequence = kid(root, 'sequence');
  const media = kid(sequence, 'media');
  const vtrack = kid(kid(media, 'video'), 'track');

  it('is well-formed xmeml 5 with the rate as timebase + ntsc and the timecode format', () => {
    expect(xmllint(xml)).toBe('');
    expect(xml).toContain('<!DOCTYPE xmeml>');
    expect(root.name).toBe('xmeml');
    expect(root.attrs.version).toBe('5');
    const timebase = String(Math.round(rate.num / rate.den));
    const ntsc = rate.den === 1001 ? 'TRUE' : 'FALSE';
    for (const r of all(root, 'rate')) expect([kid(r, 'timebase').text, kid(r, 'ntsc').text]).toEqual([timebase, ntsc]);
    const tc = kid(sequence, 'timecode');
    expect(kid(tc, 'displayformat').text).toBe(rate.num === 30000 ? 'DF' : 'NDF');
    expect(kid(tc, 'string').text).toBe(rate.num === 30000 ? '00:00:00;00' : '00:00:00:00');
    expect(kid(sequence, 'name').text).toBe('Lighthouse & Co');
    const sc = kid(kid(kid(media, 'video'), 'format'), 'samplecharacteristics');
    expect([num(sc, 'width'), num(sc, 'height')]).toEqual([320, 180]);
    expect(vtrack.children.map((c) => c.name)).toEqual(['clipitem', 'transitionitem', 'clipitem', 'transitionitem', 'clipitem', 'clipitem']);
    expect(num(sequence, 'duration')).toBe(expectedPicture(cut).length);
  });

  it('refers to each take by a relative pathurl, in full the first time and by id after', () => {
    const files = all(root, 'file');
    const full = files.filter((f) => f.children.length > 0);
    expect(full.map((f) => kid(f, 'pathurl').text)).toEqual([A, B, C]);
    for (const f of files) expect(full.some((g) => g.attrs.id === f.attrs.id)).toBe(true);
    // The first use of each id is the full one.
    const seen = new Set<string>();
    for (const f of files) {
      if (!seen.has(f.attrs.id!)) expect(f.children.length).toBeGreaterThan(0);
      seen.add(f.attrs.id!);
    }
  });

  it('plays the cut frame for frame: clipitems at the edit points, dissolves over their handles', () => {
    const pathOf = new Map(all(root, 'file').filter((f) => f.children.length).map((f) => [f.attrs.id!, kid(f, 'pathurl').text]));
    const items = vtrack.children;
    const picture: Array<Array<{ media: string | null; frame: number }>> = Array.from({ length: num(sequence, 'duration') }, () => []);
    const show = (c: XNode, r: number) => picture[r]!.push({ media: pathOf.get(kid(c, 'file').attrs.id!)!, frame: num(c, 'in') + (r - num(c, 'start')) });
    for (const c of kids(vtrack, 'clipitem')) {
      expect(num(c, 'out') - num(c, 'in')).toBe(num(c, 'end') - num(c, 'start'));
      expect(num(c, 'out')).toBeLessThanOrEqual(num(c, 'duration'));
      for (let r = num(c, 'start'); r < num(c, 'end'); r++) show(c, r);
    }
    items.forEach((t, k) => {
      if (t.name !== 'transitionitem') return;
      expect(kid(t, 'alignment').text).toBe('center');
      if (kid(kid(t, 'effect'), 'name').text !== 'Cross Dissolve') return;
      const [left, right] = [items[k - 1]!, items[k + 1]!];
      expect(num(left, 'end')).toBe(num(right, 'start'));
      for (let r = num(t, 'start'); r < num(t, 'end'); r++) show(r < num(right, 'start') ? right : left, r);
    });
    // Black is an empty stretch of the track.
    const want = expectedPicture(cut).map((fs) => fs.filter((x) => x.media !== null).sort((x, y) => x.media!.localeCompare(y.media!)));
    expect(picture.map((fs) => fs.sort((x, y) => x.media!.localeCompare(y.media!)))).toEqual(want);
  });

  it('carries the sound on two audio tracks linked to the picture, and a marker per shot', () => {
    const atracks = kids(kid(media, 'audio'), 'track');
    expect(atracks).toHaveLength(2);
    const withSound = cut.shots.filter((s) => s.hasAudio).length;
    atracks.forEach((t, ch) => {
      const clips = kids(t, 'clipitem');
      expect(clips).toHaveLength(withSound);
      for (const c of clips) expect([kid(kid(c, 'sourcetrack'), 'mediatype').text, kid(kid(c, 'sourcetrack'), 'trackindex').text]).toEqual(['audio', String(ch + 1)]);
      // The dissolve between shots 1 and 2 (both with sound) crossfades the sound too.
      expect(kids(t, 'transitionitem')).toHaveLength(1);
    });
    const video = kids(vtrack, 'clipitem');
    const ids = new Set(all(root, 'clipitem').map((c) => c.attrs.id));
    for (const c of video) {
      for (const link of kids(c, 'link')) expect(ids.has(kid(link, 'linkclipref').text)).toBe(true);
      const marker = kid(c, 'marker');
      const shot = cut.shots.find((s) => s.title === kid(c, 'name').text && kid(marker, 'name').text === `Shot ${s.label}: ${s.title}`);
      expect(shot).toBeDefined();
      expect(kid(marker, 'comment').text).toBe(shot!.prompt);
    }
    const dip = kids(vtrack, 'transitionitem')[1]!;
    expect(kid(kid(dip, 'effect'), 'name').text).toBe('Dip to Color Dissolve');
    expect(num(dip, 'end') - num(dip, 'start')).toBe(10);
  });
});

describe('writeXmeml audio lanes', () => {
  it('adds a pair of audio tracks per lane with the clip where it is placed', () => {
    const cut = sampleCut({ num: 25, den: 1 });
    const root = parseXml(writeXmeml({ ...cut, audioLanes: [{ name: 'Voice-over', clips: [{ name: 'VO 1', media: 'media/vo.wav', mediaFrames: 75, inFrame: 5, outFrame: 55, at: 20 }] }] }));
    const tracks = kids(kid(kid(kid(root, 'sequence'), 'media'), 'audio'), 'track');
    expect(tracks).toHaveLength(4);
    const vo = kid(tracks[2]!, 'clipitem');
    expect([num(vo, 'start'), num(vo, 'end'), num(vo, 'in'), num(vo, 'out')]).toEqual([20, 70, 5, 55]);
    expect(kid(kid(vo, 'file'), 'pathurl').text).toBe('media/vo.wav');
  });
});
