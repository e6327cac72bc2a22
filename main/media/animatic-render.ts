/**
 * Renders an animatic shot with ffmpeg: a still (the shot's first frame, or a title card drawn
 * in the shipped DejaVu font) with the shot's camera move, at the requested size, fps and
 * length, plus a silent AAC 48 kHz stereo track so every take has the same streams.
 *
 * Smoothness: zoompan positions its window in whole pixels, which makes slow moves judder.
 * The still is upscaled first (SUPERSAMPLE x), so one output pixel spans several source
 * pixels and each step is a fraction of an output pixel. Moves ease in and out.
 *
 * Text never goes through filtergraph escaping: it is written to a file and drawn with
 * `textfile=`, and ffmpeg runs in the job folder so font and text are bare relative names.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { animaticMoveFor, type AnimaticMove } from '../../shared/film-vocabulary';
import { ffmpegRate, type FrameRate } from '../../shared/frame-rate';
import { framesToSeconds, secondsToFrames } from '../../shared/timecode';
import { produceAtomically } from './atomic-file';
import { runFfmpeg } from './ffmpeg';
import type { FfmpegTools } from './ffmpeg-locator';
import { houseEncodeArgs, silentAudioSource } from './house-format';

/** Upscale factor before zoompan (see above); larger is smoother and slower. */
const SUPERSAMPLE = 3;
/** How far push-ins and pull-outs zoom, and the zoom kept during pans and tilts. */
const MOVE_ZOOM = 1.25;
const PAN_ZOOM = 1.2;

/** Loosely maps a camera move (pick-list id, label or free text) to what the animatic can do. */
export function animaticMove(cameraMove: string): AnimaticMove {
  const known = animaticMoveFor(cameraMove);
  if (known !== 'static') return known;
  const m = cameraMove.toLowerCase();
  if (/pull[\s-]*(out|back)|dolly[\s-]*out|zoom[\s-]*out|push[\s-]*out|widen/.test(m)) return 'pull_out';
  if (/push|dolly[\s-]*in|zoom[\s-]*in|move[s]?\s+in|closer|track(ing)?|steadicam|fpv/.test(m)) return 'push_in';
  if (/(pan|truck|whip|arc|orbit)\w*[\s-]*left/.test(m)) return 'pan_left';
  if (/(pan|truck|whip|arc|orbit)\w*[\s-]*right|whip|orbit|arc/.test(m)) return 'pan_right';
  if (/(tilt|pedestal|crane|boom|jib)\w*[\s-]*down|lower|descend/.test(m)) return 'tilt_down';
  if (/(tilt|pedestal|crane|boom|jib)\w*[\s-]*up|rise|rising|crane|jib/.test(m)) return 'tilt_up';
  return 'static';
}

/** zoompan expressions for a move; `t` eases from 0 to 1 over the shot. */
export function zoompanExpressions(move: AnimaticMove, frames: number): { z: string; x: string; y: string } {
  const last = Math.max(1, frames - 1);
  // Smoothstep of on/last: starts and ends gently, like a real dolly.
  const t = `(3*pow(on/${last},2)-2*pow(on/${last},3))`;
  const centreX = 'iw/2-(iw/zoom/2)';
  const centreY = 'ih/2-(ih/zoom/2)';
  const spanX = '(iw-iw/zoom)';
  const spanY = '(ih-ih/zoom)';
  switch (move) {
    case 'push_in':
      return { z: `1+${MOVE_ZOOM - 1}*${t}`, x: centreX, y: centreY };
    case 'pull_out':
      return { z: `${MOVE_ZOOM}-${MOVE_ZOOM - 1}*${t}`, x: centreX, y: centreY };
    // Panning left turns the view left: the window slides from the right edge to the left.
    case 'pan_left':
      return { z: String(PAN_ZOOM), x: `${spanX}*(1-${t})`, y: centreY };
    case 'pan_right':
      return { z: String(PAN_ZOOM), x: `${spanX}*${t}`, y: centreY };
    case 'tilt_up':
      return { z: String(PAN_ZOOM), x: centreX, y: `${spanY}*(1-${t})` };
    case 'tilt_down':
      return { z: String(PAN_ZOOM), x: centreX, y: `${spanY}*${t}` };
    default:
      return { z: '1', x: '0', y: '0' };
  }
}

/** Greedy word wrap to `width` characters; long words are split. At most `maxLines` lines. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r/g, '').split('\n')) {
    let line = '';
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > width) {
        if (line) lines.push(line);
        lines.push(word.slice(0, width));
        word = word.slice(width);
        line = '';
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(0, width - 1))}…`;
    return kept;
  }
  return lines;
}

/** Where the shipped fonts are. */
export interface AnimaticFonts {
  regular: string;
  bold: string;
}

