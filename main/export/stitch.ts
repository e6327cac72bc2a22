/**
 * Runs an export plan: re-encodes the pieces that need it, then joins every piece and copied
 * stretch into one MP4 by copying packets (main/export/mp4-join.ts), with the sound spliced
 * packet by packet (main/export/audio-splice.ts). Loudness normalisation, or sources the copy
 * join refuses, go through ffmpeg's concat demuxer instead (video stream copy; the audio
 * re-encoded for loudness, else the same spliced packets), and the log says why.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HouseFormat } from '../../shared/domain';
import type { ExportPlan } from '../../shared/export-plan';
import { runFfmpeg } from '../media/ffmpeg';
import { houseAudioFilter } from '../media/house-format';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { splicedPackets, writeSplicedAudio, type AudioSpan } from './audio-splice';
import { JoinRefusedError, joinMp4, type JoinInput, type VideoRun } from './mp4-join';
import { pieceJob, type PieceSource } from './render-piece';
import { readTakeIndex, setupKey, type TakeIndex } from './take-index';

/** A plan shot's source, with its index when it is a take. */
export interface StitchSource extends PieceSource {
  index: TakeIndex | null;
}

export interface StitchOptions {
  format: HouseFormat;
  burnIn: boolean;
  loudnorm: boolean;
  fontFile: string;
  /** Temp folder for pieces and lists (the caller removes it). */
  workDir: string;
  signal?: AbortSignal;
  /** Overall 0..1 and seconds left (null while unknown). */
  onProgress?: (progress: number, etaSeconds: number | null) => void;
  /** What was done another way than planned, and why (for the export's log). */
  log?: (message: string) => void;
}

/** Relative effort of each step, in "frames re-encoded" units, for one progress bar. */
const COPY_WEIGHT = 0.02;
const LOUDNORM_WEIGHT = 0.25;
/** Re-encoded pieces run side by side (one per core on the 2-core machines this targets). */
const PARALLEL_PIECES = Math.max(1, Math.min(2, os.availableParallelism()));

