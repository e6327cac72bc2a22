/**
 * The ffmpeg graph for re-encoded pieces of the sequence: each piece's segments trimmed from
 * their takes (or black slates), dips as fades, joined by cuts (concat) or dissolves (xfade +
 * acrossfade), optionally with the review burn-in; several pieces back to back in one output,
 * encoded once with the house-format window arguments (same decoder setup as the takes) and a
 * keyframe at each piece's start, so the joiner copies each piece out of that file beside the
 * stream-copied takes. The full re-encode fallback is the same graph over the whole sequence.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HouseFormat } from '../../shared/domain';
import type { RenderItem } from '../../shared/export-plan';
import { ffmpegRate, fpsOf } from '../../shared/frame-rate';
import { framesToTimecode } from '../../shared/timecode';
import type { FfmpegJob } from '../media/ffmpeg';
import { houseAudioFilter, houseEncodeArgs, houseVideoFilter, silentAudioSource } from '../media/house-format';

/** Where a plan shot's pictures come from. */
export interface PieceSource {
  /** Absolute path of the take's normalised file, or null for a black slate. */
  file: string | null;
  number: number;
  /** The shot's number as the crew knows it ("4A"), for slates and burn-in. */
  label: string;
  title: string;
}

export interface PieceOptions {
  format: HouseFormat;
  /** Burn shot number, title and running timecode into the picture. */
  burnIn: boolean;
  /** Folder the command runs in: the font and text files are written here by bare name. */
  workDir: string;
  /** Font file copied into `workDir` for drawtext. */
  fontFile: string;
}

const FONT_NAME = 'burnin-font.ttf';

/** Writes helper files (font, texts) and returns the ffmpeg job for `item`. */
export async function pieceJob(item: RenderItem, sources: readonly PieceSource[], output: string, options: PieceOptions, pieceNo: number): Promise<FfmpegJob> {
  return piecesJob([item], sources, output, options, pieceNo);
}

/**
 * One ffmpeg job for several pieces: each piece's graph as pieceJob builds it, the pieces one
 * after another in one output, encoded once, with an IDR keyframe forced at every piece's first
 * frame (closed GOPs: each piece decodes on its own, so the joiner copies it out of the file by
 * its frames). One process instead of one per piece: one start-up, one encoder whose threads
 * stay busy, instead of a start, a probe of every input and an encoder warm-up and drain per
 * window. Piece k starts at frame sum(frames of pieces before it).
 */
export async function piecesJob(items: readonly RenderItem[], sources: readonly PieceSource[], output: string, options: PieceOptions, firstNo: number): Promise<FfmpegJob> {
  const { format, workDir } = options;
  const needsFont = options.burnIn || items.some((item) => item.segments.some((s) => sources[s.shot]!.file === null));
  if (needsFont) await fs.copyFile(options.fontFile, path.join(workDir, FONT_NAME)).catch(async () => {
    if (!(await fs.stat(path.join(workDir, FONT_NAME)).catch(() => null))) throw new Error(`The burn-in font ${options.fontFile} is missing. Reinstall Shotline.`);
  });
  const inputs: FfmpegJob['inputs'] = [];
  const graph: string[] = [];
  const outs: Array<[string, string]> = [];
  const starts: number[] = [];
  let frames = 0;
  for (const [k, item] of items.entries()) {
    outs.push(await itemGraph(item, sources, options, firstNo + k, `p${k}`, inputs, graph));
    starts.push(frames);
    frames += item.frames;
  }
  let [cv, ca] = outs[0]!;
  if (items.length > 1) {
    cv = 'all_v';
    ca = 'all_a';
    graph.push(`${outs.map(([v, a]) => `[${v}][${a}]`).join('')}concat=n=${items.length}:v=1:a=1[${cv}][${ca}]`);
  }
  const fps = fpsOf(format.fps);
  const keys = starts.length > 1 ? ['-force_key_frames', `expr:${starts.map((n) => `eq(n,${n})`).join('+')}`, '-forced-idr', '1'] : [];
  return {
    inputs,
    outputOptions: ['-filter_complex', graph.join(';'), '-map', `[${cv}]`, '-map', `[${ca}]`, ...houseEncodeArgs(format, 'window'), ...keys, '-f', 'mp4'],
    output,
    durationSeconds: frames / fps,
    cwd: workDir,
  };
}

/**
 * Adds one piece's inputs and filters: segments trimmed from their takes (or black slates),
 * dips as fades, joined by cuts or dissolves, optional burn-in, cut to exactly `item.frames`.
 * Returns the labels of its video and audio outputs.
 */
