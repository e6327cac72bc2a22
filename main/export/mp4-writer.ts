/**
 * Writes a stream-copied MP4 (one H.264 track, one AAC track) straight from the takes' bytes,
 * without an ffmpeg process: the sample tables are computed first, so the index (`moov`) goes
 * in front of the data (what `+faststart` does in a second pass) and every byte is written
 * once. This is the cut path of export: an ffmpeg concat + mux costs a process start, a probe
 * of every input, and a second pass over the whole file to move the index to the front.
 *
 * The caller guarantees what the concat demuxer's stream copy also assumes: every sample
 * comes from a file with the same codec setup (`stsd` bytes), and each run of video samples
 * starts on a keyframe of a closed GOP. Box layouts follow ISO/IEC 14496-12.
 */
import fs from 'node:fs/promises';

/** One sample to copy: where its bytes are. */
export interface SampleRef {
  file: string;
  offset: number;
  size: number;
}

/** A video sample in decode order, with the sequence frame it is shown at. */
export interface VideoSampleRef extends SampleRef {
  /** Display position in the output, in frames from 0. */
  frame: number;
  key: boolean;
}

/** Everything the output holds. */
export interface Mp4WriteInput {
  fps: number;
  video: {
    /** Media timescale; timescale / fps must be a whole number. */
    timescale: number;
    width: number;
    height: number;
    /** The `stsd` box (header included), copied as it is from the sources. */
    stsd: Buffer;
    /** Decode order. */
    samples: VideoSampleRef[];
  };
  audio: {
    timescale: number;
    stsd: Buffer;
    /** Decode order; 1024 samples each. */
    packets: SampleRef[];
    /** Samples at the start that are not presented (the priming packet). */
    priming: number;
  };
  signal?: AbortSignal;
  /** 0..1 by bytes written. */
  onProgress?: (progress: number) => void;
}

/** The output could not be written from these samples (the caller can fall back to ffmpeg). */
export class Mp4WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mp4WriteError';
  }
}

const MOVIE_TIMESCALE = 1000;
const AAC_FRAME = 1024;
/** Output chunks of about one second each, video then audio: players read them in step. */
const CHUNK_SECONDS = 1;
/** Source bytes are read in windows this large (each byte of a take is read once). */
const READ_WINDOW = 4 * 1024 * 1024;
/** Pending output is written when it reaches this size. */
const WRITE_BATCH = 4 * 1024 * 1024;
/** writev takes at most IOV_MAX (1024) buffers per call on Linux. */
const IOV_MAX = 1024;

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  return box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...parts);
}
/** Unity transformation matrix. */
const MATRIX = Buffer.concat([u32(0x10000), u32(0), u32(0), u32(0), u32(0x10000), u32(0), u32(0), u32(0), u32(0x40000000)]);

/** Run-length entries [count, value] of a list of values. */
function runs(values: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[1] === v) last[0]++;
    else out.push([1, v]);
  }
  return out;
}

interface TrackLayout {
  /** Samples per chunk, in chunk order. */
  perChunk: number[];
  /** File offset of each chunk (filled in once the index size is known). */
  chunkOffsets: number[];
}

function sampleTable(stsd: Buffer, sizes: readonly number[], layout: TrackLayout, wide: boolean, extra: Buffer[]): Buffer {
  const stscEntries: Buffer[] = [];
  let previous = -1;
  for (const [c, n] of layout.perChunk.entries()) {
    if (n === previous) continue;
    stscEntries.push(u32(c + 1), u32(n), u32(1));
    previous = n;
  }
  return box(
    'stbl',
    stsd,
    ...extra,
    fullBox('stsc', 0, 0, u32(stscEntries.length / 3), ...stscEntries),
    fullBox('stsz', 0, 0, u32(0), u32(sizes.length), ...sizes.map(u32)),
    wide
      ? fullBox('co64', 0, 0, u32(layout.chunkOffsets.length), ...layout.chunkOffsets.map(u64))
      : fullBox('stco', 0, 0, u32(layout.chunkOffsets.length), ...layout.chunkOffsets.map(u32)),
  );
}

