/**
 * The FCPXML writer (shared/interchange/fcpxml.ts) at 24, 25, 23.976 and 29.97 fps, read back
 * with fast-xml-parser and checked against the FCPXML 1.10 DTD's structure and order (fcpxml >
 * resources, library > event > project > sequence > spine; in a clip, connected clips before
 * markers), and against the picture the cut should make, frame by frame, from times read as
 * rational seconds here. `xmllint --noout` checks it is well-formed. (Apple's DTD is not
 * redistributable, so it is not in the repository and not checked with --dtdvalid.)
 */
import { describe, expect, it } from 'vitest';
import { fcpTime, writeFcpxml } from '../../shared/interchange/fcpxml';
import type { FrameRate } from '../../shared/frame-rate';
import { A, B, C, RATES, all, expectedPicture, kid, kids, parseXml, sampleCut, xmllint, type XNode } from './interchange-fixtures';

/** FCPXML time (`1001/24000s`, `2s`) as frames at `rate`; throws when not on a frame. */
function framesOf(time: string | undefined, rate: FrameRate): number {
  const m = /^(-?\d+)(?:\/(\d+))?s$/.exec(time ?? '');
  if (!m) throw new Error(`not an FCPXML time: ${time}`);
  const p = BigInt(m[1]!);
  const q = BigInt(m[2] ?? '1');
  const num = p * BigInt(rate.num);
  const den = q * BigInt(rate.den);
  if (num % den !== 0n) throw new Error(`${time} is not on a frame at ${rate.num}/${rate.den}`);
  return Number(num / den);
}

