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
import type { FrameRate } from '../../shared/frame-rate';

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
  /** Frames per second as a fraction (24000/1001 for 23.976). */
  rate: FrameRate;
  video: {
    /**
     * Media timescale of the output (the sources' own do not matter: every frame is timed afresh
     * from its position); a frame must be a whole number of ticks, timescale x den / num.
     */
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
/** Source files kept open (a join reads from the two files around it). */
const OPEN_SOURCES = 3;
/** Read-ahead window per open source file. */
const READ_WINDOW = 1024 * 1024;
/** Each of the two staging buffers (output is written in pieces this large). */
const STAGE_BYTES = 4 * 1024 * 1024;

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
/** Many 32-bit values in one buffer (sample tables hold thousands). */
function u32s(values: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) b.writeUInt32BE(values[i]! >>> 0, i * 4);
  return b;
}
function u64s(values: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(values.length * 8);
  for (let i = 0; i < values.length; i++) b.writeBigUInt64BE(BigInt(values[i]!), i * 8);
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
  const stscEntries: number[] = [];
  let previous = -1;
  for (const [c, n] of layout.perChunk.entries()) {
    if (n === previous) continue;
    stscEntries.push(c + 1, n, 1);
    previous = n;
  }
  return box(
    'stbl',
    stsd,
    ...extra,
    fullBox('stsc', 0, 0, u32(stscEntries.length / 3), u32s(stscEntries)),
    fullBox('stsz', 0, 0, u32(0), u32(sizes.length), u32s(sizes)),
    wide
      ? fullBox('co64', 0, 0, u32(layout.chunkOffsets.length), u64s(layout.chunkOffsets))
      : fullBox('stco', 0, 0, u32(layout.chunkOffsets.length), u32s(layout.chunkOffsets)),
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

/**
 * Splits samples into chunks: chunk c holds the samples whose time (in units of which there
 * are `perSecond` a second: frames, audio samples) falls in second c.
 */
export function chunkOf(times: readonly number[], perSecond: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const c = Math.floor(t / (perSecond * CHUNK_SECONDS));
    while (counts.length <= c) counts.push(0);
    counts[c]!++;
  }
  return counts;
}

/** One open source file and a read-ahead window over it. */
interface Source {
  handle: fs.FileHandle;
  window: Buffer;
  start: number;
  length: number;
}

/**
 * Open source files, each read through a read-ahead window (a take interleaves small video and
 * audio runs; one read per window instead of one per run). The sequence moves from file to file,
 * so only the last few stay open, and their windows are reused rather than reallocated.
 */
class SourceFiles {
  private open = new Map<string, Source>();
  private spare: Buffer[] = [];

  /** Copies `size` bytes at `offset` of `file` into `target` at `at`. */
  async copyTo(target: Buffer, at: number, file: string, offset: number, size: number): Promise<void> {
    const src = await this.get(file);
    if (size > src.window.length) return readExactly(src.handle, file, target, at, size, offset);
    if (offset < src.start || offset + size > src.start + src.length) {
      const { bytesRead } = await src.handle.read(src.window, 0, src.window.length, offset);
      src.start = offset;
      src.length = bytesRead;
      if (bytesRead < size) throw new Mp4WriteError(`${file} ends inside a sample: the file is cut short.`);
    }
    src.window.copy(target, at, offset - src.start, offset - src.start + size);
  }

  private async get(file: string): Promise<Source> {
    let src = this.open.get(file);
    if (src) {
      this.open.delete(file);
      this.open.set(file, src);
      return src;
    }
    src = { handle: await fs.open(file, 'r'), window: this.spare.pop() ?? Buffer.allocUnsafe(READ_WINDOW), start: 0, length: 0 };
    this.open.set(file, src);
    if (this.open.size > OPEN_SOURCES) {
      const [oldest, old] = this.open.entries().next().value!;
      this.open.delete(oldest);
      this.spare.push(old.window);
      await old.handle.close();
    }
    return src;
  }

  async close(): Promise<void> {
    await Promise.all([...this.open.values()].map((s) => s.handle.close().catch(() => {})));
    this.open.clear();
  }
}

/**
 * Two staging buffers, filled in turn: source bytes are read straight into one while the other
 * is being written, so reading and writing overlap and nothing is allocated per sample (the
 * garbage collector stays idle).
 */
class Stager {
  private stages = [Buffer.allocUnsafe(STAGE_BYTES), Buffer.allocUnsafe(STAGE_BYTES)];
  /** The write of each stage's last contents (a stage is refilled only after it). */
  private stageWritten: Array<Promise<void>> = [Promise.resolve(), Promise.resolve()];
  /** Writes run one after another, in order. */
  private tail: Promise<void> = Promise.resolve();
  private error: unknown = null;
  private current = 0;
  private used = 0;
  /** Bytes handed to writes so far: where the next write goes. */
  private queued = 0;
  private written = 0;

  constructor(
    private readonly out: fs.FileHandle,
    private readonly onWritten: (bytes: number) => void,
  ) {}

  /** Appends bytes held in memory (the header). */
  async put(bytes: Buffer): Promise<void> {
    if (this.used + bytes.length > STAGE_BYTES) await this.flush();
    if (bytes.length > STAGE_BYTES) return this.enqueue(bytes);
    bytes.copy(this.stages[this.current]!, this.used);
    this.used += bytes.length;
  }

  /** Appends `size` bytes of `file` at `offset`. */
  async copy(sources: SourceFiles, file: string, offset: number, size: number): Promise<void> {
    if (this.used + size > STAGE_BYTES) await this.flush();
    if (size > STAGE_BYTES) {
      const big = Buffer.allocUnsafe(size);
      await sources.copyTo(big, 0, file, offset, size);
      await this.enqueue(big);
      return;
    }
    await sources.copyTo(this.stages[this.current]!, this.used, file, offset, size);
    this.used += size;
  }

  /** Queues the current stage's write and moves to the other stage once it is free. */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.used === 0) return;
    const i = this.current;
    this.stageWritten[i] = this.enqueue(this.stages[i]!.subarray(0, this.used));
    this.current = 1 - i;
    this.used = 0;
    await this.stageWritten[this.current];
  }

  /** Writes everything staged and waits for it; throws the first write error. */
  async finish(): Promise<void> {
    await this.flush();
    await this.tail;
  }

  /** Waits for writes in flight, ignoring their errors (cleanup after a failure). */
  settle(): Promise<void> {
    return this.tail.catch(() => {});
  }

  private enqueue(bytes: Buffer): Promise<void> {
    const position = this.queued;
    this.queued += bytes.length;
    this.tail = this.tail.then(async () => {
      try {
        await writeAll(this.out, bytes, position);
      } catch (error) {
        this.error ??= error;
        throw error;
      }
      this.written += bytes.length;
      this.onWritten(this.written);
    });
    // The error is kept in `error` and thrown by the next flush, finish or await; this handler
    // only stops a failed write from counting as an unhandled rejection in the meantime.
    this.tail.catch(() => {});
    return this.tail;
  }
}

