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
import { readMp4Index, type Mp4Index } from './mp4-index';
import { Mp4WriteError, writeMp4, type Mp4WriteInput, type VideoSampleRef } from './mp4-writer';
import { pieceJob, type PieceSource } from './render-piece';

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
/** Re-encoded pieces run side by side (one per core on the 2-core machines this targets). */
const PARALLEL_PIECES = Math.max(1, Math.min(2, os.availableParallelism()));

/** Quotes a path for an ffconcat `file` line. */
function concatPath(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/**
 * Which step joined the pieces: Shotline's own MP4 writer (`direct`), or ffmpeg's concat demuxer
 * (`ffmpeg`: loudness normalisation, or sources whose codec setups differ).
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

  // 1. Re-encode the pieces (dissolve windows, partial GOPs at trims, dips, slates). Pieces are
  //    short (a second or two), so x264 alone does not keep every core busy: two at a time.
  const pieces = new Map<number, { file: string; index: Mp4Index }>();
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
      pieces.set(i, { file, index: await readMp4Index(file) });
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

  // 2. The picture: every stretch in order for the concat demuxer, copied.
  const lines = ['ffconcat version 1.0'];
  const spans: AudioSpan[] = [];
  for (const [i, item] of plan.items.entries()) {
    const start = item.outStart * spf;
    const end = (item.outStart + item.frames) * spf;
    if (item.kind === 'render') {
      const piece = pieces.get(i)!;
      lines.push(`file ${concatPath(piece.file)}`, `duration ${(item.frames / fps).toFixed(6)}`);
      spans.push({ start, end, file: piece.file, audio: requireAudio(piece.index, piece.file), sourceStart: 0 });
      continue;
    }
    const src = sources[item.shot]!;
    const index = src.index!;
    const video = index.video!;
    const first = (item.from / fps).toFixed(6);
    lines.push(`file ${concatPath(src.file!)}`, `inpoint ${first}`);
    // The concat demuxer stops at the first packet whose *decode* time reaches outpoint. With
    // B-frames the next GOP's keyframe is decoded before the last pictures are shown, so the
    // cut goes half a frame before that keyframe's decode time.
    const next = video.samples.find((s) => s.key && Math.abs(s.pts * fps - item.to) < 0.5);
    if (next) lines.push(`outpoint ${(next.dts - 0.5 / fps).toFixed(6)}`);
    lines.push(`duration ${(item.frames / fps).toFixed(6)}`);
    spans.push({ start, end, file: src.file!, audio: requireAudio(index, src.file!), sourceStart: item.from * spf });
  }
  // 3. Without loudness normalisation, both tracks are copied: Shotline writes the MP4 itself
  //    (index in front, every byte once, no process to start). Sources it cannot join that way
  //    (a different codec setup) go through ffmpeg's concat demuxer instead.
  const direct = directInput(plan, sources, pieces, spans, format.fps, plan.totalFrames * spf);
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
  plan: ExportPlan,
  sources: readonly StitchSource[],
  pieces: ReadonlyMap<number, { file: string; index: Mp4Index }>,
  spans: readonly AudioSpan[],
  rate: FrameRate,
  totalSamples: number,
): Pick<Mp4WriteInput, 'video' | 'audio'> | Refusal {
  const refuse = (refused: string, setup = false): Refusal => ({ refused, setup });
  const fps = rate.num / rate.den;
  const samples: VideoSampleRef[] = [];
  let first: Mp4Index | null = null;
  let firstFile = '';
  for (const [i, item] of plan.items.entries()) {
    const { file, index } = item.kind === 'render' ? pieces.get(i)! : { file: sources[item.shot]!.file!, index: sources[item.shot]!.index! };
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
    const from = item.kind === 'copy' ? item.from : 0;
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
