/**
 * The sound track reaches the editors: a hand-off exported through the export service carries
 * the music bed and a voice-over attached to a shot as their own audio lanes, with the sound
 * files in the folder's media/ and each clip at the record frame the MP4 mix plays it.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioClip, ExportJob } from '../../shared/domain';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';
import { colourClip, houseTake } from '../export/export-fixtures';

const run = promisify(execFile);

/** The parts of an OTIO item the test reads. */
interface OtioItem {
  OTIO_SCHEMA: string;
  name: string;
  source_range: { start_time: { value: number }; duration: { value: number } };
  media_references?: { DEFAULT_MEDIA: { target_url: string } };
}
type FcpAsset = { id: string; name: string; hasAudio?: string; hasVideo?: string; 'media-rep': { src: string } };
let t: TestApp;
let out: string;
let voice: AudioClip;

const upload = (file: string) => ({ name: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') });

async function sine(file: string, hz: number, seconds: number): Promise<string> {
  await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', `sine=f=${hz}:r=48000:d=${seconds}`, '-ac', '2', '-c:a', 'pcm_s16le', file]);
  return file;
}

async function handoff(format: string): Promise<string> {
  const job = ok<ExportJob>(await t.call('export.start', { outPath: path.join(out, `cut.${format}`), format, options: {} }));
  const done = await t.project.exports.wait(job.id);
  if (done.status !== 'done') throw new Error(`${format}: ${done.message}`);
  return done.outputPath;
}

beforeAll(async () => {
  t = makeTestApp();
  out = makeTempDir('handoff sound out');
  const src = makeTempDir('handoff sound src');
  const { store } = await t.app.workspace.create({ parentDir: t.root, name: 'Harbour', size: '320x180', fps: { num: 24, den: 1 } });
  const a = store.shots.add(null, { title: 'Dock', seconds: 2 });
  const b = store.shots.add(a.id, { title: 'Lamp', seconds: 2 });
  for (const [shot, color] of [[a, 'orange'], [b, 'purple']] as const) {
    const take = await houseTake(store.dir, await colourClip(path.join(src, `${color}.mp4`), color, 2, 440), crypto.randomUUID(), shot.id);
    store.takes.insert(take);
    store.shots.update(shot.id, { selectedTakeId: take.id });
  }
  ok<AudioClip>(await t.call('audio.import', { file: upload(await sine(path.join(src, 'Score.wav'), 1500, 3)), track: 'music' }));
  voice = ok<AudioClip>(
    await t.call('audio.import', { file: upload(await sine(path.join(src, 'Line.wav'), 3200, 1)), track: 'voice', placement: { kind: 'shot', shotId: b.id, offsetSeconds: 0.5 } }),
  );
}, 120_000);

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('hand-offs with a sound track', () => {
  it('OTIO: a Voice-over and a Music track, each clip at its record frame, its file in media/', async () => {
    const file = await handoff('otio');
    const otio = JSON.parse(fs.readFileSync(file, 'utf8')) as { tracks: { children: Array<{ name: string; kind: string; children: OtioItem[] }> } };
    const lanes = otio.tracks.children.filter((tr) => tr.kind === 'Audio' && tr.name !== 'A1');
    expect(lanes.map((l) => l.name)).toEqual(['Voice-over', 'Music']);
    const [vo, music] = lanes;
    // The voice is attached to the second shot (frame 48) plus half a second: a 60-frame gap, then 24 frames.
    expect(vo!.children.map((c) => [c.OTIO_SCHEMA, c.source_range.duration.value])).toEqual([['Gap.1', 60], ['Clip.2', 24]]);
    expect(vo!.children[1]!.name).toBe(voice.name);
    expect(music!.children.map((c) => [c.OTIO_SCHEMA, c.source_range.start_time.value, c.source_range.duration.value])).toEqual([['Clip.2', 0, 72]]);
    for (const lane of lanes) {
      const clip = lane.children.find((c) => c.OTIO_SCHEMA === 'Clip.2')!;
      const target = clip.media_references!.DEFAULT_MEDIA.target_url;
      expect(target).toMatch(/^media\//);
      expect(fs.existsSync(path.join(path.dirname(file), target))).toBe(true);
    }
  });

  it('FCPXML: the sound lanes as connected clips under the spine, their assets in media/', async () => {
    const file = await handoff('fcpxml');
    await run('xmllint', ['--noout', file]);
    const xml = fs.readFileSync(file, 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { fcpxml: { resources: { asset: FcpAsset | FcpAsset[] } } };
    const assets = [doc.fcpxml.resources.asset].flat();
    const sounds = assets.filter((x) => x.hasVideo !== '1');
    expect(sounds).toHaveLength(2);
    for (const s of sounds) expect(fs.existsSync(path.join(path.dirname(file), decodeURI(s['media-rep'].src)))).toBe(true);
    // Connected clips sit on negative lanes (below the picture), one lane per sound track.
    const lanes = [...xml.matchAll(/lane="(-\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(lanes)).toEqual(new Set([-1, -2]));
    // Each lane filed under its role: the voice-over as dialogue, the music as music.
    expect([...xml.matchAll(/<asset-clip [^>]*lane="-\d+"[^>]*>/g)].map((m) => /audioRole="(\w+)"/.exec(m[0])![1]).sort()).toEqual(['dialogue', 'music']);
  });
});
