/**
 * How each Runway model is called: which endpoints it has, the `ratio` strings each endpoint
 * takes, and which optional fields exist. This is the wire shape, exactly as @runwayml/sdk's
 * `*CreateParams` types list it (the `satisfies` clauses make the compiler hold the lists to
 * those types, so an SDK upgrade that drops a ratio fails the build). What Shotline offers
 * (sizes, durations, prices) is data in shared/registry/providers/runway.json.
 */
import type { ImageToVideoCreateParams as I2V, TextToVideoCreateParams as T2V, VideoToVideoCreateParams as V2V } from '@runwayml/sdk/resources';

/** How one model edits a take (`/v1/video_to_video`). */
export interface VideoToVideoWire {
  /** The body field holding the take's video. */
  videoField: 'videoUri' | 'promptVideo';
  /** Takes reference images (`references: [{ uri }]`). */
  references: boolean;
  /** Output ratios, when the model takes one (null: the output follows the input video). */
  ratios: readonly string[] | null;
  /** Takes `duration` (null: the output is as long as the input). */
  duration: boolean;
  seed: boolean;
  audio: boolean;
}

/** One model's calls. `'any'`: not checked here (a model Shotline has no table for). */
export interface RunwayWire {
  /** `ratio` values of `/v1/text_to_video`; null when the model has no text-to-video. */
  textToVideo: readonly string[] | 'any' | null;
  /** `ratio` values of `/v1/image_to_video`; null when it has no image-to-video. */
  imageToVideo: readonly string[] | 'any' | null;
  /** `promptImage` may hold a `position: 'last'` image. */
  lastFrame: boolean;
  /** Reference images sent as text-to-video `references: [{ uri }]` (0: none). */
  maxReferences: number;
  /** Sends `audio: true` (the model makes sound on request; its price assumes sound). */
  audio: boolean;
  negativePrompt: boolean;
  seed: boolean;
  /** Longest `promptText` in UTF-16 code units, where the types state one. */
  promptMax: number | null;
  videoToVideo: VideoToVideoWire | null;
}

const GEN45_T2V = ['1280:720', '720:1280'] as const satisfies readonly T2V.Gen4_5['ratio'][];
const GEN45_I2V = ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672'] as const satisfies readonly I2V.Gen4_5['ratio'][];
const GEN4_TURBO_I2V = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'] as const satisfies readonly I2V.Gen4Turbo['ratio'][];
const VEO31 = ['1280:720', '720:1280', '1080:1920', '1920:1080'] as const satisfies readonly T2V.Veo3_1['ratio'][] & readonly I2V.Veo3_1['ratio'][];
const VEO31_FAST = VEO31 satisfies readonly T2V.Veo3_1Fast['ratio'][] & readonly I2V.Veo3_1Fast['ratio'][];
const SEEDANCE2 = [
  '992:432', '864:496', '752:560', '640:640', '560:752', '496:864', '1470:630', '1280:720', '1112:834', '960:960', '834:1112', '720:1280',
  '2206:946', '1920:1080', '1664:1248', '1440:1440', '1248:1664', '1080:1920', '3840:1646', '3840:2160', '3840:2880', '3840:3840', '2880:3840', '2160:3840',
] as const satisfies readonly NonNullable<T2V.Seedance2['ratio']>[] & readonly NonNullable<I2V.Seedance2['ratio']>[] & readonly NonNullable<V2V.Seedance2['ratio']>[];
const OMNI = ['1280:720', '720:1280'] as const satisfies readonly NonNullable<T2V.GeminiOmniFlash['ratio']>[] & readonly NonNullable<I2V.GeminiOmniFlash['ratio']>[];

const NO_EDIT = null;

export const RUNWAY_MODELS: Readonly<Record<string, RunwayWire>> = {
  'gen4.5': { textToVideo: GEN45_T2V, imageToVideo: GEN45_I2V, lastFrame: false, maxReferences: 0, audio: false, negativePrompt: false, seed: true, promptMax: 1000, videoToVideo: NO_EDIT },
  // Image-to-video only: the SDK has no text-to-video variant for it.
  gen4_turbo: { textToVideo: null, imageToVideo: GEN4_TURBO_I2V, lastFrame: false, maxReferences: 0, audio: false, negativePrompt: false, seed: true, promptMax: 1000, videoToVideo: NO_EDIT },
  'veo3.1': { textToVideo: VEO31, imageToVideo: VEO31, lastFrame: true, maxReferences: 0, audio: true, negativePrompt: true, seed: true, promptMax: 1000, videoToVideo: NO_EDIT },
  'veo3.1_fast': { textToVideo: VEO31_FAST, imageToVideo: VEO31_FAST, lastFrame: true, maxReferences: 0, audio: true, negativePrompt: true, seed: true, promptMax: 1000, videoToVideo: NO_EDIT },
  seedance2: {
    textToVideo: SEEDANCE2, imageToVideo: SEEDANCE2, lastFrame: true, maxReferences: 9, audio: true, negativePrompt: false, seed: true, promptMax: 3500,
    videoToVideo: { videoField: 'promptVideo', references: true, ratios: SEEDANCE2, duration: true, seed: true, audio: true },
  },
  gemini_omni_flash: {
    textToVideo: OMNI, imageToVideo: OMNI, lastFrame: false, maxReferences: 0, audio: false, negativePrompt: false, seed: false, promptMax: null,
    videoToVideo: { videoField: 'videoUri', references: true, ratios: null, duration: false, seed: false, audio: false },
  },
  // Video-to-video only. Its `ratio` is deprecated in the SDK, so none is sent: the edit keeps the take's frame.
  aleph2: {
    textToVideo: null, imageToVideo: null, lastFrame: false, maxReferences: 0, audio: false, negativePrompt: false, seed: true, promptMax: null,
    videoToVideo: { videoField: 'videoUri', references: false, ratios: null, duration: false, seed: true, audio: false },
  },
};

/**
 * A model Shotline has no table for (one a user added in the registry override): called with the
 * fields every Runway video model shares (model, promptText, ratio, duration, promptImage), and
 * the service's own answer says what it refuses.
 */
export const GENERIC_WIRE: RunwayWire = {
  textToVideo: 'any', imageToVideo: 'any', lastFrame: true, maxReferences: 0, audio: false, negativePrompt: false, seed: false, promptMax: null, videoToVideo: null,
};

/** The wire shape of `model`. */
export function wireOf(model: string): RunwayWire {
  return Object.prototype.hasOwnProperty.call(RUNWAY_MODELS, model) ? RUNWAY_MODELS[model]! : GENERIC_WIRE;
}

/** Shotline's `1280x720` as Runway's `1280:720` (Runway's ratios are pixel sizes). */
export function ratioOf(size: string): string {
  return size.replace('x', ':');
}

/** `1280:720` back to `1280x720`, for messages in Shotline's terms. */
export function sizeOf(ratio: string): string {
  return ratio.replace(':', 'x');
}
