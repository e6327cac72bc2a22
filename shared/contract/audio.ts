/**
 * Contract calls for the sound track: the clips on the voice-over, music and temp lanes.
 * Importing a file and making a temp voice write media, so they are calls of their own (the
 * page records their undo step as `audio.delete` / `audio.restore`); every other change to a
 * clip is an edit command (shared/contract/edits.ts: audio.add, audio.update, audio.delete,
 * audio.restore).
 */
import { z } from 'zod';
import { call } from './define';
import { Id, MAX_NAME } from './limits';
import { UploadedFile } from './references';
import type { AudioClip } from '../domain';

/** Longest audio file (and so clip) Shotline takes: three hours. */
export const MAX_AUDIO_SECONDS = 3 * 60 * 60;
/** Levels a clip or an export source can be set to, in dB. */
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 12;

const AudioSeconds = z.number().min(0).max(MAX_AUDIO_SECONDS);
export const AudioTrackName = z.enum(['voice', 'music', 'temp']);

/** Where a clip sits: at a sequence time, or attached to a shot. */
export const AudioPlacementRecord = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sequence'), startSeconds: AudioSeconds }),
  z.strictObject({ kind: z.literal('shot'), shotId: Id, offsetSeconds: z.number().min(-MAX_AUDIO_SECONDS).max(MAX_AUDIO_SECONDS) }),
]);

/** A normalised audio file inside the project. */
const AudioFilePath = z
  .string()
  .max(300)
  .regex(/^media\/audio\/[A-Za-z0-9._-]+$/, 'must be an audio file inside the project, like media/audio/ab12.m4a');

/** A whole clip as main returns it (undo sends back what it was given). */
export const AudioClipRecord = z.strictObject({
  id: Id,
  track: AudioTrackName,
  file: AudioFilePath,
  name: z.string().max(MAX_NAME),
  placement: AudioPlacementRecord,
  inSeconds: AudioSeconds,
  outSeconds: AudioSeconds,
  gainDb: z.number().min(MIN_GAIN_DB).max(MAX_GAIN_DB),
  fadeInSeconds: AudioSeconds,
  fadeOutSeconds: AudioSeconds,
  temp: z.boolean(),
  durationSeconds: z.number().positive().max(MAX_AUDIO_SECONDS),
  createdAt: z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO 8601 time'),
});

/** Fields of a clip an edit may change. */
export const AudioPatch = AudioClipRecord.pick({
  track: true,
  name: true,
  placement: true,
  inSeconds: true,
  outSeconds: true,
  gainDb: true,
  fadeInSeconds: true,
  fadeOutSeconds: true,
}).partial();
export type AudioPatch = z.infer<typeof AudioPatch>;

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const audioRecordIsWhole: SameKeys<z.infer<typeof AudioClipRecord>, AudioClip> = true;
void audioRecordIsWhole;

export const audioCalls = {
  'audio.list': call<AudioClip[]>()(z.strictObject({}), 'The clips on the audio lanes, oldest first.'),
  'audio.import': call<AudioClip>()(
    z.strictObject({
      file: UploadedFile,
      track: AudioTrackName,
      /** Where it goes (default: the start of the sequence). */
      placement: AudioPlacementRecord.optional(),
    }),
    'Imports an audio file (WAV, MP3, AAC/M4A, FLAC) as a clip, normalised to AAC 48 kHz stereo; a bad file is refused and leaves nothing.',
  ),
  'audio.tempVoice': call<AudioClip>()(
    z.strictObject({ shotId: Id }),
    "Speaks the shot's dialogue offline (espeak-ng) into a TEMP voice-over clip attached to the shot.",
  ),
} as const;
