/**
 * Ingest: what happens once to every take that arrives (a provider download or a clip the
 * user brings in). The file is probed (and refused with a message if it is not a usable
 * video), kept as the original, normalised once to the project's house format, and given a
 * poster frame and a filmstrip. Generation takes minutes, so this costs nothing the user feels,
 * and it makes export a stream copy.
 *
 * Nothing is left half-made: every output is written to a temp name and renamed, and a failure
 * removes what this ingest made. A user's own file is copied in, never moved or deleted; a
 * provider download that already sits in the take folder is kept where it is.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HouseFormat, TakeFiles } from '../../shared/domain';
import { fpsOf } from '../../shared/frame-rate';
import { framesToSeconds } from '../../shared/timecode';
import { UserError, invalid } from '../errors';
import { relativeInProject, resolveInProject } from '../store/project-folder';
import { produceAtomically, removeQuietly } from './atomic-file';
import { FfmpegError, probeFile, runFfmpeg, type FfmpegInput } from './ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';
import { houseAudioFilter, houseEncodeArgs, houseVideoFilter, silentAudioSource } from './house-format';
import { probeVideo, type VideoInfo } from './probe-video';

/** Thumbnails in a filmstrip, and the width of each. */
export const FILMSTRIP_FRAMES = 8;
export const FILMSTRIP_THUMB_WIDTH = 160;
/** Poster frames are at most this wide (enough for a shot card, small on disk). */
export const POSTER_MAX_WIDTH = 640;

export interface IngestTakeOptions {
  projectDir: string;
  /** Absolute path of the arriving file. */
  source: string;
  /** Folder for the take's files, relative to the project, e.g. `media/takes/<id>`. */
  outDir: string;
  format: HouseFormat;
  /**
   * `in-place`: the source already is the take's original inside the project (a provider
   * download): it stays where it is. `copy`: the user's file is copied into `outDir`.
   */
  original: 'in-place' | 'copy';
  /** Name shown in messages (default: the source's file name). */
  label?: string;
  signal?: AbortSignal;
  /** 0..1 over the whole ingest. */
  onProgress?: (progress: number) => void;
}

export interface IngestResult {
  /** Duration of the normalised take in seconds (whole frames at the house fps). */
  durationSeconds: number;
  files: TakeFiles;
  /** What the source was, as probed. */
  source: VideoInfo;
}

/** Frames the normalised take holds: the source duration in whole house frames. */
export function houseFrameCount(duration: number, fps: number): number {
  return Math.max(1, Math.round(duration * fps));
}

/** Wraps ffmpeg failures (not cancellations) into messages a person can act on. */
function explain(error: unknown, label: string, step: string): unknown {
  if (error instanceof FfmpegError && !error.cancelled) {
    return invalid(`"${label}" could not be ${step} (${error.reason}). The file may be damaged: fetch or export it again.`);
  }
  if (error instanceof FfmpegError && error.cancelled) return new UserError('conflict', `Preparing "${label}" was cancelled.`);
  return error;
}

/** Probes, keeps the original, normalises, and makes the poster and filmstrip. */
export async function ingestTake(tools: FfmpegTools, options: IngestTakeOptions): Promise<IngestResult> {
  const { projectDir, source, format, signal } = options;
  const label = options.label ?? path.basename(source);
  const report = (p: number) => options.onProgress?.(Math.min(1, Math.max(0, p)));
  const info = await probeVideo(tools, source, label);

  const outAbs = resolveInProject(projectDir, options.outDir);
  const dirExisted = await fs.stat(outAbs).then(() => true, () => false);
  await fs.mkdir(outAbs, { recursive: true });
  const made: string[] = [];
  try {
    let originalAbs = source;
    if (options.original === 'copy') {
      const ext = path.extname(source).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.mp4';
      originalAbs = path.join(outAbs, `original${ext}`);
      await produceAtomically(originalAbs, (temp) => fs.copyFile(source, temp));
      made.push(originalAbs);
    } else {
      relativeInProject(projectDir, source); // throws if the "in-place" original is outside the project
    }

    const frames = houseFrameCount(info.duration, fpsOf(format.fps));
    const seconds = framesToSeconds(frames, format.fps);
    const normalised = path.join(outAbs, 'normalised.mp4');
    await produceAtomically(normalised, async (temp) => {
      await normalise(tools, originalAbs, temp, info, format, frames, signal, (p) => report(p * 0.85)).catch((e: unknown) => {
        throw explain(e, label, 'converted to the project format');
      });
      await checkComplete(tools, temp, frames, label, info.duration);
    });
    made.push(normalised);

    const poster = path.join(outAbs, 'poster.jpg');
    await produceAtomically(poster, (temp) => writePoster(tools, normalised, temp, seconds, signal)).catch((e: unknown) => {
      throw explain(e, label, 'given a poster frame');
    });
    made.push(poster);
    report(0.92);

    const filmstrip = path.join(outAbs, 'filmstrip.jpg');
    await produceAtomically(filmstrip, (temp) => writeFilmstrip(tools, normalised, temp, seconds, signal)).catch((e: unknown) => {
      throw explain(e, label, 'given a filmstrip');
    });
    made.push(filmstrip);
    report(1);

    return {
      durationSeconds: seconds,
      source: info,
      files: {
        original: relativeInProject(projectDir, originalAbs),
        normalised: relativeInProject(projectDir, normalised),
        poster: relativeInProject(projectDir, poster),
        filmstrip: relativeInProject(projectDir, filmstrip),
      },
    };
  } catch (error) {
    for (const file of made) await removeQuietly(file);
    if (!dirExisted) await fs.rmdir(outAbs).catch(() => {});
    throw error;
  }
}

