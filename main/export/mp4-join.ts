/**
 * Joins stretches of house-format MP4s into one MP4 by copying their encoded packets, with
 * mediabunny (https://mediabunny.dev, MPL-2.0) reading the takes and writing the output: one
 * H.264 track and one AAC track, the index in front of the data (`fastStart: 'reserve'`: the
 * packet counts are known, so the space is reserved up front and every byte is written once),
 * packets added in time order so the tracks are interleaved every half second. No ffmpeg process
 * is started and nothing is decoded.
 *
 * The caller guarantees what a stream copy needs: every video run starts on a keyframe of a
 * closed GOP and all sources share one decoder setup (the `description`), as house-format takes
 * and pieces encoded with the house arguments do. Anything the joiner finds it cannot copy
 * exactly is refused with JoinRefusedError before the output is kept, so the caller can join
 * another way.
 */
import fs from 'node:fs/promises';
import { EncodedAudioPacketSource, EncodedVideoPacketSource, Mp4OutputFormat, Output, StreamTarget, type EncodedPacket } from 'mediabunny';
import { PacketReadError, PacketReader, type AudioRef } from './packet-reader';

/** A run of video frames copied from one file, in decode order. */
export interface VideoRun {
  file: string;
  /** Presentation time in the source (seconds) of the run's first frame in decode order (a keyframe). */
  firstPts: number;
  /** Output frame (display position from 0) of each frame of the run, in decode order. */
  frames: number[];
}

export interface JoinInput {
  /** Frames per second, as a fraction (24000/1001 for 23.976). */
  rate: { num: number; den: number };
  video: {
    codec: string;
    width: number;
    height: number;
    description: Uint8Array;
    runs: VideoRun[];
  };
  audio: {
    codec: string;
    sampleRate: number;
    channels: number;
    description: Uint8Array;
    /** Samples per packet (1024). */
    packetSamples: number;
    /** Samples of `packets[0]` that are not presented (the output's edit list hides them). */
    priming: number;
    packets: AudioRef[];
    /** Each source file's own priming (to find its packet k by time). */
    sourcePriming: ReadonlyMap<string, number>;
  };
  signal?: AbortSignal;
  /** 0..1 by packets written. */
  onProgress?: (progress: number) => void;
}

/** The output cannot be made by copying these packets (the caller joins another way). */
export class JoinRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinRefusedError';
  }
}

/** A file handle the output is written through: positioned writes, short writes completed. */
function fileTarget(handle: fs.FileHandle): StreamTarget {
  return new StreamTarget(
    new WritableStream({
      async write(chunk) {
        let done = 0;
        while (done < chunk.data.byteLength) {
          const { bytesWritten } = await handle.write(chunk.data, done, chunk.data.byteLength - done, chunk.position + done);
          if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'ENOSPC' });
          done += bytesWritten;
        }
      },
    }),
  );
}

/** Writes `output` (created or truncated). Throws JoinRefusedError when the input cannot be copied. */
export async function joinMp4(input: JoinInput, output: string): Promise<void> {
  const { rate, video, audio, signal } = input;
  const frameCount = video.runs.reduce((n, r) => n + r.frames.length, 0);
  if (!frameCount || !audio.packets.length) throw new JoinRefusedError('there is nothing to write');
  // Output frame k decodes at k frames; each frame's display position comes with it (behind
  // its decode position by the B-frame delay). Times are seconds, which mediabunny rounds to
  // its timescale (exact: frameRate makes it hold one frame in whole ticks).
  const seconds = (frames: number) => (frames * rate.den) / rate.num;
  const audioTime = (j: number) => (j * audio.packetSamples - audio.priming) / audio.sampleRate;

  const handle = await fs.open(output, 'w');
  const out = new Output({ format: new Mp4OutputFormat({ fastStart: 'reserve' }), target: fileTarget(handle) });
  const videoSource = new EncodedVideoPacketSource('avc');
  const audioSource = new EncodedAudioPacketSource('aac');
  out.addVideoTrack(videoSource, { frameRate: rate.num / rate.den, maximumPacketCount: frameCount });
  out.addAudioTrack(audioSource, { maximumPacketCount: audio.packets.length });
  const reader = new PacketReader({ packetSamples: audio.packetSamples, sampleRate: audio.sampleRate, priming: audio.sourcePriming });
  let finished = false;
  try {
    await out.start();
    const videoMeta = { decoderConfig: { codec: video.codec, codedWidth: video.width, codedHeight: video.height, description: video.description } };
    const audioMeta = { decoderConfig: { codec: audio.codec, sampleRate: audio.sampleRate, numberOfChannels: audio.channels, description: audio.description } };
    const total = frameCount + audio.packets.length;
    let decoded = 0;
    let j = 0;
    const frameDuration = seconds(1);
    const packetDuration = audio.packetSamples / audio.sampleRate;
    const addAudioUntil = async (time: number) => {
      while (j < audio.packets.length && audioTime(j) < time) {
        const packet: EncodedPacket = await reader.audioPacket(audio.packets[j]!);
        await audioSource.add(packet.clone({ timestamp: audioTime(j), duration: packetDuration }), j === 0 ? audioMeta : undefined);
        j++;
      }
    };
    // Both tracks in time order (video by decode time), so the muxer's half-second chunks alternate.
    for (const run of video.runs) {
      let k = 0;
      for await (const packet of reader.videoRun(run.file, run.firstPts, run.frames.length)) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        await addAudioUntil(seconds(decoded));
        await videoSource.add(packet.clone({ timestamp: seconds(run.frames[k++]!), duration: frameDuration }), decoded === 0 ? videoMeta : undefined);
        decoded++;
        if (decoded % 256 === 0) input.onProgress?.((decoded + j) / total);
      }
    }
    await addAudioUntil(Infinity);
    await out.finalize();
    finished = true;
    input.onProgress?.(1);
  } catch (error) {
    throw error instanceof PacketReadError ? new JoinRefusedError(error.message) : error;
  } finally {
    reader.close();
    if (!finished) await out.cancel().catch(() => {});
    await handle.close().catch(() => {});
  }
}
