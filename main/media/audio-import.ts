/**
 * Sound arriving in a project: a file the user drops or picks, or a shot's temp voice. The
 * bytes go to a temp folder outside the project, are normalised into media/audio/<id>.m4a
 * (main/media/ingest-audio.ts), and only then is the clip row written; a refused file, or a
 * row that cannot land, leaves nothing in the project.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UploadedFile } from '../../shared/contract/references';
import type { AudioClip, AudioPlacement, AudioTrack } from '../../shared/domain';
import type { ProjectStore } from '../store/project-store';
import type { FfmpegTools } from './ffmpeg-locator';
import { AUDIO_DIR, normaliseAudio } from './ingest-audio';
import { decodeUpload } from './reference-service';
import { speakToWav, spokenLines } from './temp-voice';

interface NewClip {
  track: AudioTrack;
  name: string;
  placement: AudioPlacement;
  temp: boolean;
}

/** Normalises `source` into the project and writes the clip row; undoes the file if the row fails. */
async function landClip(store: ProjectStore, tools: FfmpegTools, source: string, label: string, fields: NewClip): Promise<AudioClip> {
  const id = crypto.randomUUID();
  const relative = `${AUDIO_DIR}/${id}.m4a`;
  const target = store.resolve(relative);
  const { durationSeconds } = await normaliseAudio(tools, source, target, store.project.get().format, { label });
  try {
    return store.audio.insert({
      id,
      ...fields,
      file: relative,
      inSeconds: 0,
      outSeconds: durationSeconds,
      gainDb: 0,
      fadeInSeconds: 0,
      fadeOutSeconds: 0,
      durationSeconds,
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shotline-audio-'));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** An uploaded sound file as a clip on `track` (at the sequence start unless placed). */
export async function importAudioFile(
  store: ProjectStore,
  tools: FfmpegTools,
  input: { file: UploadedFile; track: AudioTrack; placement?: AudioPlacement },
): Promise<AudioClip> {
  if (input.placement?.kind === 'shot') store.shots.get(input.placement.shotId);
  return withTempDir(async (dir) => {
    const ext = path.extname(input.file.name).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.bin';
    const source = path.join(dir, `upload${ext}`);
    await fs.writeFile(source, decodeUpload(input.file));
    const name = path.basename(input.file.name, path.extname(input.file.name)) || input.file.name;
    return landClip(store, tools, source, input.file.name, {
      track: input.track,
      name,
      placement: input.placement ?? { kind: 'sequence', startSeconds: 0 },
      temp: false,
    });
  });
}

/** The shot's dialogue, spoken offline, as a TEMP voice-over clip attached to the shot's start. */
export async function makeTempVoice(store: ProjectStore, tools: FfmpegTools, shotId: string, options: { espeak?: string } = {}): Promise<AudioClip> {
  const shots = store.shots.list();
  const index = shots.findIndex((s) => s.id === shotId);
  const shot = store.shots.get(shotId);
  const lines = spokenLines(shot.dialogue);
  return withTempDir(async (dir) => {
    const wav = path.join(dir, 'temp-voice.wav');
    await speakToWav(lines, wav, { binary: options.espeak });
    return landClip(store, tools, wav, 'the temp voice', {
      track: 'voice',
      name: `TEMP VO: ${index + 1}${shot.title ? ` ${shot.title}` : ''}`.slice(0, 200),
      placement: { kind: 'shot', shotId, offsetSeconds: 0 },
      temp: true,
    });
  });
}
