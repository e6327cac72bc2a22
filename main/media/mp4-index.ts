/**
 * Reads the sample tables of an MP4 (the `moov` box) without decoding anything: where each
 * video frame sits in time (decode and presentation), which frames are keyframes, and where
 * each AAC packet lies in the file. Export uses it to cut takes on keyframes at stream-copy
 * speed and to splice audio packet by packet, so no extra ffprobe run per take is needed.
 *
 * Only what ffmpeg's own MP4 muxer writes is supported (one edit per track, `stco`/`co64`);
 * anything else is refused with a message, and export falls back to re-encoding.
 */
import fs from 'node:fs/promises';

/** One video frame, in seconds as ffmpeg's demuxer reports them (edit list applied). */
export interface VideoSample {
  dts: number;
  pts: number;
  key: boolean;
  /** Where the frame's bytes are in the file. */
  offset: number;
  size: number;
}

/** One audio packet's bytes in the file. */
export interface AudioPacket {
  offset: number;
  size: number;
}

/** What export needs from a take's MP4. */
export interface Mp4Index {
  video: {
    timescale: number;
    width: number;
    height: number;
    samples: VideoSample[];
    /** The raw `stsd` box (sample description), as an output of the same codec setup needs it. */
    stsd: Buffer;
    /** The decoder setup (`avcC` for H.264): files whose setups match can be joined by stream copy. */
    codec: Buffer;
    /** Seconds of picture (the sum of the frames' durations). */
    duration: number;
  } | null;
  audio: {
    timescale: number;
    /** AudioSpecificConfig from `esds` (object type, sample rate index, channels). */
    config: Buffer;
    /** Packets in decode order; packet 0 is the encoder's priming packet when `priming` > 0. */
    packets: AudioPacket[];
    /** Samples the edit list skips at the start (encoder priming, usually 1024). */
    priming: number;
    stsd: Buffer;
  } | null;
  /** Bytes of the file. */
  size: number;
}

/** A file whose boxes Shotline cannot read. */
export class Mp4IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mp4IndexError';
  }
}

interface Box {
  type: string;
  start: number;
  end: number;
  body: number;
}

function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let pos = start;
  while (pos + 8 <= end) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let body = pos + 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      body = pos + 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < 8 || pos + size > end) throw new Mp4IndexError(`box "${type}" runs past the end of its parent`);
    yield { type, start: pos, end: pos + size, body };
    pos += size;
  }
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  for (const b of boxes(buf, parent.body, parent.end)) if (b.type === type) return b;
  return undefined;
}

function path(buf: Buffer, parent: Box, ...types: string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const t of types) {
    if (!box) return undefined;
    box = child(buf, box, t);
  }
  return box;
}

/** Reads the `moov` box: at the front for faststart files, else wherever it is. */
async function readMoov(file: string): Promise<{ moov: Buffer; size: number }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    let pos = 0;
    const head = Buffer.alloc(16);
    while (pos + 8 <= size) {
      await handle.read(head, 0, 16, pos);
      let boxSize = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(head.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - pos;
      if (boxSize < 8) break;
      if (type === 'moov') {
        if (boxSize > 256 * 1024 * 1024 || pos + boxSize > size) break;
        const moov = Buffer.alloc(boxSize);
        await handle.read(moov, 0, boxSize, pos);
        return { moov, size };
      }
      pos += boxSize;
    }
  } finally {
    await handle.close();
  }
  throw new Mp4IndexError('no complete "moov" index');
}

function fullBoxEntries(buf: Buffer, box: Box): { version: number; count: number; at: number } {
  return { version: buf[box.body]!, count: buf.readUInt32BE(box.body + 4), at: box.body + 8 };
}

