/**
 * The last step before an export is kept: the written file read back by two readers that share
 * no code with Shotline's MP4 writer, side by side (both cost under 0.1 s):
 *
 * - mediabunny's MP4 demuxer: one video and one audio track, exactly the planned number of
 *   frames, and sound within one frame (plus an AAC packet) of the picture;
 * - ffprobe, as players built on ffmpeg read it: one H.264 and one AAC stream, and a duration
 *   within one frame of the plan.
 *
 * Any disagreement throws a UserError and the caller discards the file.
 */
import fs from 'node:fs/promises';
import { CustomSource, EncodedPacketSink, Input, MP4, type InputTrack } from 'mediabunny';
import { UserError } from '../errors';
import { probeFile } from '../media/ffmpeg';
import type { FfmpegTools } from '../media/ffmpeg-locator';

/** What the plan made. */
export interface ExpectedOutput {
  frames: number;
  /** Frames per second (exact for whole rates). */
  fps: number;
  /** The house audio rate (for the one-packet slack). */
  sampleRate: number;
}

/** Throws UserError('internal') naming the first disagreement of either reader. */
export async function verifyOutput(tools: FfmpegTools, file: string, expected: ExpectedOutput): Promise<void> {
  const problems = await Promise.all([readBack(file, expected), probeBack(tools, file, expected)]);
  const problem = problems.find((p) => p !== null);
  if (problem) {
    throw new UserError('internal', `The export came out wrong (${problem}) and was not kept. Please report this with the project.`);
  }
}

/** An mediabunny input over a file (one handle, its reads awaited). */
function openMp4(file: string): Input {
  let handle: fs.FileHandle | null = null;
  const source = new CustomSource({
    getSize: async () => {
      handle = await fs.open(file, 'r');
      return (await handle.stat()).size;
    },
    read: async (start, end) => {
      const bytes = new Uint8Array(end - start);
      const { bytesRead } = await handle!.read(bytes, 0, bytes.length, start);
      return bytesRead === bytes.length ? bytes : bytes.subarray(0, bytesRead);
    },
    dispose: () => {
      void handle?.close().catch(() => {});
      handle = null;
    },
  });
  return new Input({ source, formats: [MP4] });
}

/** Packets of a track (their times only, no media bytes read) and where the last one ends, in seconds. */
async function packetsOf(track: InputTrack): Promise<{ count: number; end: number }> {
  const sink = new EncodedPacketSink(track);
  let count = 0;
  let end = 0;
  for (let p = await sink.getFirstPacket({ metadataOnly: true }); p; p = await sink.getNextPacket(p, { metadataOnly: true })) {
    count++;
    end = Math.max(end, p.timestamp + p.duration);
  }
  return { count, end };
}

/** mediabunny's reading of the file, or null when it matches the plan. */
async function readBack(file: string, expected: ExpectedOutput): Promise<string | null> {
  const seconds = expected.frames / expected.fps;
  const input = openMp4(file);
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    if (!video) return 'no video track';
    if (!audio) return 'no audio track';
    if ((await video.getCodec()) !== 'avc' || (await audio.getCodec()) !== 'aac') return `tracks in ${await video.getCodec()} and ${await audio.getCodec()}`;
    const [frames, sound] = await Promise.all([packetsOf(video), packetsOf(audio)]);
    if (frames.count !== expected.frames) return `${frames.count} frames instead of ${expected.frames}`;
    // The audio's end is its presented length (the priming packet starts before 0).
    if (Math.abs(sound.end - seconds) > 1 / expected.fps + 1024 / expected.sampleRate) return `${sound.end.toFixed(3)} s of sound for ${seconds.toFixed(3)} s of picture`;
    return null;
  } catch (error) {
    return `mediabunny cannot read it: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    input.dispose();
  }
}

/** ffprobe's reading, or null when it matches the plan. */
async function probeBack(tools: FfmpegTools, file: string, expected: ExpectedOutput): Promise<string | null> {
  const seconds = expected.frames / expected.fps;
  try {
    const probe = await probeFile(tools, file);
    const video = probe.streams.filter((s) => s.type === 'video');
    const audio = probe.streams.filter((s) => s.type === 'audio');
    if (video.length !== 1 || video[0]!.codec !== 'h264') return `ffprobe sees ${video.map((s) => s.codec).join(', ') || 'no'} video`;
    if (audio.length !== 1 || audio[0]!.codec !== 'aac') return `ffprobe sees ${audio.map((s) => s.codec).join(', ') || 'no'} audio`;
    if (Math.abs(probe.duration - seconds) > 1 / expected.fps + 1024 / expected.sampleRate + 1e-3) {
      return `ffprobe reads ${probe.duration.toFixed(3)} s instead of ${seconds.toFixed(3)} s`;
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
