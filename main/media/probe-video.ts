/**
 * Checks that a file is a video Shotline can use, before anything is copied or encoded.
 * Every refusal is a UserError naming the file and what to do; the file itself is never
 * touched.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { invalid } from '../errors';
import { FfmpegError, probeFile, type ProbeResult, type ProbeStream } from './ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';

/** What ingest needs to know about a video. */
export interface VideoInfo {
  /** Duration in seconds (the video stream's, else the container's). */
  duration: number;
  width: number;
  height: number;
  /** Frames per second (rounded to 3 decimals). */
  fps: number;
  videoCodec: string;
  hasAudio: boolean;
  probe: ProbeResult;
}

/**
 * Probes `file` and refuses: a missing or zero-length file, data ffprobe cannot read (wrong
 * container, text, a download cut before its index), no video stream, no duration.
 */
export async function probeVideo(tools: FfmpegTools, file: string, label = path.basename(file)): Promise<VideoInfo> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw invalid(`"${label}" does not exist or is not a file. Choose the clip again.`);
  if (stat.size === 0) throw invalid(`"${label}" is empty (0 bytes): the download or copy did not finish. Fetch the clip again.`);

  let probe: ProbeResult;
  try {
    probe = await probeFile(tools, file);
  } catch (error) {
    const reason = error instanceof FfmpegError ? error.reason : String(error);
    const cut = /moov atom not found|end of file|truncat|partial file/i.test(reason) && (await looksLikeMediaContainer(file));
    throw invalid(
      cut
        ? `"${label}" is incomplete (${reason}): the file was cut short. Download or export it again.`
        : `"${label}" is not a video Shotline can read (${reason}). Use an MP4, MOV, MKV or WebM clip.`,
    );
  }
  const video = probe.streams.find((s): s is ProbeStream & { width: number; height: number } =>
    s.type === 'video' && !s.attachedPicture && (s.width ?? 0) > 0 && (s.height ?? 0) > 0,
  );
  if (!video) throw invalid(`"${label}" has no video stream (${describeStreams(probe)}). Choose a video clip.`);
  const duration = video.duration && video.duration > 0 ? video.duration : probe.duration;
  if (!(duration > 0)) throw invalid(`"${label}" has no duration: the file is damaged or still being written. Try again once it is complete.`);
  return {
    duration,
    width: video.width,
    height: video.height,
    fps: Math.round((video.fps ?? 0) * 1000) / 1000,
    videoCodec: video.codec,
    hasAudio: probe.streams.some((s) => s.type === 'audio'),
    probe,
  };
}

/**
 * True when the file starts like a real container (ISO-BMFF box, Matroska/WebM, AVI, MPEG-TS),
 * so "moov atom not found" means a cut-off file rather than a text file named `.mp4`.
 */
async function looksLikeMediaContainer(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    const box = head.toString('latin1', 4, 8);
    if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(box)) return true;
    if (head.readUInt32BE(0) === 0x1a45dfa3) return true; // EBML: Matroska / WebM
    if (head.toString('latin1', 0, 4) === 'RIFF') return true;
    return head[0] === 0x47; // MPEG-TS sync byte
  } finally {
    await handle.close();
  }
}

function describeStreams(probe: ProbeResult): string {
  if (!probe.streams.length) return 'no streams at all';
  return probe.streams.map((s) => (s.attachedPicture ? 'cover picture' : `${s.type} ${s.codec}`)).join(', ');
}