function readTrack(buf: Buffer, trak: Box) {
  const mdia = child(buf, trak, 'mdia');
  const hdlr = mdia && child(buf, mdia, 'hdlr');
  const mdhd = mdia && child(buf, mdia, 'mdhd');
  const stbl = mdia && path(buf, mdia, 'minf', 'stbl');
  if (!hdlr || !mdhd || !stbl) return null;
  const handler = buf.toString('latin1', hdlr.body + 8, hdlr.body + 12);
  const mdhdVersion = buf[mdhd.body]!;
  const timescale = buf.readUInt32BE(mdhd.body + (mdhdVersion === 1 ? 20 : 12));

  // Edit list: ffmpeg writes one edit whose media time is where presentation starts.
  let mediaTime = 0;
  const elst = path(buf, trak, 'edts', 'elst');
  if (elst) {
    const { version, count, at } = fullBoxEntries(buf, elst);
    for (let i = 0, p = at; i < count; i++) {
      const t = version === 1 ? Number(buf.readBigInt64BE(p + 8)) : buf.readInt32BE(p + 4);
      p += version === 1 ? 20 : 12;
      if (t >= 0) {
        mediaTime = t;
        break;
      }
    }
  }

  const stts = child(buf, stbl, 'stts');
  const stsz = child(buf, stbl, 'stsz');
  const stsc = child(buf, stbl, 'stsc');
  const stco = child(buf, stbl, 'stco') ?? child(buf, stbl, 'co64');
  if (!stts || !stsz || !stsc || !stco) throw new Mp4IndexError(`the ${handler} track has no sample tables`);

  const durations: number[] = [];
  {
    const { count, at } = fullBoxEntries(buf, stts);
    for (let i = 0; i < count; i++) {
      const n = buf.readUInt32BE(at + i * 8);
      const d = buf.readUInt32BE(at + i * 8 + 4);
      for (let k = 0; k < n; k++) durations.push(d);
    }
  }
  const sizes: number[] = [];
  {
    const fixed = buf.readUInt32BE(stsz.body + 4);
    const count = buf.readUInt32BE(stsz.body + 8);
    for (let i = 0; i < count; i++) sizes.push(fixed || buf.readUInt32BE(stsz.body + 12 + i * 4));
  }
  const chunkOffsets: number[] = [];
  {
    const { count, at } = fullBoxEntries(buf, stco);
    const wide = stco.type === 'co64';
    for (let i = 0; i < count; i++) chunkOffsets.push(wide ? Number(buf.readBigUInt64BE(at + i * 8)) : buf.readUInt32BE(at + i * 4));
  }
  const offsets: number[] = [];
  {
    const { count, at } = fullBoxEntries(buf, stsc);
    const runs = Array.from({ length: count }, (_, i) => ({ first: buf.readUInt32BE(at + i * 12) - 1, perChunk: buf.readUInt32BE(at + i * 12 + 4) }));
    let sample = 0;
    for (let c = 0; c < chunkOffsets.length; c++) {
      let run = runs[0];
      for (const r of runs) if (r.first <= c) run = r;
      let pos = chunkOffsets[c]!;
      for (let k = 0; k < (run?.perChunk ?? 0) && sample < sizes.length; k++, sample++) {
        offsets.push(pos);
        pos += sizes[sample]!;
      }
    }
  }
  const compositionOffsets: number[] = [];
  const ctts = child(buf, stbl, 'ctts');
  if (ctts) {
    const { version, count, at } = fullBoxEntries(buf, ctts);
    for (let i = 0; i < count; i++) {
      const n = buf.readUInt32BE(at + i * 8);
      const o = version === 1 ? buf.readInt32BE(at + i * 8 + 4) : buf.readUInt32BE(at + i * 8 + 4);
      for (let k = 0; k < n; k++) compositionOffsets.push(o);
    }
  }
  let keys: Set<number> | null = null;
  const stss = child(buf, stbl, 'stss');
  if (stss) {
    const { count, at } = fullBoxEntries(buf, stss);
    keys = new Set(Array.from({ length: count }, (_, i) => buf.readUInt32BE(at + i * 4) - 1));
  }
  let esdsConfig: Buffer | null = null;
  const stsd = child(buf, stbl, 'stsd');
  if (handler === 'soun' && stsd) {
    // stsd: full box header + count, then the mp4a sample entry (28 bytes before its children).
    const entry = [...boxes(buf, stsd.body + 8, stsd.end)][0];
    if (entry?.type === 'mp4a') {
      const esds = [...boxes(buf, entry.body + 28, entry.end)].find((b) => b.type === 'esds');
      if (esds) esdsConfig = decoderSpecificInfo(buf.subarray(esds.body + 4, esds.end));
    }
  }
  // tkhd ends with the display width and height (16.16 fixed point).
  const tkhd = child(buf, trak, 'tkhd');
  const width = tkhd ? buf.readUInt32BE(tkhd.end - 8) >>> 16 : 0;
  const height = tkhd ? buf.readUInt32BE(tkhd.end - 4) >>> 16 : 0;
  const stsdBytes = stsd ? Buffer.from(buf.subarray(stsd.start, stsd.end)) : Buffer.alloc(0);
  // The decoder setup without the per-file parts (bit rates in `btrt`): `avcC` for H.264; other
  // codecs compare their whole description.
  let codec = stsdBytes;
  if (handler === 'vide' && stsd) {
    const entry = [...boxes(buf, stsd.body + 8, stsd.end)][0];
    // avc1 is a VisualSampleEntry: 78 bytes of fields before its child boxes.
    const avcC = entry?.type === 'avc1' ? [...boxes(buf, entry.body + 78, entry.end)].find((b) => b.type === 'avcC') : undefined;
    if (avcC) codec = Buffer.from(buf.subarray(avcC.start, avcC.end));
  }
  return { handler, timescale, width, height, mediaTime, durations, sizes, offsets, compositionOffsets, keys, esdsConfig, stsd: stsdBytes, codec };
}