function track(opts: {
  id: number;
  handler: 'vide' | 'soun';
  timescale: number;
  mediaDuration: number;
  /** Presented length in the movie timescale, and where presentation starts in the media. */
  presented: number;
  mediaTime: number;
  width: number;
  height: number;
  stbl: Buffer;
}): Buffer {
  const video = opts.handler === 'vide';
  const tkhd = fullBox(
    'tkhd', 0, 3,
    u32(0), u32(0), u32(opts.id), u32(0), u32(opts.presented), u32(0), u32(0),
    u16(0), u16(0), u16(video ? 0 : 0x0100), u16(0), MATRIX, u32(opts.width << 16), u32(opts.height << 16),
  );
  const elst = box('edts', fullBox('elst', 0, 0, u32(1), u32(opts.presented), i32(opts.mediaTime), u16(1), u16(0)));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(opts.timescale), u32(opts.mediaDuration), u16(0x55c4 /* "und" */), u16(0));
  const name = video ? 'VideoHandler' : 'SoundHandler';
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from(opts.handler, 'latin1'), Buffer.alloc(12), Buffer.from(`${name}\0`, 'latin1'));
  const header = video ? fullBox('vmhd', 0, 1, u16(0), u16(0), u16(0), u16(0)) : fullBox('smhd', 0, 0, u16(0), u16(0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  return box('trak', tkhd, elst, box('mdia', mdhd, hdlr, box('minf', header, dinf, opts.stbl)));
}

/** Splits samples into chunks: chunk c holds the samples whose time falls in second c. */
function chunkOf(times: readonly number[], perSecond: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const c = Math.floor(t / (perSecond * CHUNK_SECONDS));
    while (counts.length <= c) counts.push(0);
    counts[c]!++;
  }
  return counts;
}

/** Reads source bytes through one window per file (takes are read front to back). */
class SourceReader {
  private windows = new Map<string, { handle: fs.FileHandle; start: number; data: Buffer }>();

  async bytes(ref: SampleRef): Promise<Buffer> {
    let w = this.windows.get(ref.file);
    if (!w) {
      const handle = await fs.open(ref.file, 'r');
      w = { handle, start: 0, data: Buffer.alloc(0) };
      this.windows.set(ref.file, w);
    }
    if (ref.offset < w.start || ref.offset + ref.size > w.start + w.data.length) {
      const data = Buffer.allocUnsafe(Math.max(READ_WINDOW, ref.size));
      const { bytesRead } = await w.handle.read(data, 0, data.length, ref.offset);
      if (bytesRead < ref.size) throw new Mp4WriteError(`${ref.file} ends inside a sample: the file is cut short.`);
      w.start = ref.offset;
      w.data = data.subarray(0, bytesRead);
    }
    return w.data.subarray(ref.offset - w.start, ref.offset - w.start + ref.size);
  }

  async close(): Promise<void> {
    await Promise.all([...this.windows.values()].map((w) => w.handle.close().catch(() => {})));
    this.windows.clear();
  }
}

/**
 * writev may write less than asked (near a file size limit, on a signal); the rest is written
 * again, so a short write either completes or ends in the error that explains it (EFBIG, ENOSPC).
 */
async function writeAll(out: fs.FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  let left = rest.reduce((n, b) => n + b.length, 0);
  while (left > 0) {
    const { bytesWritten } = await out.writev(rest);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'ENOSPC' });
    left -= bytesWritten;
    let skip = bytesWritten;
    while (skip > 0 && rest.length && rest[0]!.length <= skip) {
      skip -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (skip > 0) rest = [rest[0]!.subarray(skip), ...rest.slice(1)];
  }
}

