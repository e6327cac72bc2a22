/**
 * The house format, as ffmpeg arguments: the one place that says how every take is encoded.
 * Ingest uses it to normalise arriving takes; export uses the same arguments when it
 * re-encodes a window (a dissolve), so re-encoded pieces and stream-copied takes match and the
 * concat demuxer can join them without re-encoding the rest.
 */
import type { HouseFormat } from '../../shared/domain';
import { ffmpegRate, fpsOf, type FrameRate } from '../../shared/frame-rate';

/**
 * Video timescale of a take (and of an export) at `rate`: one in which a frame is a whole number
 * of ticks, so frame times are exact and nothing drifts. 90 kHz where it divides (24, 25, 30, 50,
 * 60 and most whole rates); the 1001 rates count in their numerator (24000: a 23.976 frame is
 * 1001 ticks); whole rates 90 kHz cannot hold (7, 11, 13, 14...) in thousandths of a frame.
 */
export function houseVideoTimescale(rate: FrameRate): number {
  if ((90_000 * rate.den) % rate.num === 0) return 90_000;
  return rate.den === 1 ? rate.num * 1000 : rate.num;
}

/**
 * Frames from one keyframe to the next: half a second, round(fps / 2) (12 at 24 and 23.976, 15
 * at 29.97). Half a second rather than one, because a dissolve or a trim between keyframes
 * re-encodes the GOPs it touches: a 0.5 s dissolve at 24 fps re-encodes exactly its 12 frames,
 * where one-second GOPs made it 36; and a trim re-encodes at most 11 frames. The cost, a second
 * keyframe a second, is a few percent more bytes per take.
 */
export function houseGopFrames(rate: FrameRate): number {
  return Math.max(1, Math.round(fpsOf(rate) / 2));
}

/**
 * Encoder arguments for the house format (video and audio), placed after the filters/maps.
 *
 * - H.264 High, yuv420p: plays everywhere (browsers, QuickTime, phones).
 * - The exact rate (`-r 24000/1001`, never 23.976) and a keyframe every houseGopFrames
 *   (`-g 12 -keyint_min 12` at 23.976: half a second), no scene-cut keyframes
 *   (`-sc_threshold 0`) and closed GOPs (`+cgop`): every GOP decodes on its own, so a trim or
 *   a dissolve window can start on any keyframe and be cut out or spliced in without touching
 *   its neighbours, and the cadence is identical in every take.
 * - A video timescale that holds a frame exactly (houseVideoTimescale) and AAC 48 kHz stereo:
 *   identical codec parameters, time base and audio layout in every take, which is what the
 *   concat demuxer's stream copy needs.
 * - `+faststart`: the index is at the front, so a take plays while it is still being read.
 *
 * `window`: the re-encoded stretches of an export (dissolves, dips, partial GOPs at trims) use
 * x264's superfast preset (a quarter less encoding time than veryfast at 720p). It changes only how hard x264
 * searches (motion search, subpel refinement, lookahead, mb-tree), not a field of the stream's
 * SPS/PPS: profile, level, reference frames, B-frames, CABAC, 8x8 transform and weighted
 * prediction are veryfast's, so the decoder configuration (`avcC`) is byte for byte the takes'
 * and the joiner copies windows and takes into one track. (ultrafast would not: no CABAC, no
 * B-frames.) The windows are a few percent of the frames, so their larger size hardly shows.
 */
export function houseEncodeArgs(format: HouseFormat, speed: 'take' | 'window' = 'take'): string[] {
  const gop = String(houseGopFrames(format.fps));
  return [
    '-c:v', 'libx264',
    '-preset', speed === 'window' ? 'superfast' : 'veryfast',
    '-crf', '20',
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
    '-r', ffmpegRate(format.fps),
    '-g', gop,
    '-keyint_min', gop,
    '-sc_threshold', '0',
    '-flags', '+cgop',
    '-video_track_timescale', String(houseVideoTimescale(format.fps)),
    '-c:a', 'aac',
    '-b:a', '192k',
    '-ar', String(format.audio.sampleRate),
    '-ac', String(format.audio.channels),
    '-movflags', '+faststart',
    '-map_metadata', '-1',
    '-map_chapters', '-1',
  ];
}

/**
 * Video filter chain from any picture to the house frame: constant frame rate, scaled with
 * its aspect kept (never stretched), padded black to the exact size, square pixels, yuv420p.
 */
export function houseVideoFilter(format: HouseFormat): string {
  const { width: w, height: h, fps } = format;
  return [
    `fps=${ffmpegRate(fps)}`,
    `scale=${w}:${h}:force_original_aspect_ratio=decrease:force_divisible_by=2`,
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black`,
    'setsar=1',
    'format=yuv420p',
  ].join(',');
}

/** Audio filter chain to the house layout (48 kHz stereo float, as AAC wants it). */
export function houseAudioFilter(format: HouseFormat): string {
  const layout = format.audio.channels === 2 ? 'stereo' : 'mono';
  return `aresample=${format.audio.sampleRate},aformat=sample_fmts=fltp:channel_layouts=${layout}`;
}

/** A silent house-format audio source for lavfi (takes without sound still get a track). */
export function silentAudioSource(format: HouseFormat): string {
  return `anullsrc=r=${format.audio.sampleRate}:cl=${format.audio.channels === 2 ? 'stereo' : 'mono'}`;
}
