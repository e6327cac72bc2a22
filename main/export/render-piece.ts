/**
 * The ffmpeg graph for one re-encoded piece of the sequence: its segments trimmed from their
 * takes (or black slates), dips as fades, joined by cuts (concat) or dissolves (xfade +
 * acrossfade), optionally with the review burn-in, encoded with the house-format arguments so
 * the piece concatenates with stream-copied takes. The full re-encode fallback is the same
 * graph over the whole sequence.
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
  const { format, workDir } = options;
  const fps = fpsOf(format.fps);
  const sec = (frames: number) => (frames / fps).toFixed(6);
  const needsFont = options.burnIn || item.segments.some((s) => sources[s.shot]!.file === null);
  if (needsFont) await fs.copyFile(options.fontFile, path.join(workDir, FONT_NAME)).catch(async () => {
    if (!(await fs.stat(path.join(workDir, FONT_NAME)).catch(() => null))) throw new Error(`The burn-in font ${options.fontFile} is missing. Reinstall Shotline.`);
  });

  const inputs: FfmpegJob['inputs'] = [];
  const graph: string[] = [];
  for (const [k, seg] of item.segments.entries()) {
    const src = sources[seg.shot]!;
    const len = seg.to - seg.from;
    const textFile = `piece${pieceNo}-seg${k}.txt`;
    if (src.file === null || options.burnIn) {
      const text = src.file === null ? `${src.number}. ${src.title || 'Untitled'}\n(no take yet)` : `${src.number}  ${src.title}`;
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
    graph.push(`${v}[v${k}]`, `${a}[a${k}]`);
  }
  // Join left to right; `length` is the running length of the joined part in frames.
  let cv = 'v0';
  let ca = 'a0';
  let length = item.segments[0]!.to - item.segments[0]!.from;
  for (let k = 1; k < item.segments.length; k++) {
    const seg = item.segments[k]!;
    const join = item.joins[k - 1]!;
    const nv = `jv${k}`;
    const na = `ja${k}`;
    if (join.kind === 'dissolve') {
      graph.push(`[${cv}][v${k}]xfade=transition=fade:duration=${sec(join.frames)}:offset=${sec(length - join.frames)}[${nv}]`);
      graph.push(`[${ca}][a${k}]acrossfade=d=${sec(join.frames)}:c1=tri:c2=tri[${na}]`);
      length += seg.to - seg.from - join.frames;
    } else {
      graph.push(`[${cv}][${ca}][v${k}][a${k}]concat=n=2:v=1:a=1[${nv}][${na}]`);
      length += seg.to - seg.from;
    }
    cv = nv;
    ca = na;
  }
  // xfade can hold on to one extra frame at the end of its second input: cut to the plan.
  graph.push(`[${cv}]setpts=N/((${ffmpegRate(format.fps)})*TB),trim=end_frame=${item.frames}[vcut]`, `[${ca}]atrim=end=${sec(item.frames)}[acut]`);
  cv = 'vcut';
  ca = 'acut';
  if (options.burnIn) {
    const size = Math.max(10, Math.round(format.height / 24));
    const start = framesToTimecode(item.outStart, format.fps).replace(/:/g, '\\:');
    graph.push(
      `[${cv}]drawtext=fontfile=${FONT_NAME}:timecode='${start}':rate=${ffmpegRate(format.fps)}:fontcolor=white:fontsize=${size}:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 3)}:x=w-text_w-${size}:y=h-text_h-${size}[vout]`,
    );
    cv = 'vout';
  }
  return {
    inputs,
    outputOptions: ['-filter_complex', graph.join(';'), '-map', `[${cv}]`, '-map', `[${ca}]`, ...houseEncodeArgs(format), '-f', 'mp4'],
    output,
    durationSeconds: item.frames / fps,
    cwd: workDir,
  };
}
