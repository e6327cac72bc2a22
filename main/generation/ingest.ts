/**
 * Turning a downloaded file into a take's files. The queue calls one function; the full ingest
 * (probe, normalise to the house format, poster, filmstrip) is main/media/ingest-take.ts. This
 * fallback only probes the file with ffprobe, so the queue works (and refuses broken files)
 * before or without the full ingest.
 */
import { execFile } from 'node:child_process';
import type { HouseFormat, TakeFiles } from '../../shared/domain';

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

/** Probes the file: it must have a video stream and a positive duration. */
export const probeOnlyIngest: IngestTake = (input) =>
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
