/**
 * Turning a downloaded file into a take's files. The queue calls one function; the full ingest
 * (probe, normalise to the house format, poster, filmstrip) is main/media/ingest-take.ts. This
 * fallback only probes the file, so the queue works (and refuses broken files) before or
 * without the full ingest: an MP4 (what the services send) from its own index, without
 * starting a process; anything else with ffprobe.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { HouseFormat, TakeFiles } from '../../shared/domain';
import { readMp4Index } from '../media/mp4-index';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { ingestTake } from '../media/ingest-take';

/** What the queue hands to ingest. Paths are relative to the project folder. */
export interface IngestInput {
  projectDir: string;
  /** The file exactly as downloaded, e.g. `media/takes/<job>/original.mp4`. */
  original: string;
  /** Folder (relative) where derived files go. */
  outDir: string;
  format: HouseFormat;
  signal?: AbortSignal;
}

export interface IngestOutput {
  durationSeconds: number | null;
  files: Partial<Omit<TakeFiles, 'original'>>;
}

export type IngestTake = (input: IngestInput) => Promise<IngestOutput>;

/** Full ingest (main/media/ingest-take.ts): probe, normalise to the house format, poster, filmstrip. */
export function ffmpegIngest(tools: () => FfmpegTools): IngestTake {
  return async (input) => {
    const result = await ingestTake(tools(), {
      projectDir: input.projectDir,
      source: path.join(input.projectDir, ...input.original.split('/')),
      outDir: input.outDir,
      format: input.format,
      original: 'in-place',
      signal: input.signal,
    });
    return { durationSeconds: result.durationSeconds, files: result.files };
  };
}

/** Probes the file: it must have a video stream and a positive duration. */
export const probeOnlyIngest: IngestTake = async (input) => {
  const index = await readMp4Index(path.resolve(input.projectDir, input.original)).catch(() => null);
  const video = index?.video;
  if (index && video && video.samples.length && video.duration > 0) {
    // Complete: every frame's bytes are in the file (a cut-off file goes to ffprobe's verdict).
    const end = video.samples.reduce((max, s) => Math.max(max, s.offset + s.size), 0);
    if (end <= index.size) return { durationSeconds: video.duration, files: {} };
  }
  return ffprobeOnly(input);
};

const ffprobeOnly: IngestTake = (input) =>
  new Promise((resolve, reject) => {
    execFile(
      process.env.FFPROBE_PATH ?? 'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', input.original],
      { cwd: input.projectDir, signal: input.signal, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`The downloaded clip cannot be read (${(stderr || error.message).trim().slice(0, 300)}).`));
        try {
          const data = JSON.parse(stdout) as { format?: { duration?: string }; streams?: Array<{ codec_type?: string }> };
          const duration = Number(data.format?.duration);
          if (!data.streams?.some((s) => s.codec_type === 'video') || !(duration > 0)) {
            return reject(new Error('The downloaded clip has no playable video. Generate the shot again.'));
          }
          resolve({ durationSeconds: duration, files: {} });
        } catch (parseError) {
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
        }
      },
    );
  });
