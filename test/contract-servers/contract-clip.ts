/**
 * Real MP4s for the contract servers: H.264 + AAC at the size and duration a job asked for,
 * made with ffmpeg once per (size, seconds) and cached on disk, so several servers and test
 * files share one encode. A low frame rate and the ultrafast preset keep a 1280x720 x 8 s clip
 * under a second of work on two cores.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const FFMPEG = process.env.SHOTLINE_TEST_FFMPEG ?? 'ffmpeg';
const CACHE_DIR = path.join(os.tmpdir(), 'shotline-contract-clips');
const inFlight = new Map<string, Promise<string>>();

/** What a contract server renders: exact pixel size and whole seconds, with a stereo tone. */
export interface ContractClipSpec {
  width: number;
  height: number;
  seconds: number;
  /** Frames per second (default 12: enough for ffprobe checks, cheap to encode). */
  fps?: number;
}

/** Returns the path of a cached MP4 matching `spec`, encoding it on first use. */
export function contractClip(spec: ContractClipSpec): Promise<string> {
  const fps = spec.fps ?? 12;
  const key = `${spec.width}x${spec.height}-${spec.seconds}s-${fps}fps`;
  const existing = inFlight.get(key);
  if (existing) return existing;
  const made = makeClip(key, { ...spec, fps });
  inFlight.set(key, made);
  made.catch(() => inFlight.delete(key));
  return made;
}

async function makeClip(key: string, spec: Required<ContractClipSpec>): Promise<string> {
  const target = path.join(CACHE_DIR, `${key}.mp4`);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Encode beside the target and rename: parallel test files may race for the same clip.
  const temp = path.join(CACHE_DIR, `.${key}.${crypto.randomBytes(4).toString('hex')}.mp4`);
  const { width, height, seconds, fps } = spec;
  try {
    await run(FFMPEG, [
      '-y', '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ac', '2', '-b:a', '64k',
      '-movflags', '+faststart', '-t', String(seconds), temp,
    ]);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new Error(`Could not make the contract clip ${key} with ${FFMPEG}: ${(error as Error).message}`, { cause: error });
  }
  return target;
}