export interface AnimaticRenderRequest {
  width: number;
  height: number;
  fps: FrameRate;
  seconds: number;
  cameraMove: string;
  /** The still to animate (already fitted to the frame's aspect by the queue), or a card. */
  image?: string;
  card?: { title: string; text: string };
}

/** Draws the title card as a PNG at `width` x `height` (already supersampled). */
async function renderCard(
  tools: FfmpegTools,
  jobDir: string,
  card: { title: string; text: string },
  width: number,
  height: number,
  signal?: AbortSignal,
): Promise<string> {
  const titleSize = Math.round(height / 11);
  const textSize = Math.round(height / 22);
  // expansion=none: a "%" in the text is a percent sign, not a drawtext expansion.
  // DejaVu Sans averages ~0.55 em per character.
  const titleChars = Math.max(8, Math.floor((width * 0.86) / (titleSize * 0.6)));
  const textChars = Math.max(12, Math.floor((width * 0.86) / (textSize * 0.55)));
  await fs.writeFile(path.join(jobDir, 'title.txt'), wrapText(card.title.trim() || 'Untitled shot', titleChars, 2).join('\n'));
  await fs.writeFile(path.join(jobDir, 'text.txt'), wrapText(card.text.trim(), textChars, 8).join('\n') || ' ');
  const margin = Math.round(width * 0.07);
  const textTop = Math.round(height * 0.16) + titleSize * 3;
  const draw = [
    `drawtext=fontfile=bold.ttf:textfile=title.txt:expansion=none:fontsize=${titleSize}:fontcolor=white:x=${margin}:y=${Math.round(height * 0.16)}:line_spacing=${Math.round(titleSize * 0.25)}`,
    `drawtext=fontfile=regular.ttf:textfile=text.txt:expansion=none:fontsize=${textSize}:fontcolor=0xC8CDD2:x=${margin}:y=${textTop}:line_spacing=${Math.round(textSize * 0.45)}`,
  ].join(',');
  const out = path.join(jobDir, 'card.png');
  await runFfmpeg(tools, {
    inputs: [{ source: `color=c=0x1B1F24:s=${width}x${height}:d=1`, options: ['-f', 'lavfi'] }],
    outputOptions: ['-vf', draw, '-frames:v', '1', '-update', '1', '-c:v', 'png', '-f', 'image2'],
    output: 'card.png',
    cwd: jobDir,
    signal,
  });
  return out;
}

/**
 * Renders the shot to `output` (atomically). `jobDir` is a private scratch folder for this job;
 * the fonts are copied into it so ffmpeg can name them without escaping.
 */
export async function renderAnimatic(
  tools: FfmpegTools,
  request: AnimaticRenderRequest,
  output: string,
  options: { jobDir: string; fonts: AnimaticFonts; signal?: AbortSignal; onProgress?: (p: number) => void },
): Promise<void> {
  const { width, height, fps, seconds } = request;
  const { jobDir, signal } = options;
  await fs.mkdir(jobDir, { recursive: true });
  const frames = Math.max(1, secondsToFrames(seconds, fps));
  const bigW = width * SUPERSAMPLE;
  const bigH = height * SUPERSAMPLE;

  let still: string;
  if (request.image) {
    still = request.image;
  } else {
    await fs.copyFile(options.fonts.regular, path.join(jobDir, 'regular.ttf'));
    await fs.copyFile(options.fonts.bold, path.join(jobDir, 'bold.ttf'));
    still = await renderCard(tools, jobDir, request.card ?? { title: 'Untitled shot', text: '' }, bigW, bigH, signal);
    options.onProgress?.(0.1);
  }

  const { z, x, y } = zoompanExpressions(animaticMove(request.cameraMove), frames);
  const video = [
    // Cover the supersampled frame (the queue already fitted images to the aspect; this is a guard).
    `scale=${bigW}:${bigH}:force_original_aspect_ratio=increase`,
    `crop=${bigW}:${bigH}`,
    `zoompan=z='${z}':x='${x}':y='${y}':d=${frames}:s=${width}x${height}:fps=${ffmpegRate(fps)}`,
    'setsar=1',
    'format=yuv420p',
  ].join(',');
  const format = { width, height, fps, audio: { sampleRate: 48000 as const, channels: 2 as const } };
  await produceAtomically(output, (temp) =>
    runFfmpeg(tools, {
      inputs: [{ source: still }, { source: silentAudioSource(format), options: ['-f', 'lavfi'] }],
      outputOptions: [
        '-filter_complex', `[0:v]${video}[v];[1:a]atrim=end=${framesToSeconds(frames, fps)},asetpts=PTS-STARTPTS[a]`,
        '-map', '[v]',
        '-map', '[a]',
        ...houseEncodeArgs(format),
        '-f', 'mp4',
      ],
      output: temp,
      durationSeconds: framesToSeconds(frames, fps),
      signal,
      onProgress: (p) => options.onProgress?.(request.image ? p.progress : 0.1 + 0.9 * p.progress),
    }),
  );
}
