/**
 * What export needs to know about a take's MP4 before it cuts and joins it, read with mediabunny
 * (its demuxer reads the sample tables; nothing is decoded): every video frame in decode order
 * with its presentation time and whether it is a keyframe, the AAC packets and the encoder's
 * priming, and each track's decoder setup (files whose setups match can be joined by copying
 * packets). The packets' bytes are read later, by the joiner, through the same kind of input.
 */
import fs from 'node:fs/promises';
import { CustomSource, EncodedPacketSink, Input, MP4, type EncodedPacket, type InputAudioTrack, type InputVideoTrack } from 'mediabunny';

/** A file export cannot cut (not an MP4 it can read, cut short, no frames). */
export class TakeIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TakeIndexError';
  }
}

/** One video frame, in decode order. */
export interface TakeFrame {
  /** Presentation time in seconds (edit list applied: the first frame shows at 0). */
  pts: number;
  key: boolean;
}

export interface TakeVideo {
  /** Codec string, e.g. `avc1.64001f`. */
  codec: string;
  width: number;
  height: number;
  /** The decoder configuration record (`avcC` for H.264), as the output's sample description needs it. */
  description: Uint8Array;
  /** Frames in decode order. */
  frames: TakeFrame[];
  /** Seconds of picture: the last frame's end in presentation order. */
  duration: number;
}

export interface TakeAudio {
  /** Codec string, e.g. `mp4a.40.2`. */
  codec: string;
  sampleRate: number;
  channels: number;
  /** AudioSpecificConfig. */
  description: Uint8Array;
  /** Packets in decode order; packet 0 is the encoder's priming packet when `priming` > 0. */
  packets: number;
  /** Samples per packet (1024 for AAC-LC). */
  packetSamples: number;
  /** Samples at the start that are not presented (the edit list skips them; usually 1024). */
  priming: number;
}

export interface TakeIndex {
  file: string;
  /** Bytes of the file. */
  size: number;
  video: TakeVideo | null;
  audio: TakeAudio | null;
}

/** Bytes each open file may keep cached (a join reads each take front to back once). */
const CACHE_BYTES = 4 * 1024 * 1024;

/**
 * An mediabunny input over a file. Reads go through one file handle with mediabunny's
 * sequential-read prefetching ("network" profile: few, large reads), which is what a copy join
 * does: its default file profile issues a small read per packet, several times slower.
 */
export function openMp4(file: string): Input {
  let handle: fs.FileHandle | null = null;
  const source = new CustomSource({
    getSize: async () => {
      handle = await fs.open(file, 'r');
      return (await handle.stat()).size;
    },
    read: async (start, end) => {
      // Not zero-filled first: every byte is read over (a join reads each take's whole file).
      const bytes = Buffer.allocUnsafe(end - start);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle!.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === bytes.length ? bytes : bytes.subarray(0, done);
    },
    dispose: () => {
      void handle?.close().catch(() => {});
      handle = null;
    },
    maxCacheSize: CACHE_BYTES,
    prefetchProfile: 'network',
  });
  return new Input({ source, formats: [MP4] });
}

/** A codec setup as text, to compare takes. */
export function setupKey(codec: string, description: Uint8Array): string {
  return `${codec}:${Buffer.from(description.buffer, description.byteOffset, description.byteLength).toString('hex')}`;
}

async function allPackets(track: InputVideoTrack | InputAudioTrack): Promise<EncodedPacket[]> {
  const sink = new EncodedPacketSink(track);
  const packets: EncodedPacket[] = [];
  for (let p = await sink.getFirstPacket({ metadataOnly: true }); p; p = await sink.getNextPacket(p, { metadataOnly: true })) packets.push(p);
  return packets;
}

/**
 * The last packet of a track, read with its bytes: null when the file ends before them (a
 * download or copy cut short after ingest). The last bytes of the media data belong to the
 * last packet of one of the tracks, so checking both tracks' last packets catches any cut.
 */
async function lastPacketPresent(track: InputVideoTrack | InputAudioTrack, last: EncodedPacket): Promise<boolean> {
  const sink = new EncodedPacketSink(track);
  const packet = await sink.getPacket(last.timestamp);
  if (!packet) return false;
  // getPacket answers by presentation time; with B-frames another frame may share none of it.
  let probe: EncodedPacket | null = packet;
  while (probe && probe.sequenceNumber < last.sequenceNumber) probe = await sink.getNextPacket(probe);
  return probe !== null && probe.data.byteLength === last.byteLength;
}

/** Indexes a take's MP4. Throws TakeIndexError when export cannot read it. */
export async function readTakeIndex(file: string): Promise<TakeIndex> {
  const size = (await fs.stat(file)).size;
  const input = openMp4(file);
  try {
    const readable = await input.canRead().catch(() => false);
    if (!readable) throw new TakeIndexError('it is not an MP4 file');
    const index: TakeIndex = { file, size, video: null, audio: null };
    let videoTrack: InputVideoTrack | null;
    let audioTrack: InputAudioTrack | null;
    try {
      videoTrack = await input.getPrimaryVideoTrack();
      audioTrack = await input.getPrimaryAudioTrack();
    } catch (error) {
      throw new TakeIndexError(`its index cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    if (videoTrack) {
      const config = await videoTrack.getDecoderConfig();
      const packets = await allPackets(videoTrack);
      if (!config || !packets.length) throw new TakeIndexError('it has no video frames');
      if (!(await lastPacketPresent(videoTrack, packets[packets.length - 1]!))) throw cutShort(size);
      let end = 0;
      for (const p of packets) end = Math.max(end, p.timestamp + p.duration);
      index.video = {
        codec: config.codec,
        width: await videoTrack.getCodedWidth(),
        height: await videoTrack.getCodedHeight(),
        description: toBytes(config.description),
        frames: packets.map((p) => ({ pts: p.timestamp, key: p.type === 'key' })),
        duration: end,
      };
    }
    if (audioTrack) {
      const config = await audioTrack.getDecoderConfig();
      const packets = await allPackets(audioTrack);
      if (config && packets.length) {
        if (!(await lastPacketPresent(audioTrack, packets[packets.length - 1]!))) throw cutShort(size);
        const rate = config.sampleRate;
        index.audio = {
          codec: config.codec,
          sampleRate: rate,
          channels: config.numberOfChannels,
          description: toBytes(config.description),
          packets: packets.length,
          packetSamples: Math.round(packets[0]!.duration * rate),
          priming: Math.max(0, Math.round(-packets[0]!.timestamp * rate)),
        };
      }
    }
    if (!index.video) throw new TakeIndexError('it has no video frames');
    return index;
  } finally {
    input.dispose();
  }
}

function cutShort(size: number): TakeIndexError {
  return new TakeIndexError(`it is cut short: its index names media past its ${size} bytes`);
}

function toBytes(description: ArrayBufferLike | ArrayBufferView | undefined): Uint8Array {
  if (!description) return new Uint8Array(0);
  if (ArrayBuffer.isView(description)) return new Uint8Array(description.buffer, description.byteOffset, description.byteLength).slice();
  return new Uint8Array(description).slice();
}

/**
 * Frames and seconds of picture of a complete MP4, or null when mediabunny cannot read it or it
 * is cut short (a caller then asks ffprobe for its verdict). For probe-only ingest.
 */
export async function probeTakeFile(file: string): Promise<{ frames: number; durationSeconds: number } | null> {
  const index = await readTakeIndex(file).catch(() => null);
  if (!index?.video || !(index.video.duration > 0)) return null;
  return { frames: index.video.frames.length, durationSeconds: index.video.duration };
}
