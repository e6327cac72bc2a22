/**
 * `shotline export --format edl` on a real project (three 1 s animatic takes at 29.97, a trim
 * and a dissolve), read back by a small CMX3600 reader written here from the layout (event,
 * reel, track, transition, duration, four timecodes), not by the writer's code: the events,
 * drop-frame timecode, and record durations that add up to the sequence's frames.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { animaticProject, harbourShots, shotline } from '../helpers/cli-project';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);


/** Timecode to frames at 29.97 drop-frame: labels ;00 and ;01 are skipped each minute but every tenth. */
function dropFrames(tc: string): number {
  const m = /^(\d\d):(\d\d):(\d\d);(\d\d)$/.exec(tc);
  if (!m) throw new Error(`not a drop-frame timecode: ${tc}`);
  const [h, mm, s, f] = m.slice(1).map(Number) as [number, number, number, number];
  const minutes = h * 60 + mm;
  return (minutes * 60 + s) * 30 + f - 2 * (minutes - Math.floor(minutes / 10));
}

interface EdlLine {
  event: number;
  reel: string;
  track: string;
  kind: string;
  duration: number;
  src: [number, number];
  rec: [number, number];
}

/** Reads a CMX3600 list: header fields, event lines and the comments after them. */
function readEdl(text: string) {
  const header: Record<string, string> = {};
  const lines: EdlLine[] = [];
  const comments: string[] = [];
  const TC = '(\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d)';
  const EVENT = new RegExp(`^(\\d{3})  (.{8}) (.{5}) (.{4}) (.{3}) ${TC} ${TC} ${TC} ${TC}$`);
  for (const raw of text.split('\n')) {
    if (raw.includes('\r')) throw new Error('CR in an EDL line');
    const head = /^(TITLE|FCM): (.*)$/.exec(raw);
    const event = EVENT.exec(raw);
    if (head) header[head[1]!] = head[2]!;
    else if (event) {
      const [num, reel, track, kind, dur, si, so, ri, ro] = event.slice(1) as string[];
      lines.push({ event: Number(num), reel: reel!.trim(), track: track!.trim(), kind: kind!.trim(), duration: dur!.trim() ? Number(dur) : 0, src: [dropFrames(si!), dropFrames(so!)], rec: [dropFrames(ri!), dropFrames(ro!)] });
    } else if (raw.startsWith('* ')) comments.push(raw.slice(2));
    else if (raw.trim() !== '') throw new Error(`not a CMX3600 line: "${raw}"`);
  }
  return { header, lines, comments };
}

let work: string;
let project: string;

beforeAll(async () => {
  work = makeTempDir('edl cli');
  project = await animaticProject(work, { name: 'Harbour EDL', size: '640x360', fps: 29.97, shots: harbourShots() }, ['--fps', '29.97']);
  const store = await ProjectStore.open(project);
  const first = store.shots.list()[0]!;
  store.shots.update(first.id, { trimIn: 0.2 });
  store.close();
}, 120_000);

describe('shotline export --format edl', () => {
  it('writes a CMX3600 list whose events cover the sequence frame for frame', async () => {
    const file = path.join(work, 'film.edl');
    const run = await shotline(['export', project, '--format', 'edl', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    // A hand-off folder: film/film.edl and the takes in film/media/.
    const folder = path.join(work, 'film');
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(folder).sort()).toEqual(['film.edl', 'media']);
    const edl = readEdl(fs.readFileSync(path.join(folder, 'film.edl'), 'utf8'));
    expect(edl.header).toEqual({ TITLE: expect.any(String), FCM: 'DROP FRAME' });

    // Three events; the third is a dissolve: two lines, the first at zero length.
    const numbers = [...new Set(edl.lines.map((l) => l.event))];
    expect(numbers).toEqual([1, 2, 3]);
    expect(edl.lines.map((l) => `${l.event} ${l.kind} ${l.duration}`)).toEqual(['1 C 0', '2 C 0', '3 C 0', '3 D 15']);
    const [one, two, outgoing, incoming] = edl.lines as [EdlLine, EdlLine, EdlLine, EdlLine];
    expect(outgoing.rec[1] - outgoing.rec[0]).toBe(0);
    expect(outgoing.reel).toBe(two.reel);
    expect(outgoing.src[0]).toBe(two.src[1]);
    // The trim of 0.2 s is 6 frames of source; every take has sound.
    expect(one.src[0]).toBe(6);
    expect(edl.lines.every((l) => l.track === 'AA/V' && /^[0-9A-F]{8}$/.test(l.reel))).toBe(true);
    expect(new Set(edl.lines.map((l) => l.reel)).size).toBe(3);

    // Record side: from 01:00:00;00, each event starting where the last ended.
    const byEvent = numbers.map((n) => edl.lines.filter((l) => l.event === n));
    const spans = byEvent.map((ls) => [ls[0]!.rec[0], ls[ls.length - 1]!.rec[1]] as const);
    expect(spans[0]![0]).toBe(dropFrames('01:00:00;00'));
    spans.slice(1).forEach((s, i) => expect(s[0]).toBe(spans[i]![1]));
    // 24 + 30 + 30 frames less the 15 the dissolve overlaps.
    expect(spans.reduce((sum, [a, b]) => sum + (b - a), 0)).toBe(24 + 30 + 30 - 15);
    // Each source range is as long as its record range.
    for (const l of edl.lines) expect(l.src[1] - l.src[0]).toBe(l.rec[1] - l.rec[0]);
    expect(incoming.src).toEqual([0, 30]);

    // Clip names are the takes' files in the folder, relative to it; the shots are named.
    const clips = edl.comments.filter((c) => c.startsWith('FROM CLIP NAME: ') || c.startsWith('TO CLIP NAME: ')).map((c) => c.replace(/^\w+ CLIP NAME: /, ''));
    expect(clips).toHaveLength(4);
    for (const clip of clips) {
      expect(clip).toMatch(/^media\/001[ABC]_[A-Za-z-]+_take1\.mp4$/);
      expect(fs.existsSync(path.join(folder, clip)), clip).toBe(true);
    }
    expect(fs.readdirSync(path.join(folder, 'media')).sort()).toEqual(['001A_Harbour-at-dawn_take1.mp4', '001B_Gulls_take1.mp4', '001C_The-beam_take1.mp4']);
    expect(edl.comments.filter((c) => c.startsWith('SHOT: '))).toEqual(['SHOT: 1A Harbour at dawn', 'SHOT: 1B Gulls', 'SHOT: 1C The beam']);
    expect(run.stdout).toMatch(/film/);
  });
});