async function normalise(
  tools: FfmpegTools,
  input: string,
  output: string,
  info: VideoInfo,
  format: HouseFormat,
  frames: number,
  signal: AbortSignal | undefined,
  onProgress: (p: number) => void,
): Promise<void> {
  const seconds = framesToSeconds(frames, format.fps);
  const inputs: FfmpegInput[] = [{ source: input }];
  // Audio is padded or cut to exactly the video's length, so audio and video stay in step
  // across every join of the exported sequence.
  let audio: string;
  if (info.hasAudio) {
    audio = `[0:a:0]${houseAudioFilter(format)},apad=whole_dur=${seconds},atrim=end=${seconds},asetpts=PTS-STARTPTS[a]`;
  } else {
    inputs.push({ source: silentAudioSource(format), options: ['-f', 'lavfi'] });
    audio = `[1:a]atrim=end=${seconds},asetpts=PTS-STARTPTS[a]`;
  }
  await runFfmpeg(tools, {
    inputs,
    outputOptions: [
      // trim in the graph, not -frames:v: an output frame limit would stop the muxer before
      // the last audio packets are written.
      '-filter_complex', `[0:v:0]${houseVideoFilter(format)},trim=end_frame=${frames}[v];${audio}`,
      '-map', '[v]',
      '-map', '[a]',
      ...houseEncodeArgs(format),
      '-f', 'mp4',
    ],
    output,
    durationSeconds: seconds,
    onProgress: (p) => onProgress(p.progress),
    signal,
  });
}

/**
 * A download cut short can still probe fine (its index says 8 s) while holding 3 s of
 * pictures. Counting the frames that came out catches it.
 */
async function checkComplete(tools: FfmpegTools, file: string, expected: number, label: string, claimed: number): Promise<void> {
  const probe = await probeFile(tools, file);
  const video = probe.streams.find((s) => s.type === 'video');
  const got = video?.frames ?? 0;
  const slack = Math.max(2, Math.ceil(expected * 0.03));
  if (got < expected - slack) {
    const fps = expected / claimed;
    throw invalid(
      `"${label}" is incomplete: it claims ${claimed.toFixed(2)} s but only ${(got / fps).toFixed(2)} s of pictures could be read. The file was cut short: download or export it again.`,
    );
  }
}

function writePoster(tools: FfmpegTools, video: string, output: string, seconds: number, signal?: AbortSignal) {
  // A third in: past fades from black at the start, still inside short clips.
  const at = Math.max(0, Math.min(seconds / 3, seconds - 0.05));
  return runFfmpeg(tools, {
    inputs: [{ source: video, options: ['-ss', at.toFixed(3)] }],
    outputOptions: ['-frames:v', '1', '-vf', `scale='min(${POSTER_MAX_WIDTH},iw)':-2`, '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg'],
    output,
    signal,
  });
}

function writeFilmstrip(tools: FfmpegTools, video: string, output: string, seconds: number, signal?: AbortSignal) {
  const n = FILMSTRIP_FRAMES;
  return runFfmpeg(tools, {
    inputs: [{ source: video }],
    outputOptions: [
      '-vf', `fps=${n}/${seconds.toFixed(6)},scale=${FILMSTRIP_THUMB_WIDTH}:-2,tile=${n}x1`,
      '-frames:v', '1',
      '-q:v', '4',
      '-f', 'image2',
      '-c:v', 'mjpeg',
    ],
    output,
    signal,
  });
}

/**
 * The queue's ingest step (main/generation/ingest.ts `IngestTake`): the downloaded original
 * stays where it is, derived files go beside it.
 */
export function createTakeIngest(
  getTools: () => FfmpegTools,
): (input: { projectDir: string; original: string; outDir: string; format: HouseFormat; signal?: AbortSignal }) => Promise<{
  durationSeconds: number | null;
  files: Partial<Omit<TakeFiles, 'original'>>;
}> {
  return async (input) => {
    const result = await ingestTake(getTools(), {
      projectDir: input.projectDir,
      source: resolveInProject(input.projectDir, input.original),
      outDir: input.outDir,
      format: input.format,
      original: 'in-place',
      signal: input.signal,
    });
    const { normalised, poster, filmstrip } = result.files;
    return { durationSeconds: result.durationSeconds, files: { normalised, poster, filmstrip } };
  };
}
