import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { animaticMove, wrapText } from '../../main/media/animatic-render';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { findShippedFonts } from '../../main/media/shipped-fonts';
import { AnimaticProvider } from '../../main/providers/animatic-provider';
import { ProviderError, type ProviderRequest } from '../../main/providers/provider';
import { cleanupTempDirs, makeImage, makeTempDir, meanColor } from '../helpers/make-media';

afterAll(cleanupTempDirs);
const tools = locateFfmpeg(processLocatorInputs(null));

interface Probe {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; r_frame_rate?: string; sample_rate?: string; channels?: number; nb_frames?: string }[];
  format: { duration: string };
}
const probe = (file: string) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as Probe;

/** Grabs a frame at `seconds` as a PNG. */
function frameAt(file: string, seconds: number, out: string): string {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', String(seconds), '-i', file, '-frames:v', '1', out]);
  return out;
}

function base(overrides: Partial<ProviderRequest>): ProviderRequest {
  return { provider: 'animatic', model: 'animatic', prompt: 'unused', seconds: 2, size: '320x180', fps: { num: 24, den: 1 }, ...overrides };
}

async function render(provider: AnimaticProvider, request: ProviderRequest, destination: string) {
  const { remoteId } = await provider.submit(request, { idempotencyKey: 'shotline-test' });
  const first = await provider.poll(remoteId);
  expect(['queued', 'running']).toContain(first.state);
  const settled = await provider.whenSettled(remoteId);
  expect(settled.error?.message).toBeUndefined();
  expect(settled).toMatchObject({ state: 'completed', progress: 1 });
  await provider.download(remoteId, destination);
  return remoteId;
}

function expectClip(file: string, width: number, height: number, fps: number, seconds: number) {
  const info = probe(file);
  const video = info.streams.find((s) => s.codec_type === 'video');
  const audio = info.streams.find((s) => s.codec_type === 'audio');
  expect(video).toMatchObject({ codec_name: 'h264', width, height, r_frame_rate: `${fps}/1` });
  expect(Number(video?.nb_frames)).toBe(Math.round(seconds * fps));
  expect(Math.abs(Number(info.format.duration) - seconds)).toBeLessThanOrEqual(1 / fps + 1e-6);
  expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
}

