import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../main/errors';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { fitImage } from '../../main/media/fit-image';
import { extractLastFrame } from '../../main/media/last-frame';
import { createMediaOps } from '../../main/media/media-ops';
import { cleanupTempDirs, makeClip, makeSplitImage, makeTempDir, meanColor } from '../helpers/make-media';

afterAll(cleanupTempDirs);
const tools = locateFfmpeg(processLocatorInputs(null));

async function pixel(file: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 3;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

/** 47 red frames then exactly one green frame: only an accurate last frame is green. */
function clipWithGreenLastFrame(file: string): string {
  const src = (c: string, d: string) => ['-f', 'lavfi', '-i', `color=c=${c}:s=160x120:r=24:d=${d}`];
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', ...src('red', '1.958333'), ...src('lime', '0.041667'),
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '300', '-pix_fmt', 'yuv420p', file,
  ]);
  return file;
}

describe('extractLastFrame', () => {
  it('returns the final decoded frame, even one frame long and far from a keyframe', async () => {
    const dir = makeTempDir('last');
    const clip = clipWithGreenLastFrame(path.join(dir, 'plan final.mp4'));
    const frames = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'json', clip], { encoding: 'utf8' })) as { streams: { nb_read_frames: string }[] };
    expect(Number(frames.streams[0]?.nb_read_frames)).toBe(48);
    const out = path.join(dir, 'dernière image.png');
    await extractLastFrame(tools, clip, out);
    const [r, g, b] = await meanColor(out);
    expect(g).toBeGreaterThan(200);
    expect(r + b).toBeLessThan(60);
    expect((await sharp(out).metadata())).toMatchObject({ format: 'png', width: 160, height: 120 });
    expect(fs.readdirSync(dir).sort()).toEqual(['dernière image.png', 'plan final.mp4']);
  });

  it('matches the last colour of a two-colour clip with audio, and fits to an exact size', async () => {
    const dir = makeTempDir('last');
    const clip = await makeClip(path.join(dir, 'rb.mp4'), { colors: ['red', 'blue'], seconds: 2, fps: 25 });
    const out = path.join(dir, 'fitted.png');
    await extractLastFrame(tools, clip, out, { fitTo: { width: 64, height: 64, fit: 'contain' } });
    expect(await sharp(out).metadata()).toMatchObject({ width: 64, height: 64 });
    const [r, , b] = await pixel(out, 32, 32);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(40);
    // 160x120 in 64x64 with contain: 64x48 picture, 8 px black bars top and bottom.
    expect((await pixel(out, 32, 2)).every((c) => c < 20)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['fitted.png', 'rb.mp4']);
    // The queue's adapter writes the same frame.
    await createMediaOps(() => tools).lastFrame(clip, path.join(dir, 'ops.png'));
    expect((await meanColor(path.join(dir, 'ops.png')))[2]).toBeGreaterThan(200);
  });

  it('refuses a file that is not a video, leaving nothing', async () => {
    const dir = makeTempDir('last');
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'nope');
    const error = await extractLastFrame(tools, text, path.join(dir, 'x.png')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/Could not read the last frame of .*notes\.mp4/);
    expect(fs.readdirSync(dir)).toEqual(['notes.mp4']);
  });
});

describe('fitImage', () => {
  it('cover crops the centre; contain pads black; both exact size PNG', async () => {
    const dir = makeTempDir('fit');
    const src = await makeSplitImage(path.join(dir, 'split.png'), 200, 100, '#ff0000', '#0000ff');
    const cover = path.join(dir, 'cover.png');
    expect(await fitImage(src, cover, 100, 100, 'cover')).toEqual({ width: 100, height: 100 });
    expect((await pixel(cover, 10, 50))[0]).toBeGreaterThan(200);
    expect((await pixel(cover, 90, 50))[2]).toBeGreaterThan(200);
    expect((await pixel(cover, 10, 5))[0]).toBeGreaterThan(200); // no bars: the picture fills the frame

    const contain = path.join(dir, 'contain.jpg.png');
    await fitImage(src, contain, 100, 100, 'contain');
    expect(await sharp(contain).metadata()).toMatchObject({ format: 'png', width: 100, height: 100 });
    expect((await pixel(contain, 50, 10)).every((c) => c < 10)).toBe(true); // black bar above
    expect((await pixel(contain, 10, 50))[0]).toBeGreaterThan(200);
  });

  it('refuses unreadable input and impossible sizes without leaving a file', async () => {
    const dir = makeTempDir('fit');
    const text = path.join(dir, 'fake.png');
    fs.writeFileSync(text, 'text');
    await expect(fitImage(text, path.join(dir, 'out.png'), 64, 64, 'cover')).rejects.toThrow(/Could not fit the image .*fake\.png/);
    await expect(fitImage(text, path.join(dir, 'out.png'), 0, 64, 'cover')).rejects.toThrow(/whole pixels/);
    expect(fs.readdirSync(dir)).toEqual(['fake.png']);
  });
});
