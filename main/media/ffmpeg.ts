/**
 * Every ffmpeg and ffprobe process Shotline starts goes through this module, on top of
 * fluent-ffmpeg. fluent-ffmpeg was archived upstream in May 2025, so nothing outside this file
 * imports it: swapping it for plain `child_process` means rewriting this file only.
 *
 * Two fluent-ffmpeg habits are worked around here, once:
 * - it keeps the binary path in a module-wide cache (`setFfmpegPath`), so two callers with
 *   different binaries (the self-test of a user's chosen ffmpeg, tests) would race. Each
 *   command instead gets its own path resolver.
 * - before each run it spawns `ffmpeg -formats` / `-encoders` to check codecs given through
 *   its own API. Commands here pass raw arguments, so that check is skipped (it would also
 *   cache the answers of whichever binary ran first).
 *
 * Progress comes from `-progress pipe:1` (key=value lines on stdout) against the output
 * duration the caller knows, never from scraping the stats line; the whole stderr is kept for
 * error messages.
 */
import createCommand from 'fluent-ffmpeg';
import type { FfmpegCommand, FfprobeData } from 'fluent-ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';

/** One input: options that go before its `-i`, and the source (file path or lavfi graph). */
export interface FfmpegInput {
  source: string;
  options?: string[];
}

/** Progress of a running command. */
export interface FfmpegProgress {
  /** 0..1 against the expected output duration (0 while unknown). */
  progress: number;
  /** Seconds of output written so far. */
  outSeconds: number;
  /** Estimated seconds left, or null until there is enough to tell. */
  etaSeconds: number | null;
}

/** A command to run: inputs, everything after them, and the output file. */
export interface FfmpegJob {
  inputs: FfmpegInput[];
  /** Filters, maps, codecs and muxer options, in order, placed after the inputs. */
  outputOptions: string[];
  /** Output file (or `-` with `-f null`). */
  output: string;
  /** Length of the output in seconds, for progress; omit when unknown. */
  durationSeconds?: number;
  onProgress?: (progress: FfmpegProgress) => void;
  /** Aborting kills the process (SIGKILL) and rejects with FfmpegError(cancelled). */
  signal?: AbortSignal;
  /**
   * Working folder. Lets filters name helper files (fonts, text) by bare relative names,
   * which need no filtergraph escaping whatever the absolute path holds.
   */
  cwd?: string;
}

/** What a finished command reports. */
export interface FfmpegResult {
  /** Seconds of output written, from the last progress report (0 when none came). */
  outSeconds: number;
  /** ffmpeg's full stderr (warnings included). */
  stderr: string;
}

/** An ffmpeg or ffprobe run that failed or was cancelled. `stderr` is kept whole. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }

  /** The lines of stderr that name the cause (ffmpeg's first error comes first): what to show a person. */
  get reason(): string {
    const lines = this.stderr
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !/^(frame=|size=|progress=|Press \[q\])/.test(l));
    // The first error line is the cause; later ones ("Conversion failed!") are consequences.
    const errors = lines.filter((l) => /error|invalid|no such|not found|could not|unable|failed|does not|cannot|unknown|truncat|corrupt/i.test(l));
    const chosen = errors.length ? errors.slice(0, 2) : lines.slice(-3);
    return chosen.join(' | ') || this.message;
  }
}

/** fluent-ffmpeg's private members this module relies on (stable since 2.0, and archived). */
interface FluentInternals {
  _getFfmpegPath(cb: (err: Error | null, path: string) => void): void;
  _getFfprobePath(cb: (err: Error | null, path: string) => void): void;
  _checkCapabilities(cb: (err?: Error | null) => void): void;
  _spawnFfmpeg(
    args: string[],
    options: { captureStdout?: boolean; stdoutLines?: number; windowsHide?: boolean },
    endCB: (err: Error | null, stdout?: { get(): string }, stderr?: { get(): string }) => void,
  ): void;
  ffmpegProc?: { kill(signal?: NodeJS.Signals): boolean; stdout?: NodeJS.ReadableStream | null };
}