async function itemGraph(
  item: RenderItem,
  sources: readonly PieceSource[],
  options: PieceOptions,
  pieceNo: number,
  tag: string,
  inputs: FfmpegJob['inputs'],
  graph: string[],
): Promise<[string, string]> {
  const { format, workDir } = options;
  const fps = fpsOf(format.fps);
  const sec = (frames: number) => (frames / fps).toFixed(6);
  const label = (name: string) => `${tag}_${name}`;
  for (const [k, seg] of item.segments.entries()) {
    const src = sources[seg.shot]!;
    const len = seg.to - seg.from;
    const textFile = `piece${pieceNo}-seg${k}.txt`;
    if (src.file === null || options.burnIn) {
      const text = src.file === null ? `${src.label}. ${src.title || 'Untitled'}\n(no take yet)` : `${src.label}  ${src.title}`;
      await fs.writeFile(path.join(workDir, textFile), text, 'utf8');
    }
    let v: string;
    let a: string;
    if (src.file === null) {
      const vi = inputs.length;
      inputs.push({ source: `color=c=black:s=${format.width}x${format.height}:r=${ffmpegRate(format.fps)}:d=${sec(len)}`, options: ['-f', 'lavfi'] });
      inputs.push({ source: silentAudioSource(format), options: ['-f', 'lavfi'] });
      const size = Math.max(12, Math.round(format.height / 14));
      v = `[${vi}:v]drawtext=fontfile=${FONT_NAME}:textfile=${textFile}:fontcolor=white:fontsize=${size}:line_spacing=${Math.round(size / 2)}:x=(w-text_w)/2:y=(h-text_h)/2,`;
      a = `[${vi + 1}:a]`;
    } else {
      const vi = inputs.length;
      // Input seek decodes from the keyframe before and drops frames up to `from`: frame-exact.
      inputs.push({ source: src.file, options: ['-ss', sec(seg.from), '-t', sec(len)] });
      v = `[${vi}:v:0]`;
      a = `[${vi}:a:0]`;
    }
    v += `${houseVideoFilter(format)},trim=end_frame=${len},setpts=PTS-STARTPTS`;
    a += `${houseAudioFilter(format)},atrim=end=${sec(len)},apad=whole_dur=${sec(len)},asetpts=PTS-STARTPTS`;
    if (seg.fadeIn > 0) {
      v += `,fade=t=in:st=0:d=${sec(seg.fadeIn)}`;
      a += `,afade=t=in:st=0:d=${sec(seg.fadeIn)}`;
    }
    if (seg.fadeOut > 0) {
      v += `,fade=t=out:st=${sec(len - seg.fadeOut)}:d=${sec(seg.fadeOut)}`;
      a += `,afade=t=out:st=${sec(len - seg.fadeOut)}:d=${sec(seg.fadeOut)}`;
    }
    if (options.burnIn && src.file !== null) {
      const size = Math.max(10, Math.round(format.height / 24));
      v += `,drawtext=fontfile=${FONT_NAME}:textfile=${textFile}:fontcolor=white:fontsize=${size}:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 3)}:x=${size}:y=${size}`;
    }
    graph.push(`${v}[${label(`v${k}`)}]`, `${a}[${label(`a${k}`)}]`);
  }
  // Join left to right; `length` is the running length of the joined part in frames.
  let cv = label('v0');
  let ca = label('a0');
  let length = item.segments[0]!.to - item.segments[0]!.from;
  for (let k = 1; k < item.segments.length; k++) {
    const seg = item.segments[k]!;
    const join = item.joins[k - 1]!;
    const nv = label(`jv${k}`);
    const na = label(`ja${k}`);
    if (join.kind === 'dissolve') {
      graph.push(`[${cv}][${label(`v${k}`)}]xfade=transition=fade:duration=${sec(join.frames)}:offset=${sec(length - join.frames)}[${nv}]`);
      graph.push(`[${ca}][${label(`a${k}`)}]acrossfade=d=${sec(join.frames)}:c1=tri:c2=tri[${na}]`);
      length += seg.to - seg.from - join.frames;
    } else {
      graph.push(`[${cv}][${ca}][${label(`v${k}`)}][${label(`a${k}`)}]concat=n=2:v=1:a=1[${nv}][${na}]`);
      length += seg.to - seg.from;
    }
    cv = nv;
    ca = na;
  }
  // xfade can hold on to one extra frame at the end of its second input: cut to the plan.
  const vcut = label('vcut');
  graph.push(`[${cv}]setpts=N/((${ffmpegRate(format.fps)})*TB),trim=end_frame=${item.frames}[${vcut}]`);
  cv = vcut;
  if (options.burnIn) {
    const size = Math.max(10, Math.round(format.height / 24));
    const start = framesToTimecode(item.outStart, format.fps).replace(/:/g, '\\:');
    const vout = label('vout');
    graph.push(
      `[${cv}]drawtext=fontfile=${FONT_NAME}:timecode='${start}':rate=${ffmpegRate(format.fps)}:fontcolor=white:fontsize=${size}:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 3)}:x=w-text_w-${size}:y=h-text_h-${size}[${vout}]`,
    );
    cv = vout;
  }
  const acut = label('acut');
  graph.push(`[${ca}]atrim=end=${sec(item.frames)}[${acut}]`);
  return [cv, acut];
}
