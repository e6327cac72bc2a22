/**
 * Readers of an exported MP4 that share no code with Shotline's export (which writes through
 * mediabunny): ffmpeg's decoder over every frame, and mp4box.js (GPAC's parser) for the boxes.
 *
 *   expect(await decodeErrors(file)).toBe('');            // ffmpeg -v error -xerror ... -f null -
 *   const movie = await parseWithMp4box(file);            // tracks, sample tables, edit lists
 *   expect(movie.video.samples.length).toBe(frames);
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { createFile, MP4BoxBuffer, type Movie, type Sample, type Track } from 'mp4box';

const run = promisify(execFile);

/**
 * Decodes every frame and every audio packet with ffmpeg, stopping at the first error
 * (`-xerror`): the stderr, which must be empty for a clean file (and the exit status 0).
 */
export async function decodeErrors(file: string): Promise<string> {
  try {
    const { stderr } = await run('ffmpeg', ['-nostdin', '-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { maxBuffer: 1 << 24 });
    return stderr;
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return `exit ${e.code}: ${e.stderr ?? String(error)}`;
  }
}

/** One track as mp4box.js reads it, with its samples in decode order. */
export interface ParsedTrack {
  track: Track;
  samples: Sample[];
  /** Edit list: media time where presentation starts (in the track timescale), 0 without one. */
  mediaTime: number;
  /** Presented seconds: the edit's duration, else the media duration. */
  presentedSeconds: number;
}

export interface ParsedMovie {
  movie: Movie;
  /** Byte offset of the `moov` and `mdat` boxes (fast start: moov first). */
  moovOffset: number;
  mdatOffset: number;
  video: ParsedTrack;
  audio: ParsedTrack;
}

/** Parses the whole file with mp4box.js. Throws when it lacks a video or an audio track. */
export async function parseWithMp4box(file: string): Promise<ParsedMovie> {
  const bytes = await fs.promises.readFile(file);
  const iso = createFile();
  let movie: Movie | null = null;
  let failure: string | null = null;
  iso.onReady = (info) => (movie = info);
  iso.onError = (module, message) => (failure = `${module}: ${message}`);
  const buffer = MP4BoxBuffer.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), 0);
  iso.appendBuffer(buffer, true);
  iso.flush();
  if (failure) throw new Error(`mp4box.js: ${failure}`);
  if (!movie) throw new Error('mp4box.js found no complete moov');
  const m = movie as Movie;
  const boxes = (iso as unknown as { boxes: Array<{ type: string; start: number }> }).boxes;
  const offsetOf = (type: string) => boxes.find((b) => b.type === type)?.start ?? -1;
  const parsed = (track: Track | undefined): ParsedTrack => {
    if (!track) throw new Error('mp4box.js: a track is missing');
    const edit = track.edits?.find((e) => e.media_time >= 0);
    return {
      track,
      samples: iso.getTrackSamplesInfo(track.id),
      mediaTime: edit?.media_time ?? 0,
      presentedSeconds: edit ? edit.segment_duration / m.timescale : track.samples_duration / track.timescale,
    };
  };
  if (m.videoTracks.length !== 1 || m.audioTracks.length !== 1) throw new Error(`mp4box.js: ${m.videoTracks.length} video and ${m.audioTracks.length} audio tracks`);
  return { movie: m, moovOffset: offsetOf('moov'), mdatOffset: offsetOf('mdat'), video: parsed(m.videoTracks[0]), audio: parsed(m.audioTracks[0]) };
}

/**
 * Display frame of every video sample (decode order), from mp4box.js's cts and the edit list:
 * frame n is shown at n frame durations after presentation starts.
 */
export function displayFrames(video: ParsedTrack, fps: number): number[] {
  return video.samples.map((s) => Math.round(((s.cts - video.mediaTime) / s.timescale) * fps));
}
