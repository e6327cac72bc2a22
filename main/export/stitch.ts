/**
 * Runs an export plan: re-encodes the pieces that need it, then joins every piece and copied
 * stretch into one MP4 by copying their frames and AAC packets (main/export/mp4-writer.ts),
 * the sound spliced packet by packet (main/export/audio-splice.ts). Loudness normalisation,
 * and anything the copy join refuses, go through ffmpeg's concat demuxer instead (video stream
 * copy; the audio re-encoded for loudness, else the same spliced packets); the log says why.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HouseFormat } from '../../shared/domain';
import type { ExportPlan } from '../../shared/export-plan';
import { fpsOf, type FrameRate } from '../../shared/frame-rate';
import { runFfmpeg } from '../media/ffmpeg';
import { houseAudioFilter, houseVideoTimescale } from '../media/house-format';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { splicedPackets, writeSplicedAudio, type AudioSpan } from './audio-splice';
import { readMp4Index, type Mp4Index } from '../media/mp4-index';
import { Mp4WriteError, writeMp4, type Mp4WriteInput, type VideoSampleRef } from './mp4-writer';
import { piecesJob, type PieceSource } from './render-piece';

/** A plan shot's source, with its index when it is a take. */
export interface StitchSource extends PieceSource {
  index: Mp4Index | null;
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
  /** What was done another way than planned, and why (the export's log). */
  log?: (message: string) => void;
}

/** Relative effort of each step, in "frames re-encoded" units, for one progress bar. */
const COPY_WEIGHT = 0.02;
const LOUDNORM_WEIGHT = 0.25;
/**
 * Pieces are re-encoded a few to a process (render-piece.ts piecesJob), two processes side by
 * side: one process per window spends most of its time starting, probing its inputs and warming
 * up and draining x264; one process for every window keeps a decoder per input alive to the end
 * (about 60-80 MB each at 720p), so a long sequence of dissolves would need gigabytes.
 */
const PIECES_PER_PROCESS = 4;
const PARALLEL_PROCESSES = Math.max(1, Math.min(2, os.availableParallelism()));

/** Frames of one file the sequence copies: a take, or a batch file of re-encoded pieces. */
interface Stretch {
  file: string;
  index: Mp4Index;
  /** First frame (display order) in the file. */
  from: number;
}

/** Splits `list` into runs of consecutive entries, at most `size` each, as even in length as can be. */
function batchesOf<T>(list: readonly T[], size: number): T[][] {
  const count = Math.ceil(list.length / size);
  return Array.from({ length: count }, (_, b) => list.slice(Math.floor((b * list.length) / count), Math.floor(((b + 1) * list.length) / count)));
}

