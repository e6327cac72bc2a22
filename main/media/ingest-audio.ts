/**
 * Ingest of a sound file (a music bed, a recorded voice-over, a temp effect, a generated temp
 * voice): probed by content (ffprobe), never by name, and normalised once into the house audio
 * format, AAC-LC 48 kHz stereo at 192 kb/s in an .m4a: the takes' own sound format, so the
 * player, the media protocol (audio/mp4) and the export's mix read every clip alike and the
 * file stays small (a 3-minute bed is about 4 MB).
 *
 * The normalised file is written to a temp name and renamed; a failure leaves nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HouseFormat } from '../../shared/domain';
import { MAX_AUDIO_SECONDS } from '../../shared/contract/audio';
import { UserError, invalid } from '../errors';
import { produceAtomically } from './atomic-file';
import { FfmpegError, probeFile, runFfmpeg, type ProbeResult } from './ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';
import { houseAudioFilter } from './house-format';

/** Containers Shotline takes sound from, by ffprobe's demuxer name, and what to call them. */
const ACCEPTED: ReadonlyArray<{ demuxer: RegExp; name: string }> = [
  { demuxer: /^wav$/, name: 'WAV' },
  { demuxer: /^mp3$/, name: 'MP3' },
  { demuxer: /^aac$/, name: 'AAC' },
  { demuxer: /^mov,mp4,m4a/, name: 'M4A/AAC' },
  { demuxer: /^flac$/, name: 'FLAC' },
];
const ACCEPTED_WORDS = 'WAV, MP3, AAC/M4A or FLAC';

/** The folder normalised sound files live in, relative to the project. */
export const AUDIO_DIR = 'media/audio';

export interface AudioInfo {
  /** Seconds, as probed. */
  duration: number;
  /** What the container is, in words (`WAV`, `MP3`...). */
  kind: string;
  codec: string;
  probe: ProbeResult;
}

/** Checks that `file` is a sound file Shotline takes; every refusal names the file and what to do. */
export async function probeAudio(tools: FfmpegTools, file: string, label = path.basename(file)): Promise<AudioInfo> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw invalid(`"${label}" does not exist or is not a file. Choose the sound file again.`);
  if (stat.size === 0) throw invalid(`"${label}" is empty (0 bytes). Export or download the sound again.`);
  let probe: ProbeResult;
  try {
    probe = await probeFile(tools, file);
  } catch (error) {
    // ffprobe names the file by its temp path; the person knows it by its own name.
    const reason = (error instanceof FfmpegError ? error.reason : String(error)).split(file).join(label);
    throw invalid(`"${label}" is not a sound file Shotline can read (${reason}). Use a ${ACCEPTED_WORDS} file.`);
  }
  const kind = ACCEPTED.find((a) => a.demuxer.test(probe.formatName));
  const audio = probe.streams.find((s) => s.type === 'audio');
  const picture = probe.streams.some((s) => s.type === 'video' && !s.attachedPicture);
  if (picture && kind?.name !== 'MP3' && kind?.name !== 'FLAC') {
    throw invalid(`"${label}" is a video, not a sound file. Drop videos on a shot to make a take; for its sound alone, export it as ${ACCEPTED_WORDS}.`);
  }
  if (!kind) throw invalid(`"${label}" is a ${probe.formatName || 'unknown'} file, not a sound file Shotline takes. Use a ${ACCEPTED_WORDS} file.`);
  if (!audio) throw invalid(`"${label}" has no sound in it. Use a ${ACCEPTED_WORDS} file with audio.`);
  const duration = audio.duration && audio.duration > 0 ? audio.duration : probe.duration;
  if (!(duration > 0)) throw invalid(`"${label}" has no duration: the file is damaged or still being written. Try again once it is complete.`);
  if (duration > MAX_AUDIO_SECONDS) throw invalid(`"${label}" is ${(duration / 3600).toFixed(1)} hours long; Shotline takes sound files of up to ${MAX_AUDIO_SECONDS / 3600} hours. Cut it first.`);
  return { duration, kind: kind.name, codec: audio.codec, probe };
}

/**
 * Normalises `source` into `target` (an absolute `.m4a` path) and answers with the normalised
 * file's duration. `target` appears only when all of it decoded.
 */
export async function normaliseAudio(
  tools: FfmpegTools,
  source: string,
  target: string,
  format: HouseFormat,
  options: { label?: string; signal?: AbortSignal } = {},
): Promise<{ durationSeconds: number; info: AudioInfo }> {
  const label = options.label ?? path.basename(source);
  const info = await probeAudio(tools, source, label);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const durationSeconds = await produceAtomically(target, async (temp) => {
    try {
      await runFfmpeg(tools, {
        inputs: [{ source }],
        outputOptions: [
          '-map', '0:a:0',
          '-vn', '-sn', '-dn',
          '-af', houseAudioFilter(format),
          '-c:a', 'aac',
          '-b:a', '192k',
          '-ar', String(format.audio.sampleRate),
          '-ac', String(format.audio.channels),
          '-movflags', '+faststart',
          '-map_metadata', '-1',
          '-f', 'mp4',
        ],
        output: temp,
        durationSeconds: info.duration,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof FfmpegError && error.cancelled) throw new UserError('conflict', `Importing "${label}" was cancelled.`);
      if (error instanceof FfmpegError) throw invalid(`"${label}" could not be decoded (${error.reason.split(source).join(label)}). The file may be damaged: export or download it again.`);
      throw error;
    }
    const out = await probeFile(tools, temp);
    const seconds = out.streams.find((s) => s.type === 'audio')?.duration ?? out.duration;
    // A file cut short can claim its full length in its header while holding much less.
    if (!(seconds > 0) || seconds < info.duration * 0.97 - 0.25) {
      throw invalid(`"${label}" is incomplete: it claims ${info.duration.toFixed(2)} s but only ${(seconds || 0).toFixed(2)} s could be decoded. Export or download it again.`);
    }
    return seconds;
  });
  return { durationSeconds, info };
}