describe.each(RATES)('writeFcpxml at $label fps', ({ rate }) => {
  const cut = sampleCut(rate);
  const xml = writeFcpxml(cut);
  const root = parseXml(xml);
  const f = (t: string | undefined) => framesOf(t, rate);

  it('is well-formed XML with the FCPXML 1.10 document structure', () => {
    expect(xmllint(xml)).toBe('');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE fcpxml>/);
    expect(root.name).toBe('fcpxml');
    expect(root.attrs.version).toBe('1.10');
    expect(root.children.map((c) => c.name)).toEqual(['resources', 'library']);
    const resources = kid(root, 'resources');
    // resources: (asset | effect | format | media | locator)*
    for (const r of resources.children) expect(['asset', 'effect', 'format', 'media', 'locator']).toContain(r.name);
    const format = kid(resources, 'format');
    expect(format.attrs.frameDuration).toBe(rate.den === 1 ? `1/${rate.num}s` : `1001/${rate.num}s`);
    expect([format.attrs.width, format.attrs.height]).toEqual(['320', '180']);
    const project = kid(kid(kid(root, 'library'), 'event'), 'project');
    expect(project.attrs.name).toBe('Lighthouse & Co');
    const sequence = kid(project, 'sequence');
    expect(sequence.attrs.format).toBe(format.attrs.id);
    expect(sequence.attrs.tcFormat).toBe(rate.num === 30000 ? 'DF' : 'NDF');
    expect(sequence.children.map((c) => c.name)).toEqual(['spine']);
    // spine: (clip items | transition)*
    const spine = kid(sequence, 'spine');
    expect(spine.children.map((c) => c.name)).toEqual(['asset-clip', 'transition', 'asset-clip', 'transition', 'asset-clip', 'gap', 'asset-clip']);
  });

  it('has one asset per take with a relative media-rep, and every id it refers to', () => {
    const resources = kid(root, 'resources');
    const assets = kids(resources, 'asset');
    expect(assets.map((a) => kid(a, 'media-rep').attrs.src)).toEqual([A, B, C]);
    for (const a of assets) {
      expect(kid(a, 'media-rep').attrs.kind).toBe('original-media');
      expect(a.attrs.hasVideo).toBe('1');
      expect(f(a.attrs.duration)).toBe(cut.shots.find((s) => s.media === kid(a, 'media-rep').attrs.src)!.takeFrames);
    }
    expect(assets.map((a) => a.attrs.hasAudio ?? '0')).toEqual(['1', '1', '0']);
    const ids = new Set(resources.children.map((r) => r.attrs.id));
    for (const ref of [...all(root, 'asset-clip'), ...all(root, 'filter-video')].map((n) => n.attrs.ref)) expect(ids.has(ref!)).toBe(true);
    const effects = kids(resources, 'effect').map((e) => e.attrs.name);
    expect(effects).toEqual(['Cross Dissolve', 'Fade To Color']);
  });

  it('plays the cut frame for frame: clips end to end, dissolves over their handles', () => {
    const spine = kid(kid(kid(kid(kid(root, 'library'), 'event'), 'project'), 'sequence'), 'spine');
    const mediaOf = new Map(kids(kid(root, 'resources'), 'asset').map((a) => [a.attrs.id!, kid(a, 'media-rep').attrs.src!]));
    const clips = spine.children.filter((c) => c.name !== 'transition');
    // Clips sit end to end on the spine; transitions take no time of their own.
    let at = 0;
    for (const c of clips) {
      expect(f(c.attrs.offset)).toBe(at);
      at += f(c.attrs.duration);
    }
    const expected = expectedPicture(cut);
    expect(at).toBe(expected.length);
    expect(f(kid(kid(kid(kid(root, 'library'), 'event'), 'project'), 'sequence').attrs.duration)).toBe(expected.length);
    const picture: Array<Array<{ media: string | null; frame: number }>> = Array.from({ length: at }, () => []);
    const show = (c: XNode, r: number) => picture[r]!.push({ media: c.name === 'gap' ? null : mediaOf.get(c.attrs.ref!)!, frame: c.name === 'gap' ? r - f(c.attrs.offset) : f(c.attrs.start) + (r - f(c.attrs.offset)) });
    for (const c of clips) for (let r = f(c.attrs.offset); r < f(c.attrs.offset) + f(c.attrs.duration); r++) show(c, r);
    spine.children.forEach((t, k) => {
      if (t.name !== 'transition' || t.attrs.name !== 'Cross Dissolve') return;
      const [left, right] = [spine.children[k - 1]!, spine.children[k + 1]!];
      const edit = f(right.attrs.offset);
      // Under a dissolve both clips show: the left one over its tail handle, the right one over its head.
      for (let r = f(t.attrs.offset); r < f(t.attrs.offset) + f(t.attrs.duration); r++) show(r < edit ? right : left, r);
    });
    for (const frames of picture) frames.sort((x, y) => String(x.media).localeCompare(String(y.media)));
    const want = expected.map((frames) => frames.map((x) => (x.media === null ? { media: null, frame: 0 } : x)).sort((x, y) => String(x.media).localeCompare(String(y.media))));
    const got = picture.map((frames) => frames.map((x) => (x.media === null ? { media: null, frame: 0 } : x)));
    expect(got).toEqual(want);
    // Handles stay inside the takes.
    for (const c of clips.filter((n) => n.name === 'asset-clip')) {
      const shot = cut.shots.find((s) => s.media === mediaOf.get(c.attrs.ref!) && f(c.attrs.start) >= s.inFrame && f(c.attrs.start) < s.outFrame)!;
      expect(f(c.attrs.start) + f(c.attrs.duration)).toBeLessThanOrEqual(shot.takeFrames);
    }
  });

  it('names clips after the shots and marks each with its label and prompt; dips are Fade To Color', () => {
    const spine = kid(kid(kid(kid(kid(root, 'library'), 'event'), 'project'), 'sequence'), 'spine');
    const clips = spine.children.filter((c) => c.name !== 'transition');
    expect(clips.map((c) => c.attrs.name)).toEqual(cut.shots.map((s) => s.title));
    clips.forEach((c, i) => {
      const marker = kid(c, 'marker');
      expect(marker.attrs.value).toBe(`Shot ${i + 1}: ${cut.shots[i]!.title}`);
      expect(marker.attrs.note).toBe(cut.shots[i]!.prompt.replace('\n', ' '));
      // A marker's start is in the clip's own time: its first frame.
      expect(f(marker.attrs.start)).toBe(c.name === 'gap' ? 0 : f(c.attrs.start));
    });
    const dip = spine.children.filter((c) => c.name === 'transition')[1]!;
    expect(dip.attrs.name).toBe('Fade To Color');
    // Centred on the cut between shots 2 and 3: 5 frames out, 5 in.
    expect(f(dip.attrs.offset) + f(dip.attrs.duration) / 2).toBe(f(spine.children[4]!.attrs.offset));
    expect(f(dip.attrs.duration)).toBe(10);
  });

  it('writes times as rational seconds of the frame duration', () => {
    expect(fcpTime(0, rate)).toBe('0s');
    expect(f(fcpTime(1001, rate))).toBe(1001);
    if (rate.den === 1001) expect(fcpTime(1, rate)).toBe(`1001/${rate.num}s`);
  });
});

describe('writeFcpxml audio lanes', () => {
  it('anchors an extra lane as a connected audio clip, before the host clip\'s marker', () => {
    const cut = sampleCut({ num: 24, den: 1 });
    const xml = writeFcpxml({ ...cut, audioLanes: [{ name: 'Music', clips: [{ name: 'Score', media: 'media/music.wav', mediaFrames: 240, inFrame: 0, outFrame: 100, at: 30 }] }] });
    expect(xmllint(xml)).toBe('');
    const root = parseXml(xml);
    const host = kids(kid(kid(kid(kid(kid(root, 'library'), 'event'), 'project'), 'sequence'), 'spine'), 'asset-clip')[0]!;
    expect(host.children.map((c) => c.name)).toEqual(['asset-clip', 'marker']);
    const lane = host.children[0]!;
    expect(lane.attrs).toMatchObject({ lane: '-1', name: 'Score', offset: '30/24s'.replace('30/24s', fcpTime(30, cut.rate)), duration: fcpTime(100, cut.rate) });
    const asset = kids(kid(root, 'resources'), 'asset').find((a) => a.attrs.id === lane.attrs.ref)!;
    expect(asset.attrs).toMatchObject({ hasVideo: '0', hasAudio: '1' });
    expect(kid(asset, 'media-rep').attrs.src).toBe('media/music.wav');
  });
});