/** A fluent-ffmpeg command bound to these binaries, with no global state touched. */
function commandFor(tools: FfmpegTools, cwd?: string): FfmpegCommand & FluentInternals {
  // stdoutLines 0 = keep every line (the default keeps the last 100 and loses the cause).
  const command = createCommand({ stdoutLines: 0, ...(cwd ? { cwd } : {}) }) as FfmpegCommand & FluentInternals;
  command._getFfmpegPath = (cb) => cb(null, tools.ffmpeg);
  command._getFfprobePath = (cb) => cb(null, tools.ffprobe);
  command._checkCapabilities = (cb) => cb();
  // Only used to add `-strict experimental` for codecs set through fluent's API: none here.
  (command as unknown as { availableEncoders: (cb: (err: null, encoders: object) => void) => void }).availableEncoders = (cb) =>
    cb(null, {});
  return command;
}

/** Parses `-progress` blocks; calls `report` with out_time in seconds at each block's end. */
function progressParser(report: (outSeconds: number, ended: boolean) => void): (chunk: Buffer | string) => void {
  let pending = '';
  let outSeconds = 0;
  return (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [key, value = ''] = line.trim().split('=', 2);
      // out_time_us is the precise one; out_time_ms is misnamed (also microseconds) in ffmpeg 5.
      if (key === 'out_time_us' || key === 'out_time_ms') {
        const us = Number(value);
        if (Number.isFinite(us) && us >= 0) outSeconds = us / 1e6;
      } else if (key === 'progress') {
        report(outSeconds, value === 'end');
      }
    }
  };
}

/** Runs one ffmpeg command. Rejects with FfmpegError (whole stderr kept) on failure or abort. */
export function runFfmpeg(tools: FfmpegTools, job: FfmpegJob): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    if (job.signal?.aborted) {
      reject(new FfmpegError('ffmpeg was cancelled before it started.', '', true));
      return;
    }
    const command = commandFor(tools, job.cwd);
    for (const input of job.inputs) {
      command.input(input.source);
      // Spread, never an array: given one array, fluent-ffmpeg splits any option holding exactly
      // one space in two (a drawtext or file path would break). A lone option is a plain flag.
      const options = input.options ?? [];
      if (options.length === 1 && options[0]?.includes(' ')) throw new Error(`Input option "${options[0]}" must be split into flag and value.`);
      if (options.length) command.inputOptions(...(options as [string, ...string[]]));
    }
    command
      .outputOptions('-nostdin', '-hide_banner', '-nostats', '-progress', 'pipe:1', ...job.outputOptions)
      .output(job.output);

    const started = Date.now();
    let outSeconds = 0;
    let cancelled = false;
    const parse = progressParser((seconds, ended) => {
      outSeconds = seconds;
      if (!job.onProgress) return;
      const total = job.durationSeconds ?? 0;
      const progress = ended ? 1 : total > 0 ? Math.min(1, Math.max(0, seconds / total)) : 0;
      const elapsed = (Date.now() - started) / 1000;
      const etaSeconds = ended ? 0 : progress > 0.02 && elapsed > 0.2 ? Math.max(0, (elapsed / progress) * (1 - progress)) : null;
      job.onProgress({ progress, outSeconds: seconds, etaSeconds });
    });

    const onAbort = () => {
      cancelled = true;
      command.ffmpegProc?.kill('SIGKILL');
    };
    job.signal?.addEventListener('abort', onAbort, { once: true });

    command.on('start', () => {
      command.ffmpegProc?.stdout?.on('data', parse);
      // Aborted while fluent-ffmpeg was preparing: the process exists only now.
      if (job.signal?.aborted) onAbort();
    });
    command.on('end', (_stdout: string | null, stderr: string | null) => {
      job.signal?.removeEventListener('abort', onAbort);
      resolve({ outSeconds, stderr: stderr ?? '' });
    });
    command.on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
      job.signal?.removeEventListener('abort', onAbort);
      const text = stderr ?? '';
      if (cancelled) reject(new FfmpegError('ffmpeg was cancelled.', text, true));
      else reject(new FfmpegError(`ffmpeg failed: ${error.message}`, text));
    });
    command.run();
  });
}

