/**
 * The OTIO writer and reader (shared/interchange/otio.ts) at 24, 25, 23.976 and 29.97 fps:
 * every schema object has the fields its OpenTimelineIO schema requires (from the OTIO
 * serialisation: each class's fields as `otio.schema.*` writes them), times are RationalTime.1
 * on whole frames at the project's rate, the Video track plays the cut frame by frame (read
 * here from the OTIO's own source ranges and transition offsets), and reading the file back
 * gives the cut that was written.
 */
import { describe, expect, it } from 'vitest';
import { readOtio, writeOtio } from '../../shared/interchange/otio';
import { A, B, C, RATES, expectedPicture, sampleCut } from './interchange-fixtures';

type Json = Record<string, unknown>;

/** The fields each schema version has in OTIO's JSON (OpenTimelineIO 0.15-0.17). */
const REQUIRED: Record<string, string[]> = {
  'Timeline.1': ['name', 'metadata', 'global_start_time', 'tracks'],
  'Stack.1': ['name', 'metadata', 'source_range', 'effects', 'markers', 'enabled', 'children'],
  'Track.1': ['name', 'metadata', 'source_range', 'effects', 'markers', 'enabled', 'children', 'kind'],
  'Clip.2': ['name', 'metadata', 'source_range', 'effects', 'markers', 'enabled', 'media_references', 'active_media_reference_key'],
  'Gap.1': ['name', 'metadata', 'source_range', 'effects', 'markers', 'enabled'],
  'Transition.1': ['name', 'metadata', 'transition_type', 'in_offset', 'out_offset'],
  'ExternalReference.1': ['name', 'metadata', 'available_range', 'available_image_bounds', 'target_url'],
  'Marker.2': ['name', 'metadata', 'color', 'marked_range', 'comment'],
  'TimeRange.1': ['start_time', 'duration'],
  'RationalTime.1': ['rate', 'value'],
};

/** Every object with an OTIO_SCHEMA, depth first. */
function schemaObjects(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((v) => schemaObjects(v, out));
  else if (value && typeof value === 'object') {
    if ('OTIO_SCHEMA' in value) out.push(value as Json);
    Object.values(value).forEach((v) => schemaObjects(v, out));
  }
  return out;
}

describe.each(RATES)('OTIO at $label fps', ({ rate }) => {
  const cut = sampleCut(rate);
  const text = writeOtio(cut);
  const doc = JSON.parse(text) as Json;
  const fps = rate.num / rate.den;

  it('gives every schema object the fields its schema requires, times on whole frames at the rate', () => {
    const objects = schemaObjects(doc);
    const schemas = new Set(objects.map((o) => o.OTIO_SCHEMA as string));
    expect([...schemas].sort()).toEqual(['Clip.2', 'ExternalReference.1', 'Gap.1', 'Marker.2', 'RationalTime.1', 'Stack.1', 'TimeRange.1', 'Timeline.1', 'Track.1', 'Transition.1']);
    for (const o of objects) {
      const required = REQUIRED[o.OTIO_SCHEMA as string]!;
      for (const field of required) expect(o, `${String(o.OTIO_SCHEMA)}.${field}`).toHaveProperty(field);
      if (o.OTIO_SCHEMA === 'RationalTime.1') {
        expect(o.rate).toBe(fps);
        expect(Number.isInteger(o.value)).toBe(true);
      }
      if (o.OTIO_SCHEMA === 'Clip.2') expect((o.media_references as Json)[o.active_media_reference_key as string]).toBeDefined();
      if (o.OTIO_SCHEMA === 'Track.1') expect(['Video', 'Audio']).toContain(o.kind);
    }
    expect(doc.metadata).toHaveProperty('shotline');
  });

  it('plays the cut frame for frame on the Video track, with relative target URLs', () => {
    const [video, audio] = ((doc.tracks as Json).children as Json[]) as [Json, Json];
    expect([video.kind, audio.kind]).toEqual(['Video', 'Audio']);
    const items = video.children as Json[];
    const v = (t: unknown) => (t as { value: number }).value;
    const range = (item: Json) => item.source_range as { start_time: unknown; duration: unknown };
    const picture: Array<Array<{ media: string | null; frame: number }>> = [];
    let at = 0;
    const starts = new Map<Json, number>();
    for (const item of items) {
      if (item.OTIO_SCHEMA === 'Transition.1') continue;
      starts.set(item, at);
      at += v(range(item).duration);
    }
    const mediaOf = (item: Json) => (item.OTIO_SCHEMA === 'Gap.1' ? null : String(((item.media_references as Json).DEFAULT_MEDIA as Json).target_url));
    const show = (item: Json, r: number) => (picture[r] ??= []).push({ media: mediaOf(item), frame: mediaOf(item) === null ? 0 : v(range(item).start_time) + (r - starts.get(item)!) });
    for (const [item, start] of starts) for (let r = start; r < start + v(range(item).duration); r++) show(item, r);
    items.forEach((t, k) => {
      if (t.OTIO_SCHEMA !== 'Transition.1' || t.transition_type !== 'SMPTE_Dissolve') return;
      const [left, right] = [items[k - 1]!, items[k + 1]!];
      const edit = starts.get(right)!;
      for (let r = edit - v(t.in_offset); r < edit; r++) show(right, r);
      for (let r = edit; r < edit + v(t.out_offset); r++) show(left, r);
    });
    const sort = (fs: Array<{ media: string | null; frame: number }>) => fs.sort((x, y) => String(x.media).localeCompare(String(y.media)));
    expect(picture.map(sort)).toEqual(expectedPicture(cut).map((fs) => sort(fs.map((x) => (x.media === null ? { media: null, frame: 0 } : x)))));
    const urls = items.filter((i) => i.OTIO_SCHEMA === 'Clip.2').map(mediaOf);
    expect(urls).toEqual([A, B, A, C]);
    // The dip is a custom transition; the sound track has gaps where a take has none.
    expect(items.filter((i) => i.OTIO_SCHEMA === 'Transition.1').map((t) => t.transition_type)).toEqual(['SMPTE_Dissolve', 'Custom_Transition']);
    expect((audio.children as Json[]).map((i) => i.OTIO_SCHEMA)).toEqual(['Clip.2', 'Transition.1', 'Clip.2', 'Clip.2', 'Gap.1', 'Gap.1']);
    const markers = items.flatMap((i) => (i.markers as Json[] | undefined) ?? []);
    expect(markers.map((m) => m.name)).toEqual(cut.shots.map((s) => `Shot ${s.label}: ${s.title}`));
    expect(markers.map((m) => m.comment)).toEqual(cut.shots.map((s) => s.prompt));
  });

  it('reads back into the cut it was written from', () => {
    expect(readOtio(text)).toEqual(cut);
  });
});