/** Finds descriptor tag 5 (DecoderSpecificInfo) inside an ES_Descriptor. */
function decoderSpecificInfo(es: Buffer): Buffer | null {
  let pos = 0;
  const readLen = () => {
    let len = 0;
    for (let i = 0; i < 4; i++) {
      const b = es[pos++]!;
      len = (len << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return len;
  };
  while (pos < es.length) {
    const tag = es[pos++]!;
    const len = readLen();
    if (tag === 3) {
      const flags = es[pos + 2]!;
      pos += 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x40 ? 1 + es[pos + 3]! : 0) + (flags & 0x20 ? 2 : 0);
    } else if (tag === 4) {
      pos += 13;
    } else if (tag === 5) {
      return Buffer.from(es.subarray(pos, pos + len));
    } else {
      pos += len;
    }
  }
  return null;
}

/** Indexes a take's MP4. Throws Mp4IndexError when the file is not one Shotline can cut. */
export async function readMp4Index(file: string): Promise<Mp4Index> {
  const { moov, size } = await readMoov(file);
  const root: Box = { type: 'moov', start: 0, end: moov.length, body: 8 };
  const index: Mp4Index = { video: null, audio: null, size };
  for (const b of boxes(moov, root.body, root.end)) {
    if (b.type !== 'trak') continue;
    const t = readTrack(moov, b);
    if (!t) continue;
    if (t.handler === 'vide' && !index.video) {
      let dts = 0;
      index.video = {
        timescale: t.timescale,
        width: t.width,
        height: t.height,
        stsd: t.stsd,
        codec: t.codec,
        duration: t.durations.reduce((a, b) => a + b, 0) / t.timescale,
        samples: t.durations.map((d, i) => {
          const s = {
            dts: (dts - t.mediaTime) / t.timescale,
            pts: (dts + (t.compositionOffsets[i] ?? 0) - t.mediaTime) / t.timescale,
            key: t.keys ? t.keys.has(i) : true,
            offset: t.offsets[i] ?? 0,
            size: t.sizes[i] ?? 0,
          };
          dts += d;
          return s;
        }),
      };
    } else if (t.handler === 'soun' && !index.audio) {
      if (!t.esdsConfig) throw new Mp4IndexError('the audio track is not AAC');
      index.audio = {
        timescale: t.timescale,
        config: t.esdsConfig,
        packets: t.sizes.map((size, i) => ({ size, offset: t.offsets[i]! })),
        priming: t.mediaTime,
        stsd: t.stsd,
      };
    }
  }
  return index;
}