async function readExactly(source: fs.FileHandle, file: string, into: Buffer, at: number, size: number, offset: number): Promise<void> {
  let done = 0;
  while (done < size) {
    const { bytesRead } = await source.read(into, at + done, size - done, offset + done);
    if (bytesRead === 0) throw new Mp4WriteError(`${file} ends inside a sample: the file is cut short.`);
    done += bytesRead;
  }
}

/**
 * A write may take fewer bytes than asked (near a file size limit, on a signal); the rest is
 * written again, so a short write either completes or ends in the error that explains it
 * (EFBIG, ENOSPC).
 */
async function writeAll(out: fs.FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await out.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

/** Writes `output` (created or truncated). Throws Mp4WriteError when the input cannot be written. */
export async function writeMp4(input: Mp4WriteInput, output: string): Promise<void> {
  const { rate, video, audio, signal } = input;
  const fps = rate.num / rate.den;
  const delta = (video.timescale * rate.den) / rate.num;
  if (!Number.isInteger(delta) || delta <= 0) throw new Mp4WriteError(`a frame is not a whole number of ticks (${video.timescale} x ${rate.den} / ${rate.num})`);
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
  const audioChunks = chunkOf(audio.packets.map((_, j) => Math.max(0, j * AAC_FRAME - audio.priming)), audio.timescale);
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

  const videoPresented = Math.round(((frames * rate.den) / rate.num) * MOVIE_TIMESCALE);
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
          fullBox('stss', 0, 0, u32(keys.length), u32s(keys)),
          ...(delay > 0 ? [fullBox('ctts', 0, 0, u32(cttsRuns.length), u32s(cttsRuns.flat()))] : []),
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

  const sources = new SourceFiles();
  const out = await fs.open(output, 'w');
  const total = head + dataBytes;
  const stager = new Stager(out, (written) => input.onProgress?.(Math.min(1, written / total)));
  try {
    await stager.put(Buffer.concat([ftyp, index, mdatHeader]));
    for (const chunk of order) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const list: readonly SampleRef[] = chunk.track === 'v' ? video.samples : audio.packets;
      // Samples that lie back to back in one source file are read with one call.
      for (let i = chunk.first; i < chunk.first + chunk.count; ) {
        const first = list[i]!;
        let size = first.size;
        let j = i + 1;
        while (j < chunk.first + chunk.count && list[j]!.file === first.file && list[j]!.offset === first.offset + size) size += list[j++]!.size;
        await stager.copy(sources, first.file, first.offset, size);
        i = j;
      }
    }
    await stager.finish();
  } finally {
    // Writes still in flight finish (or fail) before the file is closed.
    await stager.settle();
    await out.close();
    await sources.close();
  }
}