/** Quotes a path for an ffconcat `file` line. */
function concatPath(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/**
 * Which step joined the pieces: the packet-copy join (`direct`), or ffmpeg's concat demuxer
 * (`ffmpeg`: loudness normalisation, or sources the copy join refused).
 */
export type Joiner = 'direct' | 'ffmpeg';

/** A take's frames in decode order with their display frame at the house rate. */
function displayFrames(index: TakeIndex, fps: number): number[] {
  return index.video!.frames.map((f) => Math.round(f.pts * fps));
}

/** Writes `output` (an .mp4 path the caller renames later) from `plan`. */
export async function stitch(tools: FfmpegTools, plan: ExportPlan, sources: readonly StitchSource[], output: string, options: StitchOptions): Promise<Joiner> {
  const { format, workDir, signal } = options;
  const fps = format.fps;
  const spf = format.audio.sampleRate / fps;
  const started = Date.now();
  const total = plan.renderFrames + plan.totalFrames * (COPY_WEIGHT + (options.loudnorm ? LOUDNORM_WEIGHT : 0));
  let done = 0;
  const inFlight = new Map<number, number>();
  const report = (stepWeight: number, stepProgress: number) => {
    if (!options.onProgress) return;
    let running = stepWeight * stepProgress;
    for (const w of inFlight.values()) running += w;
    const p = total > 0 ? Math.min(1, (done + running) / total) : 0;
    const elapsed = (Date.now() - started) / 1000;
    options.onProgress(p, p > 0.02 && elapsed > 0.3 ? (elapsed / p) * (1 - p) : null);
  };

  // 1. Re-encode the pieces (dissolve windows, partial GOPs at trims, dips, slates). Pieces are
  //    short (a second or two), so x264 alone does not keep every core busy: two at a time.
  const pieces = new Map<number, { file: string; index: TakeIndex }>();
  const todo = plan.items.flatMap((item, i) => (item.kind === 'render' ? [{ item, i, no: 0 }] : []));
  todo.forEach((t, k) => (t.no = k + 1));
  const failFast = new AbortController();
  const onAbort = () => failFast.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const worker = async () => {
    for (let next = todo.shift(); next; next = todo.shift()) {
      const { item, i, no } = next;
      const file = path.join(workDir, `piece-${no}.mp4`);
      const job = await pieceJob(item, sources, file, { format, burnIn: options.burnIn, workDir, fontFile: options.fontFile }, no);
      await runFfmpeg(tools, {
        ...job,
        signal: failFast.signal,
        onProgress: (p) => {
          inFlight.set(i, item.frames * p.progress);
          report(0, 0);
        },
      });
      inFlight.delete(i);
      done += item.frames;
      pieces.set(i, { file, index: await readTakeIndex(file) });
    }
  };
  try {
    // One failure stops the other piece too, and the first error is the one reported.
    let firstError: { error: unknown } | null = null;
    const workers = Array.from({ length: Math.max(1, Math.min(PARALLEL_PIECES, todo.length)) }, () =>
      worker().catch((error: unknown) => {
        firstError ??= { error };
        failFast.abort();
      }),
    );
    await Promise.all(workers);
    if (firstError) throw (firstError as { error: unknown }).error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  // 2. The sound: which file each stretch of the sequence comes from.
  const spans: AudioSpan[] = plan.items.map((item, i) => {
    const { file, index } = item.kind === 'render' ? pieces.get(i)! : { file: sources[item.shot]!.file!, index: sources[item.shot]!.index! };
    const audio = requireAudio(index, file);
    return {
      start: item.outStart * spf,
      end: (item.outStart + item.frames) * spf,
      file,
      audio: { packets: audio.packets, priming: audio.priming },
      sourceStart: item.kind === 'render' ? 0 : item.from * spf,
    };
  });

  // 3. Without loudness normalisation both tracks are copied, packet by packet, into one MP4.
  //    What the copy join cannot take goes through ffmpeg's concat demuxer instead.
  if (!options.loudnorm) {
    const direct = copyJoinInput(plan, sources, pieces, spans, fps, plan.totalFrames * spf);
    if (typeof direct !== 'string') {
      const muxWeight = plan.totalFrames * COPY_WEIGHT;
      try {
        await joinMp4({ ...direct, signal, onProgress: (p) => report(muxWeight, p) }, output);
        done += muxWeight;
        report(0, 0);
        return 'direct';
      } catch (error) {
        if (!(error instanceof JoinRefusedError) || signal?.aborted) throw error;
        options.log?.(`The packet-copy join refused this sequence (${error.message}); joining with ffmpeg's concat instead.`);
      }
    } else {
      options.log?.(`The packet-copy join cannot take this sequence (${direct}); joining with ffmpeg's concat instead.`);
    }
  }
  await concatJoin(tools, plan, sources, pieces, spans, output, options, report);
  done += plan.totalFrames * (COPY_WEIGHT + (options.loudnorm ? LOUDNORM_WEIGHT : 0));
  report(0, 0);
  return 'ffmpeg';
}

/** The picture through ffmpeg's concat demuxer (copied), the spliced or loudness-normalised sound muxed with it. */
async function concatJoin(
  tools: FfmpegTools,
  plan: ExportPlan,
  sources: readonly StitchSource[],
  pieces: ReadonlyMap<number, { file: string; index: TakeIndex }>,
  spans: readonly AudioSpan[],
  output: string,
  options: StitchOptions,
  report: (stepWeight: number, stepProgress: number) => void,
): Promise<void> {
  const { format, workDir, signal } = options;
  const fps = format.fps;
  const spf = format.audio.sampleRate / fps;
  const lines = ['ffconcat version 1.0'];
  for (const [i, item] of plan.items.entries()) {
    if (item.kind === 'render') {
      lines.push(`file ${concatPath(pieces.get(i)!.file)}`, `duration ${(item.frames / fps).toFixed(6)}`);
      continue;
    }
    const src = sources[item.shot]!;
    const index = src.index!;
    lines.push(`file ${concatPath(src.file!)}`, `inpoint ${(item.from / fps).toFixed(6)}`);
    // The concat demuxer stops at the first packet whose *decode* time reaches outpoint. With
    // B-frames the next GOP's keyframe is decoded before the last pictures are shown, so the
    // cut goes half a frame before that keyframe's decode time. Decode times are frame k less
    // the B-frame delay (as ffmpeg's muxer shifts them), in a constant-rate take.
    const frames = displayFrames(index, fps);
    let delay = 0;
    frames.forEach((f, k) => (delay = Math.max(delay, k - f)));
    const next = frames.findIndex((f, k) => index.video!.frames[k]!.key && f === item.to);
    if (next >= 0) lines.push(`outpoint ${((next - delay - 0.5) / fps).toFixed(6)}`);
    lines.push(`duration ${(item.frames / fps).toFixed(6)}`);
  }
  const list = path.join(workDir, 'video.ffconcat');
  await fs.writeFile(list, `${lines.join('\n')}\n`, 'utf8');

  // The sound: packets spliced end to end (no re-encode).
  const audio = path.join(workDir, 'audio.aac');
  const first = spans[0]!;
  const firstIndex = plan.items[0]!.kind === 'render' ? pieces.get(0)!.index : sources[(plan.items[0] as { shot: number }).shot]!.index!;
  await writeSplicedAudio(spans, plan.totalFrames * spf, audio, requireAudio(firstIndex, first.file).description, format.audio.sampleRate);

  // Mux (copy both; loudness normalisation re-encodes the audio only).
  const audioArgs = options.loudnorm
    ? ['-af', `loudnorm=I=-16:TP=-1.5:LRA=11,aresample=${format.audio.sampleRate},${houseAudioFilter(format)}`, '-c:a', 'aac', '-b:a', '192k', '-ar', String(format.audio.sampleRate)]
    : ['-c:a', 'copy'];
  const muxWeight = plan.totalFrames * (COPY_WEIGHT + (options.loudnorm ? LOUDNORM_WEIGHT : 0));
  await runFfmpeg(tools, {
    inputs: [
      { source: list, options: ['-f', 'concat', '-safe', '0'] },
      { source: audio, options: ['-f', 'aac'] },
    ],
    outputOptions: [
      // Keep the demuxers' timestamps: the takes' audio priming would otherwise shift the
      // picture 21 ms later than the spliced sound.
      '-copyts',
      '-map', '0:v:0',
      '-map', '1:a:0',
      '-c:v', 'copy',
      ...audioArgs,
      '-movflags', '+faststart',
      '-map_metadata', '-1',
      '-f', 'mp4',
    ],
    output,
    durationSeconds: plan.totalFrames / fps,
    signal,
    onProgress: (p) => report(muxWeight, p.progress),
  });
}

function requireAudio(index: TakeIndex, file: string): NonNullable<TakeIndex['audio']> {
  if (!index.audio) throw new Error(`${path.basename(file)} has no AAC audio track, though takes are normalised with one. Re-import the take.`);
  return index.audio;
}

/**
 * What the copy join writes for the whole sequence, or why it cannot: codec setups differ, or a
 * stretch is not one run of frames starting on a keyframe.
 */
function copyJoinInput(
  plan: ExportPlan,
  sources: readonly StitchSource[],
  pieces: ReadonlyMap<number, { file: string; index: TakeIndex }>,
  spans: readonly AudioSpan[],
  fps: number,
  totalSamples: number,
): Omit<JoinInput, 'signal' | 'onProgress'> | string {
  const runs: VideoRun[] = [];
  let first: TakeIndex | null = null;
  const sourcePriming = new Map<string, number>();
  for (const [i, item] of plan.items.entries()) {
    const { file, index } = item.kind === 'render' ? pieces.get(i)! : { file: sources[item.shot]!.file!, index: sources[item.shot]!.index! };
    const v = index.video;
    const a = index.audio;
    if (!v || !a) return `${path.basename(file)} lacks ${v ? 'an audio' : 'a video'} track`;
    first ??= index;
    const fv = first.video!;
    const fa = first.audio!;
    if (setupKey(v.codec, v.description) !== setupKey(fv.codec, fv.description)) return `${path.basename(file)} has another video codec setup than ${path.basename(first.file)}`;
    if (setupKey(a.codec, a.description) !== setupKey(fa.codec, fa.description) || a.sampleRate !== fa.sampleRate) {
      return `${path.basename(file)} has another audio codec setup than ${path.basename(first.file)}`;
    }
    sourcePriming.set(file, a.priming);
    const from = item.kind === 'copy' ? item.from : 0;
    const to = from + item.frames;
    // The stretch's frames, in decode order; they must be one run starting on a keyframe.
    const shown = displayFrames(index, fps);
    let start = -1;
    const frames: number[] = [];
    for (const [k, frame] of shown.entries()) {
      if (frame < from || frame >= to) continue;
      if (start < 0) {
        if (!v.frames[k]!.key) return `a stretch of ${path.basename(file)} does not start on a keyframe`;
        start = k;
      } else if (k !== start + frames.length) return `a stretch of ${path.basename(file)} is not one run of frames`;
      frames.push(item.outStart + frame - from);
    }
    if (frames.length !== item.frames) return `${path.basename(file)} holds ${frames.length} of the ${item.frames} frames planned from it`;
    runs.push({ file, firstPts: v.frames[start]!.pts, frames });
  }
  if (!first) return 'there is nothing to join';
  const audio = splicedPackets(spans, totalSamples);
  const fv = first.video!;
  const fa = first.audio!;
  return {
    rate: { num: fps, den: 1 },
    video: { codec: fv.codec, width: fv.width, height: fv.height, description: fv.description, runs },
    audio: {
      codec: fa.codec,
      sampleRate: fa.sampleRate,
      channels: fa.channels,
      description: fa.description,
      packetSamples: fa.packetSamples,
      priming: audio.priming,
      packets: audio.packets,
      sourcePriming,
    },
  };
}
