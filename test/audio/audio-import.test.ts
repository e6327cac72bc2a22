/**
 * Sound files arriving in a project, through the real door (audio.import) with the real
 * ffmpeg: WAV, MP3, FLAC and AAC (ADTS and M4A) made here are normalised to AAC 48 kHz stereo in
 * media/audio; a broken file, a text file named .wav and a video are refused with a message
 * and leave nothing. And the offline temp voice, spoken by the real espeak-ng.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioClip } from '../../shared/domain';
import { spokenLines } from '../../main/media/temp-voice';
import { cleanupTempDirs, makeClip, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok, type TestApp } from '../helpers/test-app';

const run = promisify(execFile);
let t: TestApp;
let src: string;

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

beforeAll(async () => {
  t = makeTestApp();
  await t.app.workspace.create({ name: 'Imports', parentDir: t.root });
  src = makeTempDir('audio sources');
});

/** A 1.5 s tone in the format the extension (and codec args) say. */
async function tone(name: string, codecArgs: string[], rate = 44100, channels = 1): Promise<string> {
  const file = path.join(src, name);
  await run('ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=500:sample_rate=${rate}:duration=1.5`, '-ac', String(channels), ...codecArgs, file]);
  return file;
}

const upload = (file: string, name = path.basename(file)) => ({ name, dataBase64: fs.readFileSync(file).toString('base64') });
const audioFiles = () => (fs.existsSync(t.store.resolve('media/audio')) ? fs.readdirSync(t.store.resolve('media/audio')) : []);

async function probe(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,sample_rate,channels:format=duration,format_name', '-of', 'json', file]);
  return JSON.parse(stdout) as { streams: Array<Record<string, string | number>>; format: { duration: string; format_name: string } };
}

describe('audio.import', () => {
  it.each([
    ['tone.wav', ['-c:a', 'pcm_s16le']],
    ['tone.mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
    ['tone.flac', ['-c:a', 'flac']],
    ['tone.aac', ['-c:a', 'aac', '-f', 'adts']],
    ['tone.m4a', ['-c:a', 'aac']],
  ])('normalises %s to AAC 48 kHz stereo in media/audio, with its duration', async (name, args) => {
    const file = await tone(name, args as string[]);
    const clip = ok<AudioClip>(await t.call('audio.import', { file: upload(file), track: 'music' }));
    expect(clip).toMatchObject({ track: 'music', name: 'tone', placement: { kind: 'sequence', startSeconds: 0 }, inSeconds: 0, temp: false });
    expect(clip.file).toBe(`media/audio/${clip.id}.m4a`);
    expect(clip.durationSeconds).toBeGreaterThan(1.45);
    expect(clip.durationSeconds).toBeLessThan(1.6);
    expect(clip.outSeconds).toBe(clip.durationSeconds);
    const out = await probe(t.store.resolve(clip.file));
    expect(out.format.format_name).toMatch(/mp4/);
    expect(out.streams).toEqual([expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 })]);
    expect(t.store.audio.get(clip.id)).toEqual(clip);
  });

  it('checks the content, not the name: an MP3 named .wav is taken, a text file named .wav is not', async () => {
    const mp3 = await tone('really-mp3.mp3', ['-c:a', 'libmp3lame']);
    const clip = ok<AudioClip>(await t.call('audio.import', { file: upload(mp3, 'named-wrong.wav'), track: 'voice' }));
    expect(clip.track).toBe('voice');
    const before = audioFiles();
    const text = await t.call('audio.import', { file: { name: 'notes.wav', dataBase64: Buffer.from('these are not sounds').toString('base64') }, track: 'music' });
    expect(text.ok).toBe(false);
    expect(text.error!.message).toMatch(/"notes\.wav" is not a sound file Shotline can read .*WAV, MP3, AAC\/M4A or FLAC/);
    expect(audioFiles()).toEqual(before);
  });

  it('refuses a broken file and a video, leaving nothing behind', async () => {
    // A FLAC cut in half: its header still claims 1.5 s; and random bytes named .mp3.
    const flac = await tone('whole.flac', ['-c:a', 'flac']);
    const broken = path.join(src, 'broken.flac');
    const bytes = fs.readFileSync(flac);
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const noise = path.join(src, 'noise.mp3');
    fs.writeFileSync(noise, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const video = await makeClip(path.join(src, 'clip.mp4'), { seconds: 1 });
    const before = audioFiles();
    const clipsBefore = t.store.audio.list();
    const a = await t.call('audio.import', { file: upload(broken), track: 'music' });
    expect(a.ok).toBe(false);
    expect(a.error!.message).toMatch(/"broken\.flac" is incomplete: it claims 1\.50 s/);
    const c = await t.call('audio.import', { file: upload(noise), track: 'music' });
    expect(c.ok).toBe(false);
    expect(c.error!.message).toMatch(/"noise\.mp3" is not a sound file Shotline can read/);
    const b = await t.call('audio.import', { file: upload(video), track: 'music' });
    expect(b.ok).toBe(false);
    expect(b.error!.message).toMatch(/"clip\.mp4" is a video, not a sound file/);
    expect(audioFiles()).toEqual(before);
    expect(fs.readdirSync(t.store.resolve('media/audio')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(t.store.audio.list()).toEqual(clipsBefore);
  });
});

describe('temp voice (espeak-ng)', () => {
  it('takes the words out of dialogue lines', () => {
    expect(spokenLines("MARA: It's still turning.\nTom (V.O.): (quietly) Then we wait\n\n(beat)")).toEqual(["It's still turning.", 'Then we wait']);
  });

  it("speaks a shot's dialogue into a TEMP voice-over clip attached to the shot", async () => {
    const shot = t.store.shots.add(undefined, { title: 'Lamp room', dialogue: "Mara: It's still turning.\nTom: Then we wait for dawn." });
    const clip = ok<AudioClip>(await t.call('audio.tempVoice', { shotId: shot.id }));
    expect(clip).toMatchObject({ track: 'voice', temp: true, placement: { kind: 'shot', shotId: shot.id, offsetSeconds: 0 } });
    expect(clip.name).toMatch(/^TEMP VO: \d+ Lamp room$/);
    // Two short sentences spoken: a second or more, well under ten.
    expect(clip.durationSeconds).toBeGreaterThan(1);
    expect(clip.durationSeconds).toBeLessThan(10);
    // It holds speech, not silence.
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', t.store.resolve(clip.file), '-af', 'astats=measure_perchannel=none', '-f', 'null', '-']);
    const rms = Number(/RMS level dB:\s*(-?[\d.]+)/.exec(stderr)![1]);
    expect(rms).toBeGreaterThan(-40);
  });

  it('refuses a shot without dialogue, and says how to install espeak-ng when it is missing', async () => {
    const quiet = t.store.shots.add(undefined, { title: 'Silent' });
    const none = await t.call('audio.tempVoice', { shotId: quiet.id });
    expect(none.error?.message).toMatch(/no dialogue to speak/);
    const talking = t.store.shots.add(undefined, { title: 'Talk', dialogue: 'A: Hello.' });
    const before = t.store.audio.list().length;
    process.env.SHOTLINE_ESPEAK_NG = path.join(src, 'no-espeak-here');
    try {
      const missing = await t.call('audio.tempVoice', { shotId: talking.id });
      expect(missing.error?.code).toBe('unavailable');
      expect(missing.error?.message).toMatch(/needs espeak-ng.*apt install espeak-ng/);
    } finally {
      delete process.env.SHOTLINE_ESPEAK_NG;
    }
    expect(t.store.audio.list()).toHaveLength(before);
  });
});
