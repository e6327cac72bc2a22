/**
 * Helpers for the provider tests: poll a provider to the end the way the queue would, and
 * probe a downloaded clip with the real ffprobe.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PollResult, VideoProvider } from '../../main/providers/provider';

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
