/**
 * The sound track's mix on MP4 export: the stitched sequence's own sound (the takes') mixed
 * with the clips of the voice-over, music and temp lanes, each source at its export level, and
 * optionally the music and the takes ducked under the voice-over. The picture is stream-copied
 * untouched; only the sound is re-encoded (AAC 48 kHz stereo, as every take), to exactly the
 * sequence's length, and the result is verified like any export before it replaces the file.
 *
 * Ducking is volume automation, not a compressor: the voice-over clips' places are known
 * exactly (shared/audio-placement.ts), so the music and takes are lowered by `duckDb` over
 * each voice stretch with 0.15 s ramps either side. Unlike `sidechaincompress` it does not
 * depend on how loud the voice happens to be, it pumps on no breath, and it is the same every
 * export (so the tests can measure it).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptionValues } from '../../shared/contract/export';
import type { AudioClip, HouseFormat } from '../../shared/domain';
import { MIX_SHARE_START, mixSettingsFrom, type MixSettings } from './audio-mix-options';
import { placeAudioClips, shotStartsFromFrames, voiceStretches, type PlacedAudioClip } from '../../shared/audio-placement';
import { produceAtomically } from '../media/atomic-file';
import { FfmpegError, runFfmpeg, type FfmpegInput } from '../media/ffmpeg';
import { requireFeature } from '../media/ffmpeg-self-test';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { houseAudioFilter } from '../media/house-format';
import { UserError, invalid } from '../errors';
import { fpsOf } from '../../shared/frame-rate';
import type { ExportContext } from './formats/export-format';
import { verifyOutput } from './verify-output';

export { mixSettingsFrom, type MixSettings };

/** Seconds the ducking takes to go down before a voice line and come back after it. */
export const DUCK_RAMP_SECONDS = 0.15;

/** True when the export's sound differs from the stitched takes' (some clip sounds, or the takes' level moved). */
export function needsMix(placed: readonly PlacedAudioClip[], settings: MixSettings): boolean {
  return placed.length > 0 || settings.takesDb !== 0;
}

const secs = (s: number) => Math.max(0, s).toFixed(6);

/** The gain expression of the ducking (1 outside voice stretches, `duckDb` inside, ramps between). */
export function duckExpression(stretches: ReadonlyArray<{ start: number; end: number }>, duckDb: number): string | null {
  if (stretches.length === 0) return null;
  const r = DUCK_RAMP_SECONDS;
  // Not clamped at 0: a line at 0.05 s is already ducked at 0 s, its ramp began before the film.
  const n = (x: number) => `(${x.toFixed(6)})`;
  const inside = stretches.map(({ start, end }) => `clip((t-${n(start - r)})/${r},0,1)*clip((${n(end + r)}-t)/${r},0,1)`);
  const any = inside.reduce((acc, term) => `max(${acc},${term})`);
  const depth = (1 - Math.pow(10, duckDb / 20)).toFixed(6);
  return `1-${depth}*${any}`;
}

/**
 * The ffmpeg filter graph of the mix: input 0 is the stitched sequence, input k (1..) the
 * k-th placed clip's file. Pure, so the graph is tested without running it.
 */
export function mixGraph(placed: readonly PlacedAudioClip[], settings: MixSettings, totalSeconds: number, format: HouseFormat): string {
  const duck = settings.duck ? duckExpression(voiceStretches(placed), settings.duckDb) : null;
  const ducked = (chain: string) => (duck ? `${chain},volume='${duck}':eval=frame` : chain);
  const parts: string[] = [ducked(`[0:a:0]${houseAudioFilter(format)},volume=${settings.takesDb}dB`) + '[takes]'];
  placed.forEach((p, k) => {
    const clip = p.clip;
    const length = clip.outSeconds - clip.inSeconds;
    const chain = [
      `[${k + 1}:a:0]atrim=start=${secs(clip.inSeconds)}:end=${secs(clip.outSeconds)}`,
      'asetpts=PTS-STARTPTS',
      houseAudioFilter(format),
      ...(clip.fadeInSeconds > 0 ? [`afade=t=in:st=0:d=${secs(clip.fadeInSeconds)}`] : []),
      ...(clip.fadeOutSeconds > 0 ? [`afade=t=out:st=${secs(length - clip.fadeOutSeconds)}:d=${secs(clip.fadeOutSeconds)}`] : []),
      // A clip that starts before the sequence loses its head after its fade was drawn.
      ...(p.inSeconds > clip.inSeconds ? [`atrim=start=${secs(p.inSeconds - clip.inSeconds)}`, 'asetpts=PTS-STARTPTS'] : []),
      `volume=${clip.gainDb + settings.trackDb[clip.track]}dB`,
      `adelay=delays=${Math.round(p.startSeconds * 1000)}:all=1`,
    ].join(',');
    parts.push((clip.track === 'voice' ? chain : ducked(chain)) + `[c${k}]`);
  });
  const labels = ['[takes]', ...placed.map((_, k) => `[c${k}]`)].join('');
  const total = secs(totalSeconds);
  const tail = [
    `amix=inputs=${placed.length + 1}:duration=first:dropout_transition=0:normalize=0`,
    ...(settings.loudnorm ? ['loudnorm=I=-16:TP=-1.5:LRA=11', houseAudioFilter(format)] : []),
    `apad=whole_dur=${total}`,
    `atrim=end=${total}`,
    'asetpts=PTS-STARTPTS',
  ].join(',');
  parts.push(`${labels}${tail}[mix]`);
  return parts.join(';');
}