/**
 * Runs ffmpeg with plain arguments and returns its stdout (for `-version`, `-filters`,
 * `-encoders`). Rejects with FfmpegError when the binary cannot start or exits non-zero.
 */
export function ffmpegOutput(tools: FfmpegTools, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    commandFor(tools)._spawnFfmpeg([...args], { captureStdout: true, stdoutLines: 0, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(new FfmpegError(`Could not run ${tools.ffmpeg}: ${err.message}`, stderr?.get() ?? ''));
      else resolve(stdout?.get() ?? '');
    });
  });
}

/** One stream as Shotline uses it. Numbers are parsed; fractions like `30000/1001` become floats. */
export interface ProbeStream {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string;
  width?: number;
  height?: number;
  pixFmt?: string;
  /** Frames per second (from r_frame_rate), video only. */
  fps?: number;
  /** The stream time base, e.g. `1/12288`. */
  timeBase?: string;
  sampleRate?: number;
  channels?: number;
  channelLayout?: string;
  /** Stream duration in seconds, when the container says. */
  duration?: number;
  /** Frame count, when the container says. */
  frames?: number;
  /** Pixel aspect ratio, e.g. `1:1`. */
  sampleAspectRatio?: string;
  /** Attached picture (cover art), not real video. */
  attachedPicture: boolean;
}

/** ffprobe's view of a file. */
export interface ProbeResult {
  /** Demuxer names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  formatName: string;
  /** Container duration in seconds (0 when unknown). */
  duration: number;
  size: number;
  bitRate: number;
  streams: ProbeStream[];
}

function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === 'N/A' || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `30000/1001` -> 29.97; `0/0` -> undefined. */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const [a, b] = value.split('/').map(Number);
  if (a === undefined || !Number.isFinite(a)) return undefined;
  if (b === undefined) return a > 0 ? a : undefined;
  return b > 0 && a > 0 ? a / b : undefined;
}

const STREAM_TYPES = new Set(['video', 'audio', 'subtitle', 'data', 'attachment']);

function toProbeResult(data: FfprobeData): ProbeResult {
  const format = data.format ?? {};
  return {
    formatName: String(format.format_name ?? ''),
    duration: num(format.duration) ?? 0,
    size: num(format.size) ?? 0,
    bitRate: num(format.bit_rate) ?? 0,
    streams: (data.streams ?? []).map((s) => ({
      index: num(s.index) ?? 0,
      type: (STREAM_TYPES.has(String(s.codec_type)) ? s.codec_type : 'unknown') as ProbeStream['type'],
      codec: String(s.codec_name ?? 'unknown'),
      width: num(s.width),
      height: num(s.height),
      pixFmt: s.pix_fmt,
      fps: s.codec_type === 'video' ? parseRate(s.r_frame_rate) : undefined,
      timeBase: s.time_base,
      sampleRate: num(s.sample_rate),
      channels: num(s.channels),
      channelLayout: s.channel_layout,
      duration: num(s.duration),
      frames: num(s.nb_frames),
      sampleAspectRatio: s.sample_aspect_ratio,
      attachedPicture: Number(s.disposition?.attached_pic ?? 0) === 1,
    })),
  };
}

/** Probes a file with ffprobe. Rejects with FfmpegError (ffprobe's stderr kept) when it cannot. */
export function probeFile(tools: FfmpegTools, file: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const command = commandFor(tools);
    command.input(file);
    command.ffprobe(['-hide_banner'], (err: unknown, data: FfprobeData) => {
      if (err) {
        const message = err instanceof Error ? err.message : String(err);
        // fluent-ffmpeg appends ffprobe's stderr to the message after the first line.
        const [first = '', ...rest] = message.split('\n');
        reject(new FfmpegError(`ffprobe failed: ${first}`, rest.join('\n')));
      } else {
        resolve(toProbeResult(data));
      }
    });
  });
}