/** Quotes a path for an ffconcat `file` line. */
function concatPath(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/**
 * Which step joined the pieces: Shotline's own MP4 writer (`direct`), or ffmpeg's concat demuxer
 * (`ffmpeg`: loudness normalisation, or sequences the writer refuses).
 */
export type Joiner = 'direct' | 'ffmpeg';

/** Writes `output` (an .mp4 path the caller renames later) from `plan`. */
export async function stitch(tools: FfmpegTools, plan: ExportPlan, sources: readonly StitchSource[], output: string, options: StitchOptions): Promise<Joiner> {
  const { format, workDir, signal } = options;
  const fps = fpsOf(format.fps);
  // Audio samples a frame: not a whole number at the 1001 rates (1601.6 at 29.97); spans of the
  // splice are compared, never counted, so fractions are fine (audio-splice.ts).
  const spf = (format.audio.sampleRate * format.fps.den) / format.fps.num;
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

  // 1. Re-encode the pieces (dissolve windows, partial GOPs at trims, dips, slates), all of them
  //    in as few ffmpeg processes as there are batches (render-piece.ts piecesJob), each
  //    batch's pieces back to back in one file from which the joiner copies them out.
  const pieces = new Map<number, Stretch>();
  const renders = plan.items.flatMap((item, i) => (item.kind === 'render' ? [{ item, i }] : []));
  const batches = batchesOf(renders, PIECES_PER_PROCESS);
  const failFast = new AbortController();
  const onAbort = () => failFast.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let pieceNo = 1;
  const jobs = batches.map((batch, b) => {
    const first = pieceNo;
    pieceNo += batch.length;
    return { batch, b, first, frames: batch.reduce((n, r) => n + r.item.frames, 0) };
  });
  const renderBatch = async ({ batch, b, first, frames }: (typeof jobs)[number]) => {
    const file = path.join(workDir, `pieces-${b + 1}.mp4`);
    const job = await piecesJob(batch.map((r) => r.item), sources, file, { format, burnIn: options.burnIn, workDir, fontFile: options.fontFile }, first);
    await runFfmpeg(tools, {
      ...job,
      signal: failFast.signal,
      onProgress: (p) => {
        inFlight.set(b, frames * p.progress);
        report(0, 0);
      },
    });
    inFlight.delete(b);
    done += frames;
    const index = await readMp4Index(file);
    let offset = 0;
    for (const { item, i } of batch) {
      pieces.set(i, { file, index, from: offset });
      offset += item.frames;
    }
  };
  try {
    // One failure stops the other batches too, and the first error is the one reported.
    let firstError: { error: unknown } | null = null;
    const queue = [...jobs];
    const worker = async () => {
      for (let job = queue.shift(); job && !failFast.signal.aborted; job = queue.shift()) await renderBatch(job);
    };
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_PROCESSES, jobs.length) }, () =>
        worker().catch((error: unknown) => {
          firstError ??= { error };
          failFast.abort();
        }),
      ),
    );
    if (firstError) throw (firstError as { error: unknown }).error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  /** Where item i's frames come from: a take, or a batch file of pieces. */
  const stretchOf = (i: number): Stretch => {
    const item = plan.items[i]!;
    if (item.kind === 'render') return pieces.get(i)!;
    const src = sources[item.shot]!;
    return { file: src.file!, index: src.index!, from: item.from };
  };

  // 2. The picture: every stretch in order for the concat demuxer, copied (used when the copy
  //    join cannot be), and the sound: which file each stretch of the sequence comes from.
  const lines = ['ffconcat version 1.0'];
  const spans: AudioSpan[] = [];
  for (const [i, item] of plan.items.entries()) {
    const { file, index, from } = stretchOf(i);
    const video = index.video!;
    lines.push(`file ${concatPath(file)}`, `inpoint ${(from / fps).toFixed(6)}`);
    // The concat demuxer stops at the first packet whose *decode* time reaches outpoint. With
    // B-frames the next GOP's keyframe is decoded before the last pictures are shown, so the
    // cut goes half a frame before that keyframe's decode time.
    const next = video.samples.find((s) => s.key && Math.abs(s.pts * fps - (from + item.frames)) < 0.5);
    if (next) lines.push(`outpoint ${(next.dts - 0.5 / fps).toFixed(6)}`);
    lines.push(`duration ${(item.frames / fps).toFixed(6)}`);
    spans.push({ start: item.outStart * spf, end: (item.outStart + item.frames) * spf, file, audio: requireAudio(index, file), sourceStart: from * spf });
  }
  // 3. Without loudness normalisation, both tracks are copied: Shotline writes the MP4 itself
  //    (index in front, every byte once, no process to start). Sources it cannot join that way
  //    (a different codec setup) go through ffmpeg's concat demuxer instead.
  const direct = directInput(plan.items.map((item, i) => ({ ...stretchOf(i), outStart: item.outStart, frames: item.frames })), spans, format.fps, plan.totalFrames * spf);
  // Frames of two decoder setups cannot share one track, whoever joins them (ffmpeg's concat
  // would keep the first setup and garble the rest): the caller re-encodes the whole sequence.
  if ('refused' in direct && direct.setup) throw new CodecSetupMismatch(direct.refused);
  if (!options.loudnorm) {
    if ('refused' in direct) {
      options.log?.(`Joining with ffmpeg's concat instead of copying directly: ${direct.refused}.`);
    } else {
      const muxWeight = plan.totalFrames * COPY_WEIGHT;
      try {
        await writeMp4({ ...direct, rate: format.fps, signal, onProgress: (p) => report(muxWeight, p) }, output);
        done += muxWeight;
        report(0, 0);
        return 'direct';
      } catch (error) {
        // Refused before anything useful was written: ffmpeg's concat takes over (it truncates the file).
        if (!(error instanceof Mp4WriteError) || signal?.aborted) throw error;
        options.log?.(`Joining with ffmpeg's concat instead of copying directly: ${error.message}.`);
      }
    }
  }

  const list = path.join(workDir, 'video.ffconcat');
  await fs.writeFile(list, `${lines.join('\n')}\n`, 'utf8');

  // The sound: packets spliced end to end (no re-encode).
  const audio = path.join(workDir, 'audio.aac');
  writeSplicedAudio(spans, plan.totalFrames * spf, audio);

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
  done += muxWeight;
  report(0, 0);
  return 'ffmpeg';
}

