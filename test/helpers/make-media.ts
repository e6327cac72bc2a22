/**
 * Test media, made on the spot with the real ffmpeg and sharp (no binary fixtures in git).
 *
 *   const dir = makeTempDir('ingest');                       // removed by cleanupTempDirs()
 *   await makeClip(path.join(dir, 'a.mp4'), { width: 320, height: 240, fps: 25, seconds: 1 });
 *   await makeClip(path.join(dir, 'b.webm'), { codec: 'vp9', audio: false, colors: ['red', 'blue'] });
 *   await truncateFile(src, dest, 0.5);                      // a cut-off download
 *   await makeImage(path.join(dir, 'ref.png'), { width: 64, height: 48, color: '#ff0000' });
 *   writeOversizedPngHeader(path.join(dir, 'huge.png'), 30000, 30000);
 *
 * Every function writes to the path it is given and returns that path. Clips are small and
 * fast (ultrafast presets, tiny sizes by default) so suites stay quick on two cores.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** ffmpeg used by the helpers (the system one; tests of the locator build their own layouts). */
export const TEST_FFMPEG = process.env.SHOTLINE_TEST_FFMPEG ?? 'ffmpeg';
export const TEST_FFPROBE = process.env.SHOTLINE_TEST_FFPROBE ?? 'ffprobe';

/** Video codecs the helpers can write; the container follows the file extension. */
export type TestCodec = 'h264' | 'mpeg4' | 'vp9';

export interface ClipOptions {
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  /**
   * Solid colours shown one after another, splitting the duration evenly (ffmpeg colour names
   * or `0xRRGGBB`). Default: the `testsrc2` pattern, which moves (useful for motion checks).
   */
  colors?: string[];
  /** Add a 440 Hz stereo tone (default true). */
  audio?: boolean;
  /** Audio sample rate when audio is on (default 44100, so ingest has something to convert). */
  sampleRate?: number;
  /** Video codec (default h264). Use `.mkv` or `.webm` for vp9, `.mp4`/`.mkv`/`.avi` for mpeg4. */
  codec?: TestCodec;
}

const CODEC_ARGS: Record<TestCodec, string[]> = {
  h264: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
  mpeg4: ['-c:v', 'mpeg4', '-q:v', '5'],
  vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k'],
};

/** Makes a clip: a pattern or solid colours, with or without audio, in the codec asked for. */
export async function makeClip(file: string, options: ClipOptions = {}): Promise<string> {
  const { width = 160, height = 120, fps = 24, seconds = 1, audio = true, sampleRate = 44100, codec = 'h264' } = options;
  const size = `${width}x${height}`;
  const args = ['-y', '-hide_banner', '-loglevel', 'error'];
  const colors = options.colors ?? [];
  if (colors.length === 0) {
    args.push('-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${seconds}`);
  } else {
    const each = seconds / colors.length;
    for (const c of colors) args.push('-f', 'lavfi', '-i', `color=c=${c}:size=${size}:rate=${fps}:duration=${each}`);
  }
  if (audio) {
    args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRate}:duration=${seconds}`);
  }
  const filters: string[] = [];
  if (colors.length > 1) {
    filters.push(`${colors.map((_, i) => `[${i}:v]`).join('')}concat=n=${colors.length}:v=1:a=0[v]`);
  }
  if (filters.length) args.push('-filter_complex', filters.join(';'), '-map', '[v]');
  else args.push('-map', '0:v');
  if (audio) {
    const audioIndex = Math.max(colors.length, 1);
    args.push('-map', `${audioIndex}:a`, '-ac', '2', '-c:a', codec === 'vp9' ? 'libopus' : 'aac');
  }
  args.push(...CODEC_ARGS[codec], '-r', String(fps), '-t', String(seconds), file);
  await run(TEST_FFMPEG, args);
  return file;
}

/** Copies the first `fraction` of `source` to `dest`: a download cut short. */
export async function truncateFile(source: string, dest: string, fraction = 0.5): Promise<string> {
  const bytes = await fs.promises.readFile(source);
  await fs.promises.writeFile(dest, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return dest;
}

export interface ImageOptions {
  width?: number;
  height?: number;
  /** CSS-style colour, e.g. `#ff0000`. */
  color?: string;
  /** Encoded format; independent of the file name, so a `.png` can hold a JPEG. */
  format?: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff';
  /** EXIF orientation tag to write (1-8), for auto-rotate tests. */
  orientation?: number;
}

/** Writes a solid-colour image in the format asked for (whatever the extension says). */
export async function makeImage(file: string, options: ImageOptions = {}): Promise<string> {
  const { width = 64, height = 48, color = '#3366cc', format = 'png' } = options;
  let pipeline = sharp({ create: { width, height, channels: 3, background: color } });
  if (options.orientation) pipeline = pipeline.withMetadata({ orientation: options.orientation });
  await pipeline.toFormat(format).toFile(file);
  return file;
}

/** Writes a tiny split image: left half one colour, right half another (for fit checks). */
export async function makeSplitImage(file: string, width: number, height: number, left: string, right: string): Promise<string> {
  const half = Math.floor(width / 2);
  const rightPart = await sharp({ create: { width: width - half, height, channels: 3, background: right } }).png().toBuffer();
  await sharp({ create: { width, height, channels: 3, background: left } })
    .composite([{ input: rightPart, left: half, top: 0 }])
    .png()
    .toFile(file);
  return file;
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Writes a PNG whose header claims `width` x `height` but holds almost no pixel data: a
 * "decompression bomb" made in microseconds instead of a real 900 MP image.
 */
export function writeOversizedPngHeader(file: string, width: number, height: number): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
  fs.writeFileSync(file, Buffer.concat([signature, pngChunk('IHDR', ihdr), idat, pngChunk('IEND', Buffer.alloc(0))]));
  return file;
}

const tempDirs: string[] = [];

/**
 * A fresh temp folder whose name holds a space and non-ASCII characters (as user folders do),
 * e.g. `/tmp/shotline ingest Été-Øre-aBc123`. Remove them all with `cleanupTempDirs()`.
 */
export function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shotline ${label} Été-Øre-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder made by `makeTempDir` in this test file. */
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Mean RGB of an image file's pixels (0-255 each), for colour checks on frames. */
export async function meanColor(file: string): Promise<[number, number, number]> {
  const stats = await sharp(file).stats();
  const [r, g, b] = stats.channels;
  return [r?.mean ?? 0, g?.mean ?? 0, b?.mean ?? 0];
}
