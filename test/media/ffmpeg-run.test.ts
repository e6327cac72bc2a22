import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegError, probeFile, runFfmpeg, type FfmpegProgress } from '../../main/media/ffmpeg';
import { locateFfmpeg, processLocatorInputs } from '../../main/media/ffmpeg-locator';
import { cleanupTempDirs, makeClip, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);
const tools = locateFfmpeg(processLocatorInputs(null));

describe('runFfmpeg / probeFile', () => {
  it('reports progress 0..1 with an ETA against the known duration, in a folder with spaces and accents', async () => {
    const dir = makeTempDir('run');
    const out = path.join(dir, 'plan séquence 1.mp4');
    const reports: FfmpegProgress[] = [];
    const result = await runFfmpeg(tools, {
      inputs: [{ source: 'testsrc2=size=320x240:rate=25:duration=4', options: ['-f', 'lavfi'] }],
      outputOptions: ['-c:v', 'libx264', '-preset', 'ultrafast', '-stats_period', '0.1'],
      output: out,
      durationSeconds: 4,
      onProgress: (p) => reports.push(p),
    });
    expect(result.outSeconds).toBeGreaterThan(3.8);
    expect(reports.at(-1)).toEqual({ progress: 1, outSeconds: result.outSeconds, etaSeconds: 0 });
    const values = reports.map((r) => r.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);

    const probe = await probeFile(tools, out);
    expect(probe.formatName).toContain('mp4');
    expect(probe.duration).toBeCloseTo(4, 1);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ type: 'video', codec: 'h264', width: 320, height: 240, fps: 25 });
  });

  it('cancels through an AbortSignal by killing ffmpeg', async () => {
    const dir = makeTempDir('run');
    const controller = new AbortController();
    const started = Date.now();
    const run = runFfmpeg(tools, {
      inputs: [{ source: 'testsrc2=size=1280x720:rate=30:duration=600', options: ['-f', 'lavfi'] }],
      outputOptions: ['-c:v', 'libx264', '-preset', 'medium'],
      output: path.join(dir, 'long.mp4'),
      durationSeconds: 600,
      onProgress: () => controller.abort(),
      signal: controller.signal,
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).cancelled).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the whole stderr when ffmpeg fails', async () => {
    const dir = makeTempDir('run');
    const error = await runFfmpeg(tools, {
      inputs: [{ source: 'testsrc2=size=64x64:duration=1', options: ['-f', 'lavfi'] }],
      outputOptions: ['-vf', 'nosuchfilter=1'],
      output: path.join(dir, 'x.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).cancelled).toBe(false);
    expect((error as FfmpegError).stderr).toMatch(/No such filter: 'nosuchfilter'/);
    expect((error as FfmpegError).reason).toMatch(/nosuchfilter/);
  });

  it('probes audio streams and refuses what is not media', async () => {
    const dir = makeTempDir('run');
    const clip = await makeClip(path.join(dir, 'с звуком.mkv'), { fps: 30, seconds: 1, sampleRate: 44100 });
    const probe = await probeFile(tools, clip);
    const audio = probe.streams.find((s) => s.type === 'audio');
    expect(audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2 });
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'not a video');
    const error = await probeFile(tools, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).stderr).toMatch(/Invalid data found/);
  });
});
