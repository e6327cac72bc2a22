/**
 * Reads encoded packets (bytes and times) out of the takes for a copy join, through mediabunny's
 * demuxer: a run of video frames from its keyframe on, and AAC packets by their index. The
 * sequence moves from take to take, so only the last few files stay open.
 */
import { EncodedPacketSink, type EncodedPacket, type Input } from 'mediabunny';
import { openMp4 } from './take-index';

/** A take's packets could not be read as planned (the caller joins another way). */
export class PacketReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PacketReadError';
  }
}

/** One AAC packet of a file. */
export interface AudioRef {
  file: string;
  /** Decode-order index of the packet in its file. */
  packet: number;
}

/** How to find a file's packet k by its time: (k * packetSamples - priming) / sampleRate. */
export interface AudioLayout {
  packetSamples: number;
  sampleRate: number;
  /** Each file's priming (samples its edit list hides). */
  priming: ReadonlyMap<string, number>;
}

/** Source files kept open (a join reads from the take it is in and the one around the join). */
const OPEN_SOURCES = 3;

interface OpenSource {
  input: Input;
  video: EncodedPacketSink | null;
  audio: EncodedPacketSink | null;
}

export class PacketReader {
  private open = new Map<string, OpenSource>();
  private lastAudio: { ref: AudioRef; packet: EncodedPacket; sink: EncodedPacketSink } | null = null;

  constructor(private readonly audioLayout?: AudioLayout) {}

  private async get(file: string): Promise<OpenSource> {
    let src = this.open.get(file);
    if (src) {
      this.open.delete(file);
      this.open.set(file, src);
      return src;
    }
    const input = openMp4(file);
    const [video, audio] = await Promise.all([input.getPrimaryVideoTrack(), input.getPrimaryAudioTrack()]);
    src = { input, video: video && new EncodedPacketSink(video), audio: audio && new EncodedPacketSink(audio) };
    this.open.set(file, src);
    if (this.open.size > OPEN_SOURCES) {
      const [oldest, old] = this.open.entries().next().value!;
      this.open.delete(oldest);
      old.input.dispose();
    }
    return src;
  }

  /** `count` video packets of `file` in decode order, from the keyframe shown at `firstPts` seconds. */
  async *videoRun(file: string, firstPts: number, count: number): AsyncGenerator<EncodedPacket> {
    let sink = (await this.get(file)).video;
    if (!sink) throw new PacketReadError(`${file} has no video track`);
    let packet = await sink.getPacket(firstPts);
    if (!packet) throw cutShort(file);
    if (packet.type !== 'key' || Math.abs(packet.timestamp - firstPts) > 1e-6) {
      throw new PacketReadError(`a stretch of ${file} does not start on a keyframe at ${firstPts.toFixed(3)} s`);
    }
    for (let k = 0; k < count; k++) {
      if (k > 0) {
        // The file may have been closed while the caller read others: reopened, the packet is
        // found again by its time (a packet belongs to the input that read it).
        const now = (await this.get(file)).video!;
        if (now !== sink) {
          sink = now;
          packet = (await sink.getPacket(packet.timestamp)) ?? packet;
        }
        const next: EncodedPacket | null = await sink.getNextPacket(packet);
        if (!next) throw new PacketReadError(`${file} has fewer frames than planned`);
        packet = next;
      }
      if (packet.byteLength !== packet.data.byteLength) throw cutShort(file);
      yield packet;
    }
  }

  /** The AAC packet `ref` (in sequence when it follows the previous one read). */
  async audioPacket(ref: AudioRef): Promise<EncodedPacket> {
    const layout = this.audioLayout;
    if (!layout) throw new Error('PacketReader made without an audio layout');
    const sink = (await this.get(ref.file)).audio;
    if (!sink) throw new PacketReadError(`${ref.file} has no audio track`);
    const last = this.lastAudio;
    let packet: EncodedPacket | null;
    if (last && last.sink === sink && last.ref.file === ref.file && ref.packet === last.ref.packet + 1) packet = await sink.getNextPacket(last.packet);
    else packet = await sink.getPacket((ref.packet * layout.packetSamples - (layout.priming.get(ref.file) ?? 0)) / layout.sampleRate);
    if (!packet || packet.byteLength !== packet.data.byteLength) throw cutShort(ref.file);
    this.lastAudio = { ref, packet, sink };
    return packet;
  }

  close(): void {
    for (const src of this.open.values()) src.input.dispose();
    this.open.clear();
    this.lastAudio = null;
  }
}

const cutShort = (file: string) => new PacketReadError(`${file} ends inside a packet: the file is cut short`);
