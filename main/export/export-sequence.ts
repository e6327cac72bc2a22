/**
 * One export of the open project's sequence, from the shots in order to a verified MP4:
 *
 * 1. Gather (gather-cut.ts): each shot's selected take (its normalised file), trims, transition.
 *    Shots without a ready take are reported by number before anything starts (or filled with
 *    black slates). Every take file is indexed, so a deleted or truncated take is refused up front.
 * 2. Check the free space of the output's disk against an estimate from the inputs.
 * 3. Plan (shared/export-plan.ts) and stitch (main/export/stitch.ts) into `<name>.partial.mp4`,
 *    with temp pieces in a hidden folder beside it.
 * 4. Verify the written file (main/export/verify-output.ts: read back by mediabunny and by
 *    ffprobe, side by side), then rename.
 *
 * Whatever happens (failure, cancel), the partial file and the temp folder are removed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HouseFormat, Shot, Take, Transition } from '../../shared/domain';
import { planExport, type ExportPlan, type PlanShotInput } from '../../shared/export-plan';
import { fpsOf } from '../../shared/frame-rate';
import { UserError, invalid } from '../errors';
import { FfmpegError } from '../media/ffmpeg';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { requireFeature } from '../media/ffmpeg-self-test';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import type { Mp4Index } from '../media/mp4-index';
import { gatherCut } from './gather-cut';
import { CodecSetupMismatch, stitch, type Joiner, type StitchSource } from './stitch';
import { verifyOutput } from './verify-output';

/** What to export and how. */
export interface SequenceExportOptions {
  /** Absolute path of the .mp4 to write. */
  outPath: string;
  /** Replaces every shot's own transition. */
  transition?: Transition;
  burnIn?: boolean;
  loudnorm?: boolean;
  /** Black slates with the shot's title for shots without a ready take. */
  fillMissing?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: number, etaSeconds: number | null) => void;
}

/** The shot data export reads, whoever stores it. */
export interface SequenceInput {
  format: HouseFormat;
  shots: readonly Shot[];
  /** The shot's selected take, or null. */
  takeOf(shot: Shot): Take | null;
  /** Absolute path of a project-relative media path. */
  resolve(relative: string): string;
  /** The shot's takes, oldest first (names hand-off media `..._take2.mp4`); optional. */
  takesOf?(shot: Shot): readonly Take[];
  /**
   * Sound beside the takes' own (voice-over, music) for the hand-off formats, placed against
   * the record frame where each shot starts (by shot id); optional.
   */
  audioLanes?(shotStartFrames: ReadonlyMap<string, number>): readonly SequenceAudioLane[];
}

/** One lane of extra sound, placed in frames at the project's rate. */
export interface SequenceAudioLane {
  /** e.g. "Voice-over", "Music". */
  name: string;
  /** What an editor files it as (absent: dialogue). */
  role?: 'dialogue' | 'music' | 'effects';
  clips: ReadonlyArray<{
    name: string;
    /** Project-relative path of the sound file. */
    file: string;
    /** Frames the file lasts, and the part used (first frame, frame after the last). */
    mediaFrames: number;
    inFrame: number;
    outFrame: number;
    /** Record frame where it starts. */
    at: number;
  }>;
}

export interface SequenceExportEnvironment {
  tools: FfmpegTools;
  fontFile: string;
  /** The latest ffmpeg self-test, checked before any work (null: not checked yet). */
  selfTest?: FfmpegSelfTestReport | null;
  /** Free bytes on the disk holding `dir` (tests pass a small number to simulate a full disk). */
  freeBytes?: (dir: string) => Promise<number>;
  /** Lines for the export's log: what was done another way than planned, and why. */
  log?: (message: string) => void;
}

export interface SequenceExportResult {
  outPath: string;
  durationSeconds: number;
  plan: ExportPlan;
  /** How the copied stretches were joined (see stitch.ts). */
  joiner: Joiner;
}

