/**
 * Helpers for the provider tests: poll a provider to the end the way the queue would, probe a
 * downloaded clip with the real ffprobe, catch a ProviderError, and the download contract every
 * adapter keeps (a cut-off download leaves nothing behind and the next attempt succeeds; gone
 * content is `expired`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { ProviderError, type PollResult, type VideoProvider } from '../../main/providers/provider';

const run = promisify(execFile);

/** Polls until the job is completed or failed, honouring `pollAfterMs`; returns every result seen. */
export async function pollToEnd(provider: VideoProvider, remoteId: string, deadlineMs = 10_000): Promise<PollResult[]> {
  const seen: PollResult[] = [];
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const result = await provider.poll(remoteId);
    seen.push(result);
    if (result.state === 'completed' || result.state === 'failed') return seen;
    if (Date.now() > deadline) throw new Error(`job ${remoteId} still ${result.state} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(result.pollAfterMs ?? 50, 200)));
  }
}

/** What ffprobe says about a clip. */
export interface ClipProbe {
  duration: number;
  width: number;
  height: number;
  video: string;
  audio: string | undefined;
}

export async function probeClip(file: string): Promise<ClipProbe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  const info = JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
    format: { duration: string };
  };
  const video = info.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video stream`);
  return {
    duration: Number(info.format.duration),
    width: video.width ?? 0,
    height: video.height ?? 0,
    video: video.codec_name,
    audio: info.streams.find((s) => s.codec_type === 'audio')?.codec_name,
  };
}

/** The ProviderError a call fails with (the test fails if it succeeds or throws something else). */
export async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** The files in a folder, none when it does not exist. */
export function filesIn(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

/**
 * A download cut off half way (after `cut()` arms the server's fault) is a retryable network
 * error that leaves no file and no `.part`; the next attempt writes the file.
 */
export async function expectCutDownloadRecovers(provider: VideoProvider, remoteId: string, folder: string, cut: () => void, name = 'take.mp4'): Promise<void> {
  cut();
  const error = await expectProviderError(provider.download(remoteId, path.join(folder, name)));
  expect(error.kind).toBe('network');
  expect(error.retryable).toBe(true);
  expect(filesIn(folder)).toEqual([]);
  await provider.download(remoteId, path.join(folder, name));
  expect(filesIn(folder)).toEqual([name]);
}

/** Content the service no longer has (after `expire()`) is `expired`, not retried, and leaves no file. */
export async function expectExpiredDownload(provider: VideoProvider, remoteId: string, folder: string, expire: () => void, name = 'take.mp4'): Promise<ProviderError> {
  expire();
  const error = await expectProviderError(provider.download(remoteId, path.join(folder, name)));
  expect(error.kind).toBe('expired');
  expect(error.retryable).toBe(false);
  expect(filesIn(folder)).toEqual([]);
  return error;
}