function requireAudio(index: Mp4Index, file: string): NonNullable<Mp4Index['audio']> {
  if (!index.audio) throw new Error(`${path.basename(file)} has no AAC audio track, though takes are normalised with one. Re-import the take.`);
  return index.audio;
}

/**
 * The re-encoded pieces and the copied takes do not share one decoder setup (takes normalised
 * by another ffmpeg build or an older house format): nothing can be copied next to them.
 */
export class CodecSetupMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecSetupMismatch';
  }
}

type Refusal = { refused: string; setup: boolean };

/**
 * The samples to copy for the whole sequence, or why the sources cannot be joined by a plain
 * copy (codec setups differ, or a stretch is not one run of frames from a keyframe). Time bases
 * may differ: the writer times every frame afresh from its position.
 */
function directInput(
  stretches: ReadonlyArray<Stretch & { outStart: number; frames: number }>,
  spans: readonly AudioSpan[],
  rate: FrameRate,
  totalSamples: number,
): Pick<Mp4WriteInput, 'video' | 'audio'> | Refusal {
  const refuse = (refused: string, setup = false): Refusal => ({ refused, setup });
  const fps = rate.num / rate.den;
  const samples: VideoSampleRef[] = [];
  let first: Mp4Index | null = null;
  let firstFile = '';
  for (const item of stretches) {
    const { file, index } = item;
    const v = index.video;
    const a = index.audio;
    const name = path.basename(file);
    if (!v || !a) return refuse(`${name} lacks ${v ? 'an audio' : 'a video'} track`);
    if (!first) {
      first = index;
      firstFile = file;
    }
    const fv = first.video!;
    const fa = first.audio!;
    if (!v.codec.equals(fv.codec)) return refuse(`${name} has another video codec setup than ${path.basename(firstFile)}`, true);
    if (!a.config.equals(fa.config) || a.timescale !== fa.timescale) return refuse(`${name} has another audio setup than ${path.basename(firstFile)}`, true);
    const from = item.from;
    const to = from + item.frames;
    // The stretch's frames, in decode order; they must be one run starting on a keyframe.
    let run = -1;
    let count = 0;
    for (const [k, s] of v.samples.entries()) {
      const frame = Math.round(s.pts * fps);
      if (frame < from || frame >= to) continue;
      if (count === 0) {
        if (!s.key) return refuse(`a stretch of ${name} does not start on a keyframe`);
        run = k;
      } else if (k !== run + count) return refuse(`a stretch of ${name} is not one run of frames in decode order`);
      samples.push({ file, offset: s.offset, size: s.size, key: s.key, frame: item.outStart + frame - from });
      count++;
    }
    if (count !== item.frames) return refuse(`${name} holds ${count} of the ${item.frames} frames planned from it`);
  }
  if (!first) return refuse('there is nothing to join');
  const audio = splicedPackets(spans, totalSamples);
  return {
    video: { timescale: houseVideoTimescale(rate), width: first.video!.width, height: first.video!.height, stsd: first.video!.stsd, samples },
    audio: { timescale: first.audio!.timescale, stsd: first.audio!.stsd, packets: audio.packets, priming: audio.priming },
  };
}