describe('AnimaticProvider', () => {
  it('renders a title card (wrapped text, shipped font) at the right size, fps and length, with silent stereo audio', async () => {
    const dir = makeTempDir('animatic');
    const provider = new AnimaticProvider({ tools, workDir: path.join(dir, 'travail en cours') });
    const dest = path.join(dir, 'prises', 'carte titre.mp4');
    const id = await render(
      provider,
      base({ card: { title: "Plan 1 — L'arrivée: \"quotes\", 100% & colons: a\\b", text: 'Mara walks to the lighthouse door, four steps, a pause; she pushes it open. '.repeat(4), cameraMove: 'static' } }),
      dest,
    );
    expectClip(dest, 320, 180, 24, 2);
    // Text was drawn: the card is not a flat background (the white title raises the maximum).
    const frame = frameAt(dest, 1, path.join(dir, 'card.png'));
    const stats = await sharp(frame).stats();
    // Only the white title reaches near-white: the body text is grey (0xC8CDD2), the background dark.
    expect(stats.channels[0]!.max).toBeGreaterThan(235);
    expect(stats.channels[0]!.mean).toBeLessThan(80);
    // The job is gone after download: no scratch left, and a poll says not_found.
    expect(fs.readdirSync(path.join(dir, 'travail en cours'))).toEqual([]);
    await expect(provider.poll(id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['carte titre.mp4']);
  });

  it('animates an image with a push-in: the frame moves, ending zoomed on the centre', async () => {
    const dir = makeTempDir('animatic');
    // Red centre, blue border: zooming in on the centre raises the share of red.
    const img = path.join(dir, 'première image.png');
    const border = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#0000ff' } })
      .composite([{ input: await makeImage(path.join(dir, 'centre.png'), { width: 200, height: 112, color: '#ff0000' }), left: 60, top: 34 }])
      .png()
      .toFile(img);
    expect(border.width).toBe(320);
    const provider = new AnimaticProvider({ tools, workDir: path.join(dir, 'work') });
    const dest = path.join(dir, 'push.mp4');
    const firstFrame = { path: img, file: 'media/inputs/premiere.png', name: 'première image.png', mime: 'image/png' as const, width: 320, height: 180, sha256: 'x' };
    await render(provider, base({ firstFrame, size: '320x180', fps: { num: 25, den: 1 }, card: { title: '', text: '', cameraMove: 'dolly-in' } }), dest);
    expectClip(dest, 320, 180, 25, 2);
    const start = await meanColor(frameAt(dest, 0, path.join(dir, 'a.png')));
    const end = await meanColor(frameAt(dest, 1.96, path.join(dir, 'b.png')));
    expect(end[0] - start[0]).toBeGreaterThan(20); // more red
    expect(start[2] - end[2]).toBeGreaterThan(20); // less blue
  });

  it('maps camera move names loosely, unknown ones to static', () => {
    expect(animaticMove('dolly-in')).toBe('push_in');
    expect(animaticMove('slow push-in toward the door')).toBe('push_in');
    expect(animaticMove('Pull back to reveal')).toBe('pull_out');
    expect(animaticMove('pan-left')).toBe('pan_left');
    expect(animaticMove('truck right')).toBe('pan_right');
    expect(animaticMove('tilt up to the sky')).toBe('tilt_up');
    expect(animaticMove('pedestal down')).toBe('tilt_down');
    expect(animaticMove('rack-focus')).toBe('static');
    expect(animaticMove('something else entirely')).toBe('static');
    expect(animaticMove('')).toBe('static');
  });

  it('wraps text on word boundaries and ellipsises overflow', () => {
    expect(wrapText('one two three four five', 9, 5)).toEqual(['one two', 'three', 'four five']);
    expect(wrapText('a b c d e f g h', 3, 2)).toEqual(['a b', 'c …']);
    expect(wrapText('abcdefghij', 4, 5)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('refuses bad requests up front, answers not_found for unknown ids, and cancels', async () => {
    const dir = makeTempDir('animatic');
    const provider = new AnimaticProvider({ tools, workDir: path.join(dir, 'work') });
    await expect(provider.submit(base({ size: '321x180' }), { idempotencyKey: 'shotline-test' })).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(provider.submit(base({ seconds: 0 }), { idempotencyKey: 'shotline-test' })).rejects.toMatchObject({ kind: 'bad_request' });
    const missing = { path: path.join(dir, 'gone.png'), file: 'media/inputs/gone.png', name: 'gone.png', mime: 'image/png' as const, width: 1, height: 1, sha256: 'x' };
    await expect(provider.submit(base({ firstFrame: missing }), { idempotencyKey: 'shotline-test' })).rejects.toThrow(/first-frame image .*gone\.png is missing/);
    await expect(provider.poll('animatic-from-before-restart')).rejects.toBeInstanceOf(ProviderError);
    await expect(provider.poll('animatic-from-before-restart')).rejects.toMatchObject({ kind: 'not_found' });

    const { remoteId } = await provider.submit(base({ seconds: 30, size: '1280x720', card: { title: 'Long', text: '', cameraMove: 'pan-left' } }), { idempotencyKey: 'shotline-test' });
    await expect(provider.download(remoteId, path.join(dir, 'early.mp4'))).rejects.toMatchObject({ kind: 'bad_request' });
    await provider.cancel(remoteId);
    expect(fs.existsSync(path.join(dir, 'early.mp4'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'work'))).toEqual([]);
  });

  it('finds the shipped DejaVu fonts and their licence', () => {
    const fonts = findShippedFonts(null);
    expect(path.basename(fonts.regular)).toBe('DejaVuSans.ttf');
    expect(fs.existsSync(path.join(path.dirname(fonts.regular), 'LICENSE-DejaVu.txt'))).toBe(true);
  });
});