export interface MixJob {
  /** The exported MP4 (video and the takes' sound); replaced by the mixed file. */
  file: string;
  clips: readonly AudioClip[];
  /** Each shot's start in the exported sequence, in seconds, by shot id. */
  shotStarts: ReadonlyMap<string, number>;
  /** Absolute path of a project-relative media path. */
  resolve(relative: string): string;
  settings: MixSettings;
  format: HouseFormat;
  /** The exported sequence's length in frames (the mix is exactly as long). */
  frames: number;
  fps: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  log?: (line: string) => void;
}

/** Mixes the sound track into `job.file`; answers with the number of clips mixed (0: nothing to do, file untouched). */
export async function mixSoundTrack(tools: FfmpegTools, job: MixJob): Promise<number> {
  const { placed, detached } = placeAudioClips(job.clips, job.shotStarts);
  const totalSeconds = job.frames / job.fps;
  const audible = placed.filter((p) => p.startSeconds < totalSeconds);
  if (detached.length) job.log?.(`${detached.length} audio clip(s) attached to shots no longer in the sequence were left out of the mix.`);
  // The stitch left loudness to this step (see mp4-format.ts), so it runs even with nothing to mix.
  if (!needsMix(audible, job.settings) && !job.settings.loudnorm) return 0;
  for (const p of audible) {
    if (!(await fs.stat(job.resolve(p.clip.file)).then((s) => s.isFile(), () => false))) {
      throw invalid(`The sound file of "${p.clip.name}" (${p.clip.file}) is missing from the project. Import it again or delete the clip.`);
    }
  }
  // The mixed copy is written beside the stitched file before it replaces it: room for both.
  const size = (await fs.stat(job.file)).size;
  const free = await fs.statfs(path.dirname(job.file)).then((st) => st.bavail * st.bsize, () => Number.POSITIVE_INFINITY);
  if (free < size * 1.1 + 20 * 1024 * 1024) {
    throw new UserError('refused', `Not enough free space in ${path.dirname(job.file)} to mix the sound track (about ${Math.ceil((size * 1.1) / 1048576) + 20} MB needed). Free some space or export to another disk.`);
  }
  const inputs: FfmpegInput[] = [{ source: job.file }, ...audible.map((p) => ({ source: job.resolve(p.clip.file) }))];
  const ext = path.extname(job.file);
  await produceAtomically(job.file, async (temp) => {
    await runFfmpeg(tools, {
      inputs,
      outputOptions: [
        '-filter_complex', mixGraph(audible, job.settings, totalSeconds, job.format),
        '-map', '0:v:0',
        '-map', '[mix]',
        // The picture exactly as stitched; only the sound is encoded again.
        '-c:v', 'copy',
        '-c:a', 'aac',
        '-b:a', '192k',
        '-ar', String(job.format.audio.sampleRate),
        '-ac', String(job.format.audio.channels),
        '-movflags', '+faststart',
        '-f', ext === '.mov' ? 'mov' : 'mp4',
      ],
      output: temp,
      durationSeconds: totalSeconds,
      onProgress: (p) => job.onProgress?.(p.progress),
      signal: job.signal,
    });
    await verifyOutput(tools, temp, { frames: job.frames, fps: job.fps, sampleRate: job.format.audio.sampleRate });
  });
  return audible.length;
}

/**
 * The MP4 export's last step: mixes the sound track into the exported file at `result.outPath`.
 * A failure or a cancel removes that file too, so an export without its sound track is never
 * left where the user expects the mixed one. Answers with words for the export's message.
 */
export async function mixIntoExport(
  context: ExportContext,
  options: ExportOptionValues,
  result: { outPath: string; plan: { totalFrames: number; shotStarts: readonly number[] } },
): Promise<string> {
  const { format, shots, resolve } = context.sequence;
  const fps = fpsOf(format.fps);
  if (options.loudnorm === true) requireFeature('loudness', context.selfTest);
  try {
    const mixed = await mixSoundTrack(context.tools, {
      file: result.outPath,
      clips: context.store.audio.list(),
      shotStarts: shotStartsFromFrames(shots.map((shot) => shot.id), result.plan.shotStarts, format.fps),
      resolve,
      settings: mixSettingsFrom(options),
      format,
      frames: result.plan.totalFrames,
      fps,
      signal: context.signal,
      onProgress: (f) => context.progress(MIX_SHARE_START + (1 - MIX_SHARE_START) * f, null),
      log: (line) => context.log(line),
    });
    return mixed > 0 ? ` Sound track: ${mixed} clip${mixed === 1 ? '' : 's'} mixed with the takes' sound.` : '';
  } catch (error) {
    await fs.rm(result.outPath, { force: true }).catch(() => {});
    if (context.signal.aborted || (error instanceof FfmpegError && error.cancelled)) throw new UserError('conflict', 'The export was cancelled; nothing was written.');
    if (error instanceof FfmpegError) throw new UserError('internal', `ffmpeg could not mix the sound track (${error.reason}). Nothing was kept.`);
    throw error;
  }
}

