/**
 * Takes for the export tests, made with the real ffmpeg and normalised with the real ingest
 * (house format 320x180 @ 24 fps). Each clip's left half is a solid colour (which shot a frame
 * belongs to), its right half a moving pattern (so bit-identity of copied frames means
 * something), and its sound a sine of its own frequency. `lumaClip` encodes the frame number
 * in the picture's brightness, for frame-exact trim checks.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { newShot, newTake } from '../../shared/defaults';
import type { HouseFormat, Shot, Take } from '../../shared/domain';
import type { SequenceInput } from '../../main/export/export-sequence';
import type { FfmpegTools } from '../../main/media/ffmpeg-locator';
import { ingestTake } from '../../main/media/ingest-take';

const run = promisify(execFile);

export const tools: FfmpegTools = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' };
export const FORMAT: HouseFormat = { width: 320, height: 180, fps: { num: 24, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };
export const FONT = path.resolve('assets/fonts/DejaVuSans.ttf');

/** A coloured, patterned, toned source clip (44.1 kHz, 30 fps, so ingest converts it). */
export async function colourClip(file: string, color: string, seconds: number, frequency: number): Promise<string> {
  await run('ffmpeg', [
    '-y', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc2=s=320x180:r=30:d=${seconds},drawbox=x=0:y=0:w=160:h=180:color=${color}:t=fill`,
    // Sound runs past the picture and is cut with it, so the take has tone to its last frame.
    '-f', 'lavfi', '-i', `sine=f=${frequency}:r=44100:d=${seconds + 1}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-t', String(seconds), file,
  ]);
  return file;
}

/** A clip whose brightness rises by 4 every frame (at 24 fps), silent. */
export async function lumaClip(file: string, frames: number): Promise<string> {
  await run('ffmpeg', [
    '-y', '-v', 'error',
    '-f', 'lavfi', '-i', `nullsrc=s=320x180:r=24:d=${frames / 24},geq=lum='4*N+10':cb=128:cr=128`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', file,
  ]);
  return file;
}

/** What `sourceClip` makes. */
export interface SourceClipOptions {
  width?: number;
  height?: number;
  /** Frame rate as ffmpeg takes it (`30`, `24000/1001`). */
  fps: number | string;
  seconds: number;
  /** Sample rate of a tone, or null for a clip without sound. */
  sampleRate: number | null;
  /** Encode with B-frames (x264 veryfast, 3 B-frames) rather than ultrafast's none. */
  bframes?: boolean;
  /** Hue turn in degrees, so clips look different. */
  hue?: number;
}

/** A moving-pattern source clip in H.264 (+ AAC tone), as a provider or a user might bring one. */
export async function sourceClip(file: string, o: SourceClipOptions): Promise<string> {
  const size = `${o.width ?? 320}x${o.height ?? 180}`;
  const args = ['-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${o.fps}:d=${o.seconds},hue=h=${o.hue ?? 0}`];
  if (o.sampleRate !== null) args.push('-f', 'lavfi', '-i', `sine=f=500:r=${o.sampleRate}:d=${o.seconds}`, '-c:a', 'aac', '-ac', '2');
  args.push('-c:v', 'libx264', ...(o.bframes ? ['-preset', 'veryfast', '-bf', '3'] : ['-preset', 'ultrafast']), '-pix_fmt', 'yuv420p', '-t', String(o.seconds), file);
  await run('ffmpeg', args);
  return file;
}

/** Normalises `source` into `projectDir/media/takes/<name>` and returns a ready Take. */
export async function houseTake(projectDir: string, source: string, name: string, shotId = name): Promise<Take> {
  return houseTakeIn(projectDir, source, name, FORMAT, shotId);
}

/** `houseTake` for another house format. */
export async function houseTakeIn(projectDir: string, source: string, name: string, format: HouseFormat, shotId = name): Promise<Take> {
  const result = await ingestTake(tools, { projectDir, source, outDir: `media/takes/${name}`, format, original: 'copy' });
  return newTake({
    id: name,
    shotId,
    request: { provider: 'test', model: 'test', prompt: '', seconds: result.durationSeconds, size: `${format.width}x${format.height}`, fps: format.fps },
    requestHash: name,
    durationSeconds: result.durationSeconds,
    files: result.files,
    now: new Date().toISOString(),
  });
}

/** A shot record for `take` (or none). */
export function shotFor(take: Take | null, fields: Partial<Shot> = {}): Shot {
  const project = { defaultProvider: 'animatic', defaultModel: 'animatic', format: FORMAT };
  return newShot(project, { id: take?.shotId ?? `shot-${Math.random()}`, orderKey: 'a0', now: new Date().toISOString(), sceneId: 'scene-1', number: '' }, {
    title: `Shot ${take?.id ?? 'missing'}`,
    seconds: take?.durationSeconds ?? 1,
    selectedTakeId: take?.id ?? null,
    ...fields,
  });
}

/** A SequenceInput over plain objects (the service builds the same from the store). */
export function sequenceOf(projectDir: string, shots: Shot[], takes: Take[]): SequenceInput {
  return {
    format: FORMAT,
    shots,
    takeOf: (shot) => takes.find((t) => t.id === shot.selectedTakeId) ?? null,
    resolve: (rel) => path.join(projectDir, ...rel.split('/')),
  };
}

/** Frames in the file's video stream, decoded. */
export async function frameCount(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

/** Mean [R, G, B] of the left half of each requested frame (in the order asked). */
export async function leftColours(file: string, frames: number[]): Promise<Array<[number, number, number]>> {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const select = sorted.map((n) => `eq(n\\,${n})`).join('+');
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select='${select}',crop=140:160:10:10,scale=1:1:flags=area`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i + 2 < stdout.length; i += 3) out.push([stdout[i]!, stdout[i + 1]!, stdout[i + 2]!]);
  return frames.map((n) => out[sorted.indexOf(n)]!);
}

/** Mean luma of each requested frame (in the order asked). */
export async function lumas(file: string, frames: number[]): Promise<number[]> {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const select = sorted.map((n) => `eq(n\\,${n})`).join('+');
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select='${select}',scale=1:1:flags=area`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { encoding: 'buffer' });
  return frames.map((n) => stdout[sorted.indexOf(n)]!);
}

/** framemd5 hashes of decoded frames [from, to) of the video stream. */
export async function frameHashes(file: string, from: number, to: number): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-vf', `select='between(n\\,${from}\\,${to - 1})'`, '-fps_mode', 'passthrough', '-f', 'framemd5', '-'], { maxBuffer: 1 << 24 });
  return stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()!.trim());
}

/** The decoded audio as mono 16-bit samples at 48 kHz. */
export async function audioSamples(file: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 1 << 26 });
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
}

/** RMS of samples [from, to). */
export function rms(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Pitch of a pure tone in samples [from, to) at 48 kHz, from its zero crossings. */
export function toneHz(samples: Int16Array, from: number, to: number): number {
  let crossings = 0;
  for (let i = from + 1; i < to; i++) if ((samples[i - 1]! < 0) !== (samples[i]! < 0)) crossings++;
  return (crossings / 2) * (48000 / (to - from));
}

/** Files in a folder (names), for "nothing left behind" checks. */
export function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