async function statfsFree(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return s.bavail * s.bsize;
}

const MB = 1024 * 1024;

/**
 * A file size limit (RLIMIT_FSIZE) answers a write past it with SIGXFSZ. Node ignores that
 * signal, so the write fails with EFBIG and the export can say so; but signal-exit (loaded by
 * write-file-atomic) handles it and, when it is the only listener, re-raises it with the default
 * action, which ends the whole app. One listener of our own keeps the app alive.
 */
let fileSizeSignalHandled = false;
function surviveFileSizeLimit(): void {
  if (fileSizeSignalHandled || process.platform === 'win32') return;
  fileSizeSignalHandled = true;
  process.on('SIGXFSZ', () => {});
}

/** Exports the sequence. Throws UserError with a message a person can act on. */
export async function exportSequence(input: SequenceInput, env: SequenceExportEnvironment, options: SequenceExportOptions): Promise<SequenceExportResult> {
  surviveFileSizeLimit();
  const { format } = input;
  const rate = format.fps;
  const fps = fpsOf(rate);
  const outPath = options.outPath;
  if (!path.isAbsolute(outPath) || path.extname(outPath).toLowerCase() !== '.mp4') throw invalid(`"${outPath}" must be an absolute path ending in .mp4.`);
  const outDir = path.dirname(outPath);
  if (!(await fs.stat(outDir).then((s) => s.isDirectory(), () => false))) throw invalid(`The folder ${outDir} does not exist. Create it or choose another place for the export.`);
  if (input.shots.length === 0) throw new UserError('conflict', 'The project has no shots. Add shots and generate takes before exporting.');

  // 1. Gather, refusing before anything is written (gather-cut.ts, shared with every format).
  const gathered = await gatherCut(input, { fillMissing: options.fillMissing === true, transition: options.transition, requireAudio: true, fillWords: 'black slate' });
  // The codec setup most takes share is the house one; a take encoded otherwise (another
  // encoder or profile) cannot be joined to the others by copying, so it is re-encoded.
  const setupOf = (index: Mp4Index) => `${index.video?.codec.toString('hex')}/${index.audio?.config.toString('hex')}`;
  const setups = new Map<string, number>();
  const counted = new Set<string>();
  for (const g of gathered) {
    if (!g.mp4 || counted.has(g.file!)) continue;
    counted.add(g.file!);
    setups.set(setupOf(g.mp4), (setups.get(setupOf(g.mp4)) ?? 0) + 1);
  }
  const houseSetup = [...setups.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const sources: StitchSource[] = [];
  const planShots: PlanShotInput[] = [];
  let inputBytes = 0;
  let missing = 0;
  for (const g of gathered) {
    const number = g.index + 1;
    const { shot, transition } = g;
    if (!g.mp4) {
      missing++;
      sources.push({ file: null, index: null, number, label: g.label, title: shot.title });
      planShots.push({ number, takeFrames: null, keyframes: [], inFrame: 0, outFrame: g.outFrame, transition });
      continue;
    }
    const index = g.mp4;
    inputBytes += g.size;
    // Only a take in the house format (size, frame rate, codec setup) can be copied; anything
    // else is re-encoded through the house filters (the fallback, not the norm).
    const v = index.video!;
    const house =
      setupOf(index) === houseSetup &&
      v.width === format.width &&
      v.height === format.height &&
      v.samples.every((s, k) => Math.abs(s.pts * fps - Math.round(s.pts * fps)) < 0.01 && (k === 0 || s.dts > v.samples[k - 1]!.dts));
    const keyframes = house ? v.samples.filter((s) => s.key).map((s) => Math.round(s.pts * fps)).sort((a, b) => a - b) : [];
    sources.push({ file: g.file, index, number, label: g.label, title: shot.title });
    planShots.push({ number, takeFrames: g.takeFrames, keyframes, inFrame: g.inFrame, outFrame: g.outFrame, transition });
  }

  // ffmpeg features, before any work.
  requireFeature('export', env.selfTest);
  if (planShots.some((s) => s.transition.kind !== 'cut')) requireFeature('dissolve', env.selfTest);
  if (options.loudnorm) requireFeature('loudness', env.selfTest);
  if (options.burnIn || missing > 0) requireFeature('drawtext', env.selfTest);

  let plan = planExport(planShots, { renderAll: options.burnIn === true });

  // 2. Disk space: the output is about the inputs' size; pieces and a margin on top.
  const estimate = Math.ceil(inputBytes * 1.1 + plan.totalFrames * 2000 + 20 * MB);
  const free = await (env.freeBytes ?? statfsFree)(outDir);
  if (free < estimate) {
    throw new UserError(
      'refused',
      `Not enough free space in ${outDir}: the export needs about ${Math.ceil(estimate / MB)} MB and ${Math.floor(free / MB)} MB are free. Free some space or export to another disk.`,
    );
  }

  // 3. Stitch into a partial file, pieces in a hidden temp folder on the same disk.
  const base = path.basename(outPath, path.extname(outPath));
  const partial = path.join(outDir, `${base}.partial.mp4`);
  const workDir = await fs.mkdtemp(path.join(outDir, `.${base}.export-`));
  try {
    const run = (p: ExportPlan) =>
      stitch(env.tools, p, sources, partial, {
        format,
        burnIn: options.burnIn === true,
        loudnorm: options.loudnorm === true,
        fontFile: env.fontFile,
        workDir,
        signal: options.signal,
        onProgress: options.onProgress,
        log: env.log,
      });
    let joiner: Joiner;
    try {
      joiner = await run(plan);
    } catch (error) {
      if (!(error instanceof CodecSetupMismatch) || options.signal?.aborted) throw explain(error, outDir, options.signal);
      // The takes were encoded otherwise than this ffmpeg encodes the pieces: nothing can be
      // copied beside them, so the whole sequence is re-encoded (slower, never wrong).
      env.log?.(`Re-encoding the whole sequence instead of copying the takes: ${error.message}.`);
      plan = planExport(planShots, { renderAll: true });
      joiner = await run(plan).catch((again: unknown) => {
        throw explain(again, outDir, options.signal);
      });
    }
    // 4. Verify, then rename: two readers that share no code with our MP4 writer.
    await verifyOutput(env.tools, partial, { frames: plan.totalFrames, fps, sampleRate: format.audio.sampleRate });
    await fs.rename(partial, outPath);
    return { outPath, durationSeconds: plan.totalFrames / fps, plan, joiner };
  } finally {
    await fs.rm(partial, { force: true }).catch(() => {});
    await fs.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * A write that hit the end of the disk or the largest file the system allows: ENOSPC/EDQUOT
 * (no space, quota) and EFBIG (file size limit) from Shotline's own writes; from ffmpeg the same
 * errors in its stderr, or death by SIGXFSZ (a size limit kills a process that ignores nothing).
 */
function diskFull(error: unknown): boolean {
  if (error instanceof FfmpegError) return /SIGXFSZ|No space left on device|File too large|Disk quota exceeded/i.test(`${error.message}\n${error.stderr}`);
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT';
}

function explain(error: unknown, outDir: string, signal?: AbortSignal): unknown {
  if (signal?.aborted || (error instanceof FfmpegError && error.cancelled)) return new UserError('conflict', 'The export was cancelled; nothing was written.');
  if (diskFull(error)) {
    return new UserError(
      'refused',
      `The disk holding ${outDir} is full, or the export is larger than the biggest file it may hold; nothing was kept. Free some space or choose another folder, then export again.`,
    );
  }
  if (error instanceof FfmpegError) return new UserError('internal', `ffmpeg could not finish the export (${error.reason}). Nothing was kept.\n${error.stderr.slice(-4000)}`);
  return error;
}
