/**
 * The MLT XML writer (shared/interchange/mlt.ts) at 24, 25, 23.976 and 29.97 fps, read back with
 * fast-xml-parser and checked against MLT's XML structure (mlt > profile, producer, playlist >
 * entry, tractor > track + transition; every entry's producer defined before it; in/out
 * inclusive frame numbers) and against the cut frame by frame. That melt renders it like the
 * MP4 export is test/export/handoff-folder.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { writeMlt } from '../../shared/interchange/mlt';
import { A, B, C, RATES, expectedPicture, kid, kids, parseXml, sampleCut, xmllint, type XNode } from './interchange-fixtures';

const prop = (node: XNode, name: string) => kids(node, 'property').find((p) => p.attrs.name === name)?.text;

describe.each(RATES)('writeMlt at $label fps', ({ rate }) => {
  const cut = sampleCut(rate);
  const xml = writeMlt(cut);
  const root = parseXml(xml);

  it('is well-formed MLT XML with the exact frame rate and size in the profile', () => {
    expect(xmllint(xml)).toBe('');
    expect(root.name).toBe('mlt');
    const profile = kid(root, 'profile');
    expect(profile.attrs).toMatchObject({ frame_rate_num: String(rate.num), frame_rate_den: String(rate.den), width: '320', height: '180', progressive: '1' });
    expect(root.attrs.producer).toBe('main');
    // Everything an entry or track refers to is defined before it (MLT reads the file in order).
    const defined = new Set<string>();
    for (const node of root.children) {
      for (const ref of [...kids(node, 'entry'), ...kids(node, 'track')].map((n) => n.attrs.producer!)) expect(defined.has(ref), ref).toBe(true);
      if (node.attrs.id) defined.add(node.attrs.id);
    }
    const producers = kids(root, 'producer').filter((p) => prop(p, 'mlt_service') === 'avformat');
    expect(producers.map((p) => prop(p, 'resource'))).toEqual([A, B, A, C]);
  });

  it('plays the cut frame for frame: entries back to back, transitions as two-track tractors', () => {
    const byId = new Map(root.children.filter((n) => n.attrs.id).map((n) => [n.attrs.id!, n]));
    const resourceOf = (id: string) => {
      const p = byId.get(id)!;
      return prop(p, 'mlt_service') === 'color' ? null : prop(p, 'resource')!;
    };
    const playlist = byId.get('V1')!;
    const picture: Array<Array<{ media: string | null; frame: number }>> = [];
    let at = 0;
    for (const e of kids(playlist, 'entry')) {
      const [from, to] = [Number(e.attrs.in), Number(e.attrs.out)];
      const target = byId.get(e.attrs.producer!)!;
      const sources = target.name === 'tractor' ? kids(target, 'track').map((t) => ({ id: t.attrs.producer!, in: Number(t.attrs.in) })) : [{ id: e.attrs.producer!, in: 0 }];
      if (target.name === 'tractor') {
        expect(kids(target, 'transition').map((t) => prop(t, 'mlt_service')).sort()).toEqual(['luma', 'mix']);
      }
      for (let k = 0; k <= to - from; k++) {
        const frames = sources.map((s) => ({ media: resourceOf(s.id), frame: s.in + from + k }));
        // Black under a dip is the fade, not a picture of its own.
        const shown = frames.some((x) => x.media !== null) ? frames.filter((x) => x.media !== null) : [{ media: null, frame: 0 }];
        picture[at + k] = shown;
      }
      at += to - from + 1;
    }
    const sort = (fs: Array<{ media: string | null; frame: number }>) => fs.sort((x, y) => String(x.media).localeCompare(String(y.media)));
    expect(picture.map(sort)).toEqual(expectedPicture(cut).map((fs) => sort(fs.map((x) => (x.media === null ? { media: null, frame: 0 } : x)))));
    const kinds = kids(root, 'tractor').map((t) => prop(t, 'shotline:transition')).filter(Boolean);
    expect(kinds).toEqual(['dissolve', 'dip out', 'dip in']);
  });

  it('mixes an extra audio lane in as its own playlist', () => {
    const withLane = parseXml(writeMlt({ ...cut, audioLanes: [{ name: 'Music', clips: [{ name: 'Score', media: 'media/music.wav', mediaFrames: 500, inFrame: 0, outFrame: 100, at: 12 }] }] }));
    const lane = kids(withLane, 'playlist').find((p) => p.attrs.id === 'A1')!;
    expect(lane.children.filter((c) => c.name !== 'property').map((c) => [c.name, c.attrs.length ?? c.attrs.producer])).toEqual([['blank', '12'], ['entry', 'A1-1']]);
    const main = kids(withLane, 'tractor').find((t) => t.attrs.id === 'main')!;
    expect(kids(main, 'track').map((t) => t.attrs.producer)).toEqual(['V1', 'A1']);
    expect(prop(kid(main, 'transition'), 'mlt_service')).toBe('mix');
  });
});