/** Writes `output` (created or truncated). Throws Mp4WriteError when the input cannot be written. */
export async function writeMp4(input: Mp4WriteInput, output: string): Promise<void> {
  const { fps, video, audio, signal } = input;
  const delta = video.timescale / fps;
  if (!Number.isInteger(delta) || delta <= 0) throw new Mp4WriteError(`a frame is not a whole number of ticks (${video.timescale} / ${fps})`);
  if (!video.samples.length || !audio.packets.length) throw new Mp4WriteError('there is nothing to write');
  if (!video.samples[0]!.key) throw new Mp4WriteError('the video does not start on a keyframe');

  // Video times: sample k decodes at k frames; shown at `frame` + D, D being the smallest
  // delay that keeps every composition offset >= 0 (the encoder's B-frame delay). The edit
  // list starts presentation at D, so frame 0 is shown at time 0.
  const frames = video.samples.length;
  let delay = 0;
  for (const [k, s] of video.samples.entries()) delay = Math.max(delay, k - s.frame);
  const ctts = video.samples.map((s, k) => (s.frame + delay - k) * delta);
  const videoChunks = chunkOf(video.samples.map((_, k) => k), fps);
  const audioChunks = chunkOf(audio.packets.map((_, j) => Math.max(0, j * AAC_FRAME - audio.priming)), audio.timescale / AAC_FRAME);
  // Both tracks get the same number of chunk slots (empty chunks are not written).
  const slots = Math.max(videoChunks.length, audioChunks.length);
  const v: TrackLayout = { perChunk: [], chunkOffsets: [] };
  const a: TrackLayout = { perChunk: [], chunkOffsets: [] };
  const order: Array<{ track: 'v' | 'a'; first: number; count: number }> = [];
  let vNext = 0;
  let aNext = 0;
  for (let c = 0; c < slots; c++) {
    const vn = videoChunks[c] ?? 0;
    const an = audioChunks[c] ?? 0;
    if (vn) {
      v.perChunk.push(vn);
      order.push({ track: 'v', first: vNext, count: vn });
      vNext += vn;
    }
    if (an) {
      a.perChunk.push(an);
      order.push({ track: 'a', first: aNext, count: an });
      aNext += an;
    }
  }

  let dataBytes = 0;
  for (const s of video.samples) dataBytes += s.size;
  for (const p of audio.packets) dataBytes += p.size;
  // 32-bit chunk offsets while the whole file stays well under 4 GiB (the index of a long film
  // is a few MB; 256 MB is the most readMp4Index accepts).
  const wide = dataBytes > 0xf0000000;
  const mdatHeader = wide ? Buffer.concat([u32(1), Buffer.from('mdat', 'latin1'), u64(dataBytes + 16)]) : Buffer.concat([u32(dataBytes + 8), Buffer.from('mdat', 'latin1')]);
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(512), Buffer.from('isomiso2avc1mp41', 'latin1'));

  const videoPresented = Math.round((frames / fps) * MOVIE_TIMESCALE);
  const audioSamples = audio.packets.length * AAC_FRAME;
  const audioPresented = Math.round(((audioSamples - audio.priming) / audio.timescale) * MOVIE_TIMESCALE);
  const keys = video.samples.flatMap((s, k) => (s.key ? [k + 1] : []));
  const cttsRuns = runs(ctts);
  const moov = () =>
    box(
      'moov',
      fullBox(
        'mvhd', 0, 0,
        u32(0), u32(0), u32(MOVIE_TIMESCALE), u32(Math.max(videoPresented, audioPresented)), u32(0x10000), u16(0x0100), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(3),
      ),
      track({
        id: 1, handler: 'vide', timescale: video.timescale, mediaDuration: frames * delta, presented: videoPresented, mediaTime: delay * delta,
        width: video.width, height: video.height,
        stbl: sampleTable(video.stsd, video.samples.map((s) => s.size), v, wide, [
          fullBox('stts', 0, 0, u32(1), u32(frames), u32(delta)),
          fullBox('stss', 0, 0, u32(keys.length), ...keys.map(u32)),
          ...(delay > 0 ? [fullBox('ctts', 0, 0, u32(cttsRuns.length), ...cttsRuns.flatMap(([n, o]) => [u32(n), u32(o)]))] : []),
        ]),
      }),
      track({
        id: 2, handler: 'soun', timescale: audio.timescale, mediaDuration: audioSamples, presented: audioPresented, mediaTime: audio.priming,
        width: 0, height: 0,
        stbl: sampleTable(audio.stsd, audio.packets.map((p) => p.size), a, wide, [fullBox('stts', 0, 0, u32(1), u32(audio.packets.length), u32(AAC_FRAME))]),
      }),
    );

  // Offsets depend on the index's size, which does not depend on the offsets' values.
  const fill = (base: number) => {
    v.chunkOffsets = [];
    a.chunkOffsets = [];
    let at = base;
    for (const chunk of order) {
      (chunk.track === 'v' ? v : a).chunkOffsets.push(at);
      const list = chunk.track === 'v' ? video.samples : audio.packets;
      for (let i = chunk.first; i < chunk.first + chunk.count; i++) at += list[i]!.size;
    }
  };
  fill(0);
  const head = ftyp.length + moov().length + mdatHeader.length;
  fill(head);
  const index = moov();
  if (ftyp.length + index.length + mdatHeader.length !== head) throw new Mp4WriteError('the index changed size while it was written');

  const reader = new SourceReader();
  const out = await fs.open(output, 'w');
  try {
    let pending: Buffer[] = [ftyp, index, mdatHeader];
    let pendingBytes = head;
    let written = 0;
    const flush = async () => {
      for (let i = 0; i < pending.length; i += IOV_MAX) await writeAll(out, pending.slice(i, i + IOV_MAX));
      written += pendingBytes;
      pending = [];
      pendingBytes = 0;
      input.onProgress?.(Math.min(1, written / (head + dataBytes)));
    };
    for (const chunk of order) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const list: readonly SampleRef[] = chunk.track === 'v' ? video.samples : audio.packets;
      for (let i = chunk.first; i < chunk.first + chunk.count; i++) {
        const bytes = await reader.bytes(list[i]!);
        pending.push(bytes);
        pendingBytes += bytes.length;
      }
      if (pendingBytes >= WRITE_BATCH) await flush();
    }
    await flush();
  } finally {
    await out.close();
    await reader.close();
  }
}
